"""Refit the offline scorer's model from the frozen graded answers, with grouped cross-validation.

    python -m coach.scoring.fit            # report held-out figures, write coach/scoring/model.json
    python -m coach.scoring.fit --check    # report only

The graded answers live in `tests/data/graded/<pack>.yaml`, their grades in
`<pack>.grades.tsv` (two independent graders, a third where they differ by more than one); the
grade files' SHA-256 are frozen in `SHA256SUMS` and checked before anything is fitted. Figures are
only ever reported for data held out of the fit: leave-one-pack-out and leave-one-question-out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from coach.packs import find_pack_path
from coach.packs.loader import load_pack
from coach.packs.model import Pack, Question
from coach.scoring import text as tx
from coach.scoring.features import FEATURES
from coach.scoring.flags import Flag
from coach.scoring.metrics import pairwise_agreement, spearman
from coach.scoring.model import TUNING, ScoreModel
from coach.scoring.offline import OfflineScorer

ROOT = Path(__file__).resolve().parents[2]
GRADED = ROOT / "tests" / "data" / "graded"
MODEL_FILE = Path(__file__).with_name("model.json")
VERSION = "offline-2.0"
RIDGE = 3.0  # ridge penalty on standardised features (chosen by leave-one-pack-out CV)


@dataclass
class Row:
    pack: str
    id: str
    asked: str
    asked_in: str
    style: str
    text: str
    grade: float
    grades: tuple[int, ...] = ()


@dataclass
class Table:
    """Everything the fit needs per answer, computed once."""

    rows: list[Row]
    x: np.ndarray  # features
    fixed: np.ndarray  # the score when the model is not consulted (nothing to score), else nan
    cap: np.ndarray  # an upper bound (text addressed to the grader), else 5
    flags: list[set[str]]
    length: np.ndarray  # baseline: the answer's size
    cosine: np.ndarray  # baseline: answer vs model answer, same encoder
    questions: list[str] = field(default_factory=list)


def check_frozen(root: Path = GRADED) -> list[str]:
    """Grade files whose checksum differs from SHA256SUMS (empty when all are frozen)."""
    sums = root / "SHA256SUMS"
    if not sums.exists():
        return ["SHA256SUMS missing"]
    bad = []
    for line in sums.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        path = root / name.strip().lstrip("*")
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad


def load_graded(root: Path = GRADED) -> list[Row]:
    rows = []
    for answers_file in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
        grades: dict[str, tuple[float, tuple[int, ...]]] = {}
        grade_file = answers_file.with_suffix(".grades.tsv")
        for line in grade_file.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            given = tuple(int(c) for c in cells[1:-1] if c.strip())
            grades[cells[0]] = (float(cells[-1]), given)
        for a in data["answers"]:
            if a["id"] in grades:
                grade, given = grades[a["id"]]
                rows.append(
                    Row(
                        data["pack"],
                        a["id"],
                        a["asked"],
                        a["asked_in"],
                        a["style"],
                        a["text"],
                        grade,
                        given,
                    )
                )
    return rows


def question_of(pack: Pack, asked: str) -> Question:
    item, _, follow = asked.partition("#")
    question = pack.find(item)
    if question is None:
        raise KeyError(asked)
    if follow:
        follow_up = next(f for f in question.follow_ups if f.id == follow)
        return question.as_follow_up(follow_up)
    return question


def extract(rows: Sequence[Row], progress: Callable[[int], None] | None = None) -> Table:
    """Features of every answer, as the scorer computes them."""
    scorers: dict[str, OfflineScorer] = {}
    n = len(rows)
    x = np.zeros((n, len(FEATURES)))
    fixed = np.full(n, np.nan)
    cap = np.full(n, 5.0)
    length = np.zeros(n)
    cosine = np.zeros(n)
    flags: list[set[str]] = []
    for i, row in enumerate(rows):
        if row.pack not in scorers:
            scorers[row.pack] = OfflineScorer(load_pack(find_pack_path(row.pack)))
        scorer = scorers[row.pack]
        question = question_of(scorer.pack, row.asked)
        parsed = scorer.parse(row.text, row.asked_in)
        index = scorer.index(question)
        size = parsed.size()
        length[i] = size / index.expected.get(parsed.lang, index.expected["en"])
        if parsed.vectors is not None and index.model_vecs is not None and len(index.model_vecs):
            a = parsed.vectors.mean(axis=0)
            m = index.model_vecs.mean(axis=0)
            cosine[i] = float(a @ m / (np.linalg.norm(a) * np.linalg.norm(m) + 1e-9))
        whole = "\n".join(s.key for s in parsed.sentences)
        if size < TUNING.floor(parsed.lang) or tx.gibberish_score(whole, parsed.lang) > 0.5:
            fixed[i] = 1.0
            flags.append({"too-short"})
            continue
        screened, measured = scorer.features(question, parsed)
        hit = {str(f) for f in (*screened.hits, *measured.hits)}
        flags.append(hit)
        if not screened.keep:
            fixed[i] = 1.0
        if Flag.GRADER_INJECTION in screened.hits:
            cap[i] = TUNING.injection_cap
        x[i] = measured.vector()
        if progress is not None:
            progress(i)
    return Table(list(rows), x, fixed, cap, flags, length, cosine, [r.asked for r in rows])


# -- models -----------------------------------------------------------------------------
def fit_linear(x: np.ndarray, y: np.ndarray, alpha: float = RIDGE) -> ScoreModel:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    bias = float(y.mean())
    a = z.T @ z + alpha * np.eye(z.shape[1])
    weights = np.linalg.solve(a, z.T @ (y - bias))
    return ScoreModel(
        VERSION,
        FEATURES,
        "linear",
        {
            "mean": mean.round(6).tolist(),
            "scale": scale.round(6).tolist(),
            "weights": weights.round(6).tolist(),
            "bias": round(bias, 6),
        },
    )


def fit_trees(x: np.ndarray, y: np.ndarray, **options: Any) -> ScoreModel:
    """Gradient-boosted trees (scikit-learn, only here), exported for numpy inference."""
    from sklearn.ensemble import GradientBoostingRegressor

    params = {"n_estimators": 150, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8}
    params.update(options)
    gbm = GradientBoostingRegressor(random_state=0, **params)
    gbm.fit(x, y)
    trees = []
    rate = float(params["learning_rate"])
    for estimator in gbm.estimators_[:, 0]:
        t = estimator.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else -1 for f in t.feature],
                "threshold": [round(float(v), 6) for v in t.threshold],
                "left": [int(v) for v in t.children_left],
                "right": [int(v) for v in t.children_right],
                "value": [round(float(v) * rate, 6) for v in t.value[:, 0, 0]],
            }
        )
    base = float(np.asarray(gbm.init_.predict(x[:1])).ravel()[0])
    return ScoreModel(VERSION, FEATURES, "trees", {"base": base, "trees": trees})


FITTERS: dict[str, Callable[[np.ndarray, np.ndarray], ScoreModel]] = {
    "linear": fit_linear,
    "trees": fit_trees,
}


def predict(model: ScoreModel, table: Table, mask: np.ndarray) -> np.ndarray:
    out = []
    for i in np.flatnonzero(mask):
        if not math.isnan(table.fixed[i]):
            out.append(table.fixed[i])
            continue
        value = min(model.predict(table.x[i]), table.cap[i])
        out.append(round(value, 1))
    return np.asarray(out)


def fit(table: Table, mask: np.ndarray, kind: str = "linear") -> ScoreModel:
    """Fit on the rows in `mask` that the model scores (not those scored without it)."""
    use = mask & np.isnan(table.fixed)
    y = np.array([r.grade for r in table.rows])
    return FITTERS[kind](table.x[use], y[use])


@dataclass
class Figures:
    answers: int
    spearman: float
    pairwise: float
    mae: float
    length_spearman: float
    cosine_spearman: float

    def line(self, name: str) -> str:
        return (
            f"{name:28} n={self.answers:4}  spearman {self.spearman:.3f}  pairwise "
            f"{self.pairwise:.3f}  MAE {self.mae:.3f}  | length {self.length_spearman:.3f}  "
            f"cosine {self.cosine_spearman:.3f}"
        )


def figures(table: Table, mask: np.ndarray, predicted: np.ndarray) -> Figures:
    grades = [r.grade for r, m in zip(table.rows, mask, strict=True) if m]
    groups: dict[str, list[tuple[float, float]]] = {}
    questions = [q for q, m in zip(table.questions, mask, strict=True) if m]
    for q, g, p in zip(questions, grades, predicted, strict=True):
        groups.setdefault(q, []).append((g, float(p)))
    return Figures(
        answers=len(grades),
        spearman=spearman(grades, list(predicted)),
        pairwise=pairwise_agreement(groups),
        mae=float(np.mean(np.abs(np.asarray(grades) - predicted))),
        length_spearman=spearman(grades, list(table.length[mask])),
        cosine_spearman=spearman(grades, list(table.cosine[mask])),
    )


def held_out(table: Table, by: str, kind: str = "linear") -> tuple[np.ndarray, dict[str, Figures]]:
    """Predictions for every answer from a model fitted without its pack (`by="pack"`) or its
    question (`by="question"`), and the figures per held-out pack."""
    keys = [r.pack if by == "pack" else f"{r.pack}/{r.asked.split('#')[0]}" for r in table.rows]
    predicted = np.zeros(len(table.rows))
    for key in sorted(set(keys)):
        test = np.array([k == key for k in keys])
        model = fit(table, ~test, kind)
        predicted[test] = predict(model, table, test)
    per_pack = {}
    for pack in sorted({r.pack for r in table.rows}):
        mask = np.array([r.pack == pack for r in table.rows])
        per_pack[pack] = figures(table, mask, predicted[mask])
    return predicted, per_pack


def grader_agreement(rows: Sequence[Row]) -> dict[str, float]:
    """How well the two first graders agree: the ceiling for any scorer."""
    a = [r.grades[0] for r in rows if len(r.grades) >= 2]
    b = [r.grades[1] for r in rows if len(r.grades) >= 2]
    if not a:
        return {}
    diff = np.abs(np.asarray(a) - np.asarray(b))
    return {
        "spearman": round(spearman(a, b), 3),
        "exact": round(float(np.mean(diff == 0)), 3),
        "within_one": round(float(np.mean(diff <= 1)), 3),
        "third_grades": int(sum(1 for r in rows if len(r.grades) >= 3)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    parser.add_argument("--kind", choices=sorted(FITTERS), default="linear")
    args = parser.parse_args(argv)
    bad = check_frozen()
    if bad:
        print(f"grades are not frozen: {', '.join(bad)}", file=sys.stderr)
        return 1
    rows = load_graded()
    print(f"{len(rows)} graded answers, packs: {sorted({r.pack for r in rows})}")
    print("graders:", grader_agreement(rows))
    table = extract(rows)
    report: dict[str, Any] = {"answers": len(rows), "graders": grader_agreement(rows)}
    for by in ("pack", "question"):
        _, per_pack = held_out(table, by, args.kind)
        print(f"-- leave-one-{by}-out ({args.kind})")
        for pack, fig in per_pack.items():
            print(fig.line(pack))
        report[f"leave_one_{by}_out"] = {
            pack: {k: round(v, 3) for k, v in vars(fig).items()} for pack, fig in per_pack.items()
        }
    if not args.check:
        model = fit(table, np.ones(len(rows), dtype=bool), args.kind)
        data = model.to_dict()
        data["fit"] = report
        MODEL_FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
