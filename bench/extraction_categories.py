"""Which kinds of content the HTML cleaner drops and which it leaks, by category, on gold pages.

For every page: each block the cleaner removed (with its category and rule) is checked against
the gold text (most of its word 3-grams there = content we lost), and each block it kept that is
not in the gold is a leak, classed by block kind and shape (list item, table row, short line,
heading, caption-like credit...). Words lost and leaked are summed per class, so the classes that
cost most come first. Use it on the tuning part only.

    python bench/extraction_categories.py --data ../shared/eval/extraction --datasets wcxb-dev --part tune

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from score_extraction import WORD, load  # noqa: E402

from translator.errors import InputError  # noqa: E402
from translator.extract import extract_bytes, load_rules  # noqa: E402


def in_gold(text: str, grams: set, joined: str) -> bool:
    tokens = [t.lower() for t in WORD.findall(text)]
    if len(tokens) < 3:
        return bool(tokens) and f" {' '.join(tokens)} " in joined
    found = [tuple(tokens[i : i + 3]) in grams for i in range(len(tokens) - 2)]
    return sum(found) >= 0.5 * len(found)


def shape(kind: str, text: str) -> str:
    words = len(WORD.findall(text))
    if kind in ("list_item", "heading", "title", "standfirst", "quote"):
        return kind
    if "\t" in text:
        return "table_row"
    return "short_paragraph" if words < 12 else "paragraph"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "extraction")
    parser.add_argument("--datasets", nargs="*", default=["wcxb-dev"])
    parser.add_argument("--part", choices=("tune", "heldout", "all"), default="tune")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    rules = load_rules()
    lost, leaked = Counter(), Counter()
    examples: dict[str, list[str]] = {}
    for name in args.datasets:
        for page in load(args.data / name, args.part):
            if not page.get("gold"):
                continue
            tokens = [t.lower() for t in WORD.findall(page["gold"])]
            grams = {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}
            joined = f" {' '.join(tokens)} "
            try:
                article = extract_bytes(page["html"], "page.html", rules=rules)
            except InputError:
                continue
            for removed in article.removed:
                if in_gold(removed.text, grams, joined):
                    key = f"lost {removed.category}:{removed.rule}"
                    lost[key] += len(WORD.findall(removed.text))
                    examples.setdefault(key, []).append(f"{page['id']}: {removed.text[:100]}")
            for block in article.blocks:
                if not in_gold(block.text, grams, joined):
                    key = f"leak {shape(block.kind, block.text)}"
                    leaked[key] += len(WORD.findall(block.text))
                    examples.setdefault(key, []).append(f"{page['id']}: {block.text[:100]}")
    for counter in (lost, leaked):
        for key, words in counter.most_common():
            print(f"{words:7d} words  {key}")
            for example in examples[key][: args.examples]:
                print(f"           {example}")
    print(json.dumps({"bench": "extraction_categories", "lost": dict(lost), "leaked": dict(leaked)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
