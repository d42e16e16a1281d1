"""Benchmark of the HTML cleaner against trafilatura alone, on the scrapinghub pages, in one process.

Our cleaner runs trafilatura and then does more (decoding checks, metadata, blocks, our rules,
language check), so it must cost more; the budget is 1.5× trafilatura's own time. Both systems
get the same raw bytes of every page; each is timed over all pages, in alternating order for
`--rounds` rounds, and its fastest round counts (the least disturbed by other work on the machine).

    python bench/extract.py [--data ../shared/eval/extraction/scrapinghub] [--rounds 3]

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "extraction" / "scrapinghub"
LIMIT = 1.5


def load_pages(folder: Path) -> list[tuple[str, bytes]]:
    pages = sorted((folder / "html").glob("*.html.gz"))
    if not pages:
        sys.exit(f"no *.html.gz pages under {folder / 'html'}")
    return [(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())) for path in pages]


def time_trafilatura(pages: list[tuple[str, bytes]]) -> float:
    import trafilatura

    start = time.perf_counter()
    for _, data in pages:
        trafilatura.extract(data, include_comments=False, include_tables=True)
    return time.perf_counter() - start


def time_cleaner(pages: list[tuple[str, bytes]]) -> float:
    from translator.errors import InputError
    from translator.extract import extract_bytes, load_rules

    rules = load_rules()
    start = time.perf_counter()
    for name, data in pages:
        with contextlib.suppress(InputError):  # a page we refuse still cost its time
            extract_bytes(data, name, rules=rules)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding html/*.html.gz")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = load_pages(args.data)
    warm = pages[:3]
    time_trafilatura(warm)
    time_cleaner(warm)
    times: dict[str, list[float]] = {"trafilatura": [], "cleaner": []}
    for round_ in range(args.rounds):
        order = ("trafilatura", "cleaner") if round_ % 2 == 0 else ("cleaner", "trafilatura")
        for system in order:
            seconds = time_trafilatura(pages) if system == "trafilatura" else time_cleaner(pages)
            times[system].append(seconds)
            print(f"round {round_ + 1}: {system:<11} {seconds:6.2f} s ({len(pages) / seconds:5.1f} pages/s)")
    best = {system: min(values) for system, values in times.items()}
    ratio = best["cleaner"] / best["trafilatura"]
    print(f"best: trafilatura {best['trafilatura']:.2f} s, cleaner {best['cleaner']:.2f} s, ratio {ratio:.2f}")
    result = {
        "bench": "extract",
        "pages": len(pages),
        "rounds": args.rounds,
        "trafilatura_s": round(best["trafilatura"], 3),
        "cleaner_s": round(best["cleaner"], 3),
        "ratio": round(ratio, 3),
        "limit": LIMIT,
        "within_limit": ratio <= LIMIT,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
