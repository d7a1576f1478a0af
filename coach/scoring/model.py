"""The fitted model of the offline scorer and the tuning it runs with.

`model.json` is written by `python -m coach.scoring.fit` from the frozen graded answers in
`tests/data/graded/` (see that module); here it is only read and evaluated, in numpy.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Tuning:
    """The scorer's fixed numbers, named for what they mean (set before any fit, not tuned on
    the held-out packs)."""

    # sentence-to-point similarity: unrelated .. clearly on point
    sem_low: float = 0.22
    sem_high: float = 0.55
    # point coverage: logistic over similarity, cue share and specificity
    point_semantic: float = 1.75
    point_cues: float = 2.06
    point_specific: float = 2.46
    point_bias: float = -1.9
    evidence_probability: float = 0.3  # below this a point shows as missing
    covered: float = 2.5  # a point scored at least this counts as covered
    # recitation: a sentence this close to a model-answer or rubric sentence earns nothing
    recite_fuzzy: float = 0.8  # character similarity, same language
    recite_semantic: float = 0.88  # encoder similarity, same language
    recite_near_semantic: float = 0.7  # lightly reworded: similar in meaning ...
    recite_near_fuzzy: float = 0.55  # ... and in characters
    recite_semantic_cross: float = 0.88  # encoder similarity, a translation of the model answer
    short_paraphrase: float = 0.9  # a short answer this close to the model answer as a whole
    reworded_share: float = 0.3  # reworded model-answer sentences above this share: recitation
    echo_fuzzy: float = 0.7  # the question said back
    echo_semantic: float = 0.75
    echo_words: float = 0.7  # share of a sentence's words taken from the question
    echo_whole: float = 0.5  # the whole answer this close to the question, with no specifics
    repeat_similarity: float = 0.9  # the same sentence again
    repeat_flag_share: float = 0.25  # repeats above this share of the answer are padding
    list_flag: float = 0.7  # share of the answer in bare item lists that makes it a keyword list
    list_sentence: float = 0.5  # ... and then a sentence this much a list earns nothing
    nonsense_spread: float = 1.2  # points whose cues one sentence names, on average ...
    nonsense_focus: float = 0.12  # ... while no sentence is clearly about one point
    nonsense_pairs: int = 4  # or: at least this many pairs of rubric words in one clause ...
    nonsense_unheard: float = 0.5  # ... half of them paired as the rubric never pairs them ...
    nonsense_density: float = 0.55  # ... in an answer made mostly of the rubric's words
    nonsense_figures: int = 3  # never with this many figures ...
    nonsense_specific: float = 0.67  # ... and more than this share of concrete sentences
    off_topic_margin: float = 0.13  # another question fits this much better ...
    other_fit: float = 0.3  # ... and at least this well ...
    off_topic_own: float = 0.26  # ... and this one fits less than this (`features.fit_of`),
    off_topic_clear: float = 0.2  # ... or the other fits better by this much whatever this one does
    unrelated: float = 0.22  # the answer against the pack's model answers: about something else
    injection_cap: float = 2.0  # an answer that addresses the grader never scores above this ...
    injection_penalty: float = 0.5  # ... and loses this much of what the rest of it earns
    recital_share: float = 0.5  # an answer more than half recited is a recital ...
    recital_cap: float = 2.0  # ... and never scores above this
    too_short_share: float = 0.2  # below this share of the expected size: too short to judge
    brief_share: float = 0.5  # below this share of the expected size, and ...
    brief_gap: float = 1.0  # ... this far below its touched points: told it is brief
    min_size: dict[str, int] | None = None  # absolute floor: characters (ja) / words (en)

    def floor(self, lang: str) -> int:
        return (self.min_size or {"ja": 8, "en": 3}).get(lang, 3)


TUNING = Tuning()


@dataclass(frozen=True)
class Detector:
    """The probability that an answer is of one gaming kind, from the same features; the kind's
    flag is raised at `threshold` or above, where the rules alone did not raise it."""

    kind: str  # "logistic" (standardised features) or "trees" (boosted, log-odds)
    params: dict[str, Any]
    threshold: float

    def probability(self, x: Vector) -> float:
        if self.kind == "logistic":
            mean = np.asarray(self.params["mean"])
            scale = np.asarray(self.params["scale"])
            weights = np.asarray(self.params["weights"])
            z = float(self.params["bias"] + ((x - mean) / scale) @ weights)
        else:
            z = float(self.params["base"]) + sum(_tree_value(t, x) for t in self.params["trees"])
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def fires(self, x: Vector) -> bool:
        return self.probability(x) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "threshold": self.threshold, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detector:
        return cls(str(data["kind"]), dict(data["params"]), float(data["threshold"]))


@dataclass(frozen=True)
class ScoreModel:
    """overall = model(features), clipped to 1..5: linear (standardised), boosted trees, or a
    weighted blend of such models; and the detectors of gaming kinds, by flag id."""

    version: str
    features: tuple[str, ...]
    kind: str
    params: dict[str, Any]
    detectors: dict[str, Detector] = field(default_factory=dict)

    def predict(self, x: Vector) -> float:
        return _predict(self.kind, self.params, x)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "features": list(self.features),
            "kind": self.kind,
            "params": self.params,
            "detectors": {name: d.to_dict() for name, d in self.detectors.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreModel:
        return cls(
            version=str(data["version"]),
            features=tuple(data["features"]),
            kind=str(data["kind"]),
            params=dict(data["params"]),
            detectors={
                name: Detector.from_dict(d) for name, d in data.get("detectors", {}).items()
            },
        )


def _predict(kind: str, params: dict[str, Any], x: Vector) -> float:
    """1..5 from one model's parameters; a blend is the weighted mean of its parts' scores."""
    if kind == "blend":
        return sum(
            float(part["weight"]) * _predict(part["kind"], part["params"], x)
            for part in params["parts"]
        )
    if kind == "linear":
        mean = np.asarray(params["mean"])
        scale = np.asarray(params["scale"])
        weights = np.asarray(params["weights"])
        y = float(params["bias"] + ((x - mean) / scale) @ weights)
    else:
        y = float(params["base"])
        for tree in params["trees"]:
            y += _tree_value(tree, x)
    return float(min(5.0, max(1.0, y)))


def _tree_value(tree: dict[str, list[Any]], x: Vector) -> float:
    node = 0
    feature, threshold = tree["feature"], tree["threshold"]
    left, right, value = tree["left"], tree["right"], tree["value"]
    while feature[node] >= 0:
        node = left[node] if x[feature[node]] <= threshold[node] else right[node]
    return float(value[node])


@lru_cache(maxsize=1)
def shipped_model() -> ScoreModel:
    """The model fitted on every graded pack (`model.json`, shipped in the package)."""
    raw = resources.files("coach.scoring").joinpath("model.json").read_text("utf-8")
    return ScoreModel.from_dict(json.loads(raw))
