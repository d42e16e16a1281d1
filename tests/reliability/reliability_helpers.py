"""Shared by the reliability tests: hypothesis profiles, the CLI in a guarded subprocess, a
resource-measured subprocess, and the invariants every fault must leave intact.

Hypothesis profiles: `reliability-ci` (the default: few examples, fast enough for CI) and
`reliability-long` (for local runs), chosen with `TRANSLATOR_RELIABILITY=long`; the same variable
scales the number of faults the fault tests inject.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import network_guard
from hypothesis import HealthCheck, settings

from translator.document import Article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "microsoft-hires-meta-ai-veteran.txt"
LONG = os.environ.get("TRANSLATOR_RELIABILITY", "").lower() == "long"

settings.register_profile(
    "reliability-ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # CI runs the same examples every time: a failure there is reproducible
)
settings.register_profile(
    "reliability-long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("reliability-long" if LONG else "reliability-ci")
FAULT_REPEATS = 25 if LONG else 3  # SIGKILLs per fault test


def guarded_env(log: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: the network guard installed, logging to `log`."""
    return {**network_guard.subprocess_env(log), **extra}


def run_cli(
    *args: str, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None, **popen
) -> subprocess.CompletedProcess:
    """`translator ...` in a subprocess with the network guard; fails the test if it went online."""
    log = cwd / "network-attempts.log"
    result = subprocess.run(
        [sys.executable, "-m", "translator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=guarded_env(log, **(env or {})),
        check=False,
        **popen,
    )
    assert not log.exists(), f"the run tried to reach the network: {log.read_text()}"
    return result


def assert_one_line_error(stderr: str) -> None:
    """A user-facing failure: a message, never a Python traceback."""
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.strip(), "the failure gave no message"


def failure_message(result: subprocess.CompletedProcess) -> str:
    """What a failed `translator run --json` told the user: its error line, or each input's reason."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    try:
        summary = json.loads(result.stdout)
    except ValueError:
        summary = {}
    reasons = [failure["reason"] for failure in summary.get("failures", [])]
    message = "\n".join([*filter(None, [result.stderr.strip()]), *reasons])
    assert message, "the failure gave no message"
    assert all(reason and "Traceback" not in reason for reason in reasons), reasons
    return message.lower()


MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    from pathlib import Path
    from translator.errors import TranslatorError
    call = sys.argv[1]
    data = Path(sys.argv[2]).read_bytes()
    name = sys.argv[3]
    module, function = call.rsplit(".", 1)
    target = getattr(__import__(module, fromlist=[function]), function)
    if function == "Pipeline":  # the whole preparation a run does, with the default settings
        target = target().prepare
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    try:
        out = target(data, name)
        article = out[0] if isinstance(out, tuple) else out
        result = {"outcome": "article", "blocks": len(article.blocks), "segments": len(article.segments()),
                  "text": " ".join(b.text for b in article.blocks)[:2000], "flags": [f.code for f in article.flags]}
    except TranslatorError as error:
        result = {"outcome": "refused", "message": str(error)}
    result["seconds"] = time.perf_counter() - start
    result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    result["rss_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(json.dumps(result))
    """
)


def measured(call: str, page: Path, name: str, *, timeout: float, memory_mb: int) -> dict:
    """Run `call(data, name)` on a page in a fresh process under an address-space limit.

    Returns what happened (an article, or a refusal with its message), the peak of Python
    allocations (tracemalloc) and the growth of the peak resident size. A hang is a failure
    (the timeout), so is a traceback, so is running out of the memory allowed.
    """
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    log = page.parent / "network-attempts.log"
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, call, str(page), name],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=guarded_env(log),
        preexec_fn=limit,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not log.exists(), log.read_text()
    return json.loads(result.stdout.strip().splitlines()[-1])


def finished_articles(rundir: Path) -> dict[str, Article]:
    """Every article record under its final name, parsed (a half-written one fails to parse)."""
    return {
        path.name.removesuffix(".json"): Article.from_json(path.read_text(encoding="utf-8"))
        for path in rundir.glob("*.json")
        if path.name != "manifest.json"
    }


def assert_no_partial_files(rundir: Path, reference: Path | None = None) -> None:
    """Every file under a final name is whole: JSON parses, and matches the uninterrupted run."""
    if not rundir.exists():
        return
    for path in rundir.rglob("*"):
        if not path.is_file() or path.name.endswith(".tmp") or ".run" in path.relative_to(rundir).parts:
            continue
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        if reference is not None and path.name not in ("manifest.json", "index.html", "index-data.js"):
            twin = reference / path.relative_to(rundir)
            assert twin.is_file(), f"{path} has no counterpart in the reference run"
            if path.suffix == ".json":
                assert _without_cache_marks(path) == _without_cache_marks(twin), path
            else:
                assert path.read_bytes() == twin.read_bytes(), f"{path} differs from the uninterrupted run"


def _without_cache_marks(path: Path) -> dict:
    record = json.loads(path.read_text(encoding="utf-8"))
    for block in record.get("blocks", []):
        for segment in block.get("segments", []):
            segment.pop("cached", None)
    return record


def report(test: str, **figures: object) -> None:
    """Append a test's figures (faults injected, articles lost) to $TRANSLATOR_RELIABILITY_REPORT."""
    path = os.environ.get("TRANSLATOR_RELIABILITY_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"test": test, **figures}) + "\n")


ARTICLES = 8


def write_batch(folder: Path, count: int = ARTICLES) -> list[Path]:
    """`count` distinct French articles (the seed with a changed number), as text dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"article-{n:02d}.txt"
        path.write_text(seed.replace("13 ans", f"{n + 2} ans"), encoding="utf-8")
        paths.append(path)
    return paths
