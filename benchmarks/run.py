"""Speed benchmarks: `python benchmarks/run.py` (medians over repeated runs; no network).

Measures `coach --help` start-up, first-answer latency (a fresh process that loads the
models), warm per-answer scoring latency, `coach score` throughput on 1,000 answers and the
peak memory of that run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADED = ROOT / "tests" / "data" / "graded" / "sales-manager.yaml"


def _coach() -> list[str]:
    exe = shutil.which("coach")
    return [exe] if exe else [sys.executable, "-m", "coach"]


def _wall(
    cmd: list[str], runs: int, stdin: str | None = None, env: dict[str, str] | None = None
) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, text=True, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def _answers() -> list[dict[str, str]]:
    import yaml

    data = yaml.safe_load(GRADED.read_text(encoding="utf-8"))
    return [
        {"question": a["asked"], "answer": a["text"], "lang": a["asked_in"]}
        for a in data["answers"]
    ]


def _resident() -> dict[str, int]:
    """VmRSS split into anonymous and file-backed pages, in MB (empty where /proc is absent)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) // 1024
    return out if len(out) == 3 else {}


def main() -> None:
    home = tempfile.mkdtemp(prefix="coach-bench-")
    env = {**os.environ, "COACH_HOME": home}
    coach = _coach()
    results: dict[str, str] = {}

    base = statistics.median(_wall([sys.executable, "-c", "pass"], 10))
    help_times = _wall([*coach, "--help"], 10, env=env)
    help_median = statistics.median(help_times)
    results["coach --help (median of 10)"] = (
        f"{help_median * 1000:.0f} ms ({help_median / base:.1f}x python -c pass = "
        f"{base * 1000:.0f} ms)"
    )

    answers = _answers()
    sample = next(
        a
        for a in answers
        if a["question"] == "pipeline-forecast" and 300 <= len(a["answer"]) <= 700
    )
    first = _wall(
        [*coach, "drill", "pipeline-forecast", "--answer-file", "-", "--format", "json"],
        5,
        stdin=sample["answer"],
        env=env,
    )
    results["first answer, fresh process incl. model load (median of 5)"] = (
        f"{statistics.median(first) * 1000:.0f} ms"
    )

    from coach.packs import find_pack_path
    from coach.packs.loader import load_pack
    from coach.scoring.offline import OfflineScorer

    pack = load_pack(find_pack_path("sales-manager"))
    scorer = OfflineScorer(pack)
    sized = [a for a in answers if 100 <= len(a["answer"]) <= 600]
    for a in sized[:20]:  # warm: models loaded, every question indexed
        scorer.score(pack.resolve(a["question"]), a["answer"], a["lang"])
    for q in pack.all_questions():
        scorer.score(q, sized[0]["answer"], sized[0]["lang"])
    latencies = []
    for _ in range(3):
        for a in sized:
            start = time.perf_counter()
            scorer.score(pack.resolve(a["question"]), a["answer"], a["lang"])
            latencies.append(time.perf_counter() - start)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95)]
    results[f"warm scoring, 100-600 chars ({len(latencies)} answers)"] = (
        f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
    )
    resident = _resident()
    if resident:  # Linux: how much of the resident memory is the process's own
        results["resident after warm scoring (this process)"] = (
            f"{resident['VmRSS']} MB: {resident['RssAnon']} MB own, {resident['RssFile']} MB "
            "mapped read-only from files (the Japanese dictionary, libraries)"
        )

    with tempfile.NamedTemporaryFile(
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    ) as handle:
        for i in range(1000):
            a = answers[i % len(answers)]
            handle.write(json.dumps({"id": i, **a}, ensure_ascii=False) + "\n")
        batch = handle.name
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([*coach, "score", batch], capture_output=True, env=env, check=False)
        runs.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results["coach score, 1,000 answers end to end (median of 3)"] = (
        f"{statistics.median(runs):.1f} s ({1000 / statistics.median(runs):.0f} answers/s)"
    )
    results["peak memory of a coach process (max RSS)"] = f"{peak:.0f} MB"
    os.unlink(batch)
    shutil.rmtree(home, ignore_errors=True)

    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
