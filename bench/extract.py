"""Benchmark of the HTML cleaner against trafilatura alone, on the same pages, in one process.

Our cleaner runs trafilatura and then does more (decoding checks, metadata, blocks, our rules,
language check), so it must cost more; the budget is 1.2× trafilatura's own time. Both systems
get the same raw bytes of every page, one right after the other page by page (so both see the
same load on a shared machine), first one then the other on alternate pages; each system's time
is summed over the pages, the median of `--rounds` rounds counts, and the load average is
reported beside it.

    python bench/extract.py [--data DIR] [--rounds 5]

By default the pages are the ones shipped in `bench/data/extraction/` (every `*/html/*.html.gz`);
`--data` takes a folder of `html/*.html.gz` pages or a folder of such datasets
(e.g. `../shared/eval/extraction`).

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT / "bench" / "data" / "extraction"
LIMIT = 1.2


def load_pages(folder: Path) -> list[tuple[str, bytes]]:
    pages = sorted((folder / "html").glob("*.html.gz")) or sorted(folder.glob("*/html/*.html.gz"))
    if not pages:
        sys.exit(f"no html/*.html.gz pages under {folder}")
    return [(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())) for path in pages]


def run_trafilatura(name: str, data: bytes) -> None:
    import trafilatura

    trafilatura.extract(data, include_comments=False, include_tables=True)


@functools.cache
def shipped_rules():
    from translator.extract import load_rules

    return load_rules()


def run_cleaner(name: str, data: bytes) -> None:
    from translator.errors import InputError
    from translator.extract import extract_bytes

    with contextlib.suppress(InputError):  # a page we refuse still cost its time
        extract_bytes(data, name, rules=shipped_rules())


SYSTEMS = {"trafilatura": run_trafilatura, "cleaner": run_cleaner}


def time_round(pages: list[tuple[str, bytes]], order: tuple[str, str]) -> dict[str, float]:
    """Both systems page by page, one right after the other, so that both see the same load.

    The one that goes first on a page pays for what the second then finds warm (about 0.05 of the
    ratio on 2 shared cores), so the order flips from page to page.
    """
    spent = dict.fromkeys(order, 0.0)
    for index, (name, data) in enumerate(pages):
        for system in order if index % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            SYSTEMS[system](name, data)
            spent[system] += time.perf_counter() - start
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of html/*.html.gz, or of datasets")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = load_pages(args.data)
    time_round(pages[:3], ("trafilatura", "cleaner"))  # imports and caches
    times: dict[str, list[float]] = {"trafilatura": [], "cleaner": []}
    for round_ in range(args.rounds):
        order = ("trafilatura", "cleaner") if round_ % 2 == 0 else ("cleaner", "trafilatura")
        for system, seconds in time_round(pages, order).items():
            times[system].append(seconds)
            print(f"round {round_ + 1}: {system:<11} {seconds:6.2f} s ({len(pages) / seconds:5.1f} pages/s)")
    median = {system: statistics.median(values) for system, values in times.items()}
    ratio = median["cleaner"] / median["trafilatura"]
    ratios = [c / t for c, t in zip(times["cleaner"], times["trafilatura"], strict=True)]
    load = os.getloadavg()
    print(f"median: trafilatura {median['trafilatura']:.2f} s, cleaner {median['cleaner']:.2f} s, ratio {ratio:.2f}")
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    result = {
        "bench": "extract",
        "pages": len(pages),
        "rounds": args.rounds,
        "trafilatura_s": round(median["trafilatura"], 3),
        "cleaner_s": round(median["cleaner"], 3),
        "ratio": round(ratio, 3),
        "round_ratios": [round(r, 3) for r in ratios],
        "load": [round(v, 2) for v in load],
        "limit": LIMIT,
        "within_limit": ratio <= LIMIT,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
