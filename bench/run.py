"""Benchmark of `translator run`: 100 articles (the seeds repeated with variations) through the
whole pipeline on a full-size random-weight model shaped like the real French→English package.

Measured in one process, in this order, each with a fresh translation memory unless said:
1. serial: `workers=1` (everything in the main process): the baseline;
2. parallel: the default settings (pages prepared in worker processes while the engine translates);
3. cached rerun: `force` into a new folder with the memory filled by run 2;
4. resumed rerun: the same folder as run 2, nothing to do (every article skipped).

Reports articles/s for each, the parallel speed-up over serial, the share of time per stage, and
the cached and resumed speed-ups over run 2. The last line of output is one JSON object.

    python bench/run.py [--articles 100] [--workdir DIR] [--decode-length 40]
    python bench/run.py --tiny 5000 [--rounds 3]
    python bench/run.py --repair-ratio --rounds 3 --articles 8    # glossary repair bound (issue 11 item 14)

`--tiny N` measures the run's per-article bookkeeping instead: N tiny inputs (two sentences each)
on the word-for-word test model, where translation costs next to nothing; the same run at N/5
inputs is the baseline, so seconds per 1,000 articles at both sizes show whether the cost per
article stays constant as the batch grows (it grew with the batch size when the manifest was
rewritten after every article). Median of `--rounds`, with the load average.

The model is bench/engine.py's full-size random-weight package, with its fixed decoding length
(random weights never emit end-of-sentence), so the translation stage costs what a real model
costs on sentences of that length; its English is noise, so the post-editor flags (and tries to
re-translate) much more than on real output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# words a newsroom swaps freely: each article draws its own, so most sentences differ between articles
SWAPS = {
    "société": ["entreprise", "firme", "société", "compagnie"],
    "lundi": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
    "nouveau": ["nouveau", "récent", "dernier"],
    "projet": ["projet", "programme", "plan", "chantier"],
    "ancien": ["ancien", "ex-", "précédent"],
    "affirmé": ["affirmé", "déclaré", "indiqué", "expliqué"],
    "important": ["important", "majeur", "considérable"],
}


def vary(text: str, rng: random.Random, *, reorder: bool) -> str:
    """The same article told with other numbers, weekdays and a few synonyms; text dumps also get
    their body paragraphs reordered (HTML keeps its structure)."""

    def swap(match: re.Match) -> str:
        word = match.group(0)
        choices = SWAPS.get(word.lower())
        return rng.choice(choices) if choices else word

    pattern = re.compile(r"\b(" + "|".join(SWAPS) + r")\b", re.IGNORECASE)
    text = re.sub(r"(?<![\w#&])\d+\b", lambda m: str(int(m.group(0)) + rng.randint(1, 97)), text)
    text = pattern.sub(swap, text)
    if not reorder:
        return text
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:3], paragraphs[3:]
    rng.shuffle(body)
    return "\n\n".join(head + body)


def make_inputs(folder: Path, count: int) -> list[Path]:
    seeds = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    rng = random.Random(20240401)
    paths = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        data = seed.read_bytes()
        encoding = "utf-8"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = "cp1252"
            text = data.decode(encoding)
        suffix = "".join(seed.suffixes)
        path = folder / f"article-{n:03d}{suffix}"
        path.write_bytes(vary(text, rng, reorder=suffix == ".txt").encode(encoding, errors="xmlcharrefreplace"))
        paths.append(path)
    return paths


def timed_run(inputs: list[Path], rundir: Path, **settings) -> tuple[float, dict]:
    """One run with these settings (`section__key=value`); its manifest totals."""
    from translator.run import run_batch
    from translator.settings import load_settings

    given = {key.replace("__", "."): value for key, value in settings.items()}
    start = time.perf_counter()
    summary = run_batch([str(p) for p in inputs], rundir, load_settings(None, given))
    seconds = time.perf_counter() - start
    if summary.failed:
        raise SystemExit(f"benchmark run failed: {summary.failures[:3]}")
    return seconds, json.loads((rundir / "manifest.json").read_text())["totals"]


def _shares(stage_seconds: dict[str, float]) -> dict[str, float]:
    total = sum(stage_seconds.values()) or 1.0
    return {stage: round(value / total, 4) for stage, value in stage_seconds.items()}


def _hit_outcome(rundir: Path) -> dict[str, int]:
    """Glossary hits by status, and term hits left unenforced without a glossary flag on their segment."""
    counts: dict[str, int] = {"unflagged": 0}
    for record in rundir.glob("*.json"):
        if record.name == "manifest.json":
            continue
        for block in json.loads(record.read_text(encoding="utf-8")).get("blocks", []):
            for segment in block.get("segments", []):
                codes = {f["code"] for f in segment.get("flags", [])}
                for hit in segment.get("glossary", []):
                    counts[hit["status"]] = counts.get(hit["status"], 0) + 1
                    enforced = hit["status"] in ("masked", "repaired", "verified")
                    counts["unflagged"] += not enforced and not codes & {"glossary-unenforced", "glossary-fallback"}
    return counts


def repair_ratio(inputs: list[Path], work: Path, model: Path, rounds: int) -> dict:
    """Issue 11 item 14: the shipped glossaries on a model that never copies a placeholder (random
    weights) against the same run without glossaries, alternating, each with a fresh memory.
    Reports the median time ratio and the hits by status (none may be unenforced and unflagged)."""
    base = {"model__path": str(model), "model__offline": True, "run__workers": 1}
    ratios, plain_times, glossary_times = [], [], []
    for number in range(rounds):
        for glossary in (number % 2 == 0, number % 2 == 1):  # alternate which goes first
            os.environ["TRANSLATOR_CACHE_DIR"] = str(work / f"cache-repair-{number}-{glossary}")
            seconds, _ = timed_run(inputs, work / f"repair-{number}-{glossary}", run__default_glossary=glossary, **base)
            (glossary_times if glossary else plain_times).append(seconds)
        ratios.append(glossary_times[-1] / plain_times[-1])
    outcome = _hit_outcome(work / f"repair-{rounds - 1}-True")
    return {
        "articles": len(inputs),
        "rounds": rounds,
        "plain_seconds_median": round(statistics.median(plain_times), 2),
        "glossary_seconds_median": round(statistics.median(glossary_times), 2),
        "glossary_over_plain_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "hits": outcome,
        "load": os.getloadavg(),
    }


TINY = (
    "Le conseil municipal vote le budget numéro {n}\n\n"
    "Le conseil municipal de la ville a voté lundi soir le budget de l'année prochaine, après un long débat "
    "sur les dépenses de la commune et les investissements prévus dans les écoles et les transports.\n"
)


def tiny_inputs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"tiny-{n:05d}.txt"
        path.write_text(TINY.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


def bookkeeping(count: int, rounds: int, work: Path) -> dict:
    """Seconds per 1,000 tiny articles at `count` inputs and at `count // 5` (the baseline)."""
    from statistics import median

    from translator.testing import build_model

    model = build_model(work / "test-model")
    os.environ["TRANSLATOR_CACHE_DIR"] = str(work / "cache-tiny")
    base = {"model__path": str(model), "model__offline": True, "model__cache": False, "run__default_glossary": False}
    per_thousand: dict[int, list[float]] = {}
    manifest_bytes = {}
    for size in (count // 5, count):
        inputs = tiny_inputs(work / f"tiny-{size}", size)
        for round_ in range(rounds):
            rundir = work / f"tiny-run-{size}-{round_}"
            seconds, totals = timed_run(inputs, rundir, **base)
            assert totals["ok"] == size, totals
            per_thousand.setdefault(size, []).append(seconds / size * 1000)
            manifest_bytes[size] = (rundir / "manifest.json").stat().st_size
    small, large = (median(per_thousand[size]) for size in (count // 5, count))
    for size, values in per_thousand.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"{size:6} tiny inputs: {median(values):7.2f} s per 1,000 articles (rounds: {shown})")
    return {
        "tiny_inputs": count,
        "seconds_per_1000_at_n": round(large, 3),
        "seconds_per_1000_at_n_over_5": round(small, 3),
        "growth_ratio": round(large / small, 3),
        "manifest_bytes_at_n": manifest_bytes[count],
        "rounds": rounds,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--decode-length", type=int, default=40, help="tokens per segment (as bench/engine.py)")
    parser.add_argument(
        "--glossary-repair", action="store_true", help="with the shipped glossaries: every masked term needs repair"
    )
    parser.add_argument(
        "--repair-ratio", action="store_true", help="only the glossary repair bound (--rounds paired runs)"
    )
    parser.add_argument("--tiny", type=int, default=0, help="measure bookkeeping on this many tiny inputs instead")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-run-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
    if args.tiny:
        print(json.dumps(bookkeeping(args.tiny, args.rounds, work)))
        return

    from engine import _fix_decoding_length, build_full_size_model  # bench/engine.py: the same model and rule

    model = build_full_size_model(work / "model")
    _fix_decoding_length(args.decode_length)  # random weights never stop: every segment decodes this many tokens
    (work / "in").mkdir(exist_ok=True)
    inputs = make_inputs(work / "in", args.articles)
    if args.repair_ratio:
        result = repair_ratio(inputs, work, model, args.rounds)
        print(f"glossary run / plain run (median of {args.rounds}): {result['glossary_over_plain_median']}")
        print(json.dumps(result))
        return
    # No glossary: random weights never copy a placeholder back, so every masked term would go
    # through the repair path (re-decoding with prefixes and hypotheses), which a real model
    # rarely needs. `--glossary-repair` measures that worst case separately.
    base = {"model__path": str(model), "model__offline": True, "run__default_glossary": args.glossary_repair}

    os.environ["TRANSLATOR_CACHE_DIR"] = str(work / "cache-serial")
    serial_s, serial = timed_run(inputs, work / "serial", run__workers=1, **base)
    os.environ["TRANSLATOR_CACHE_DIR"] = str(work / "cache")
    parallel_s, parallel = timed_run(inputs, work / "parallel", **base)
    cached_s, cached = timed_run(inputs, work / "cached", run__force=True, **base)
    resumed_s, resumed = timed_run(inputs, work / "parallel", **base)

    stages = parallel["stage_seconds"]
    share = _shares(stages)
    rows = [
        ("serial (workers=1), baseline", serial_s, serial),
        ("parallel (defaults)", parallel_s, parallel),
        ("cached rerun (--force)", cached_s, cached),
        ("resumed rerun (all skipped)", resumed_s, resumed),
    ]
    glossary = "shipped glossaries (repair worst case)" if args.glossary_repair else "no glossary"
    cpus = os.cpu_count()
    print(f"{args.articles} articles, {parallel['segments']} segments, {cpus} CPUs, {glossary}, model {model}")
    print(f"{'run':34} {'seconds':>8} {'articles/s':>11} {'segments/s':>11}")
    for label, seconds, summary in rows:
        done = summary["ok"] + summary["skipped"]
        print(f"{label:34} {seconds:8.2f} {done / seconds:11.2f} {summary['segments'] / seconds:11.1f}")
    print("share of stage time (parallel run; prepare stages run in workers, overlapping translation):")
    for stage, value in share.items():
        print(f"  {stage:10} {value:6.1%}  ({stages[stage]:.2f} s)")
    result = {
        "articles": args.articles,
        "glossary_repair": args.glossary_repair,
        "segments": parallel["segments"],
        "serial_articles_per_s": round(args.articles / serial_s, 3),
        "parallel_articles_per_s": round(args.articles / parallel_s, 3),
        "parallel_speedup": round(serial_s / parallel_s, 3),
        "cached_rerun_articles_per_s": round(args.articles / cached_s, 3),
        "cached_rerun_speedup": round(parallel_s / cached_s, 3),
        "resumed_rerun_speedup": round(parallel_s / resumed_s, 3),
        "stage_share": share,
        "serial_stage_share": _shares(serial["stage_seconds"]),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
