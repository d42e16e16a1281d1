"""Score the cleaner on pages with human gold, beside trafilatura and the raw dump, in one run.

Our own small scorer (the metrics of the shared evaluation's `score.py`, re-implemented), so the
benchmark runs from a clone on the pages shipped in `bench/data/extraction/` and on larger sets
with `--data DIR`. A dataset is a folder holding `html/ID.html.gz` and either
`ground-truth.json` ({id: {"articleBody"|"main_content": gold, "with": [...], "without": [...]}})
or `snippets.jsonl` (one {"id", "with", "without"} a line).

Systems, all in this process: `ours` (`extract_bytes` + the `--to text` rendering, exactly what
`translator clean --to text` writes), `trafilatura` (`extract`, tables on, comments off) and
`alltext` (every visible line). `--cmd 'translator clean {in} -o {out} --to text'` adds a command.

Modes: `html` gives each system the page; `dump` gives it every visible line of the page as plain
text (the shape of a text-dump input). Metrics: `bow` (word bag-of-words F1, macro over pages),
`shingle` (4-word shingles, the scrapinghub benchmark's metric), snippets (`keep`, `leak`, `f1`:
each "with" snippet found is a TP, missing a FN; each "without" snippet found a FP).

    python bench/score_extraction.py [--data DIR] [--datasets NAME...] [--part tune|heldout|all]
        [--modes html dump] [--systems ours trafilatura alltext] [--json FILE]

`--part` picks the pages of a split listed in `bench/data/extraction/splits.json`. The last line
of output is one JSON object with every row.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT / "bench" / "data" / "extraction"
SPLITS = DEFAULT_DATA / "splits.json"
WORD = regex.compile(r"\w+")
SYSTEMS = ("ours", "trafilatura", "alltext")


def load(folder: Path, part: str = "all") -> list[dict]:
    """The pages of one dataset folder, restricted to a split part when the split lists it."""
    pages = []
    if (folder / "ground-truth.json").exists():
        gold = json.loads((folder / "ground-truth.json").read_text("utf8"))
        for pid, g in sorted(gold.items()):
            page = {"id": pid, "gold": g.get("main_content") or g.get("articleBody") or ""}
            page.update({k: g[k] for k in ("with", "without") if k in g})
            pages.append(page)
    elif (folder / "snippets.jsonl").exists():
        for line in (folder / "snippets.jsonl").read_text("utf8").splitlines():
            if line.strip():
                row = json.loads(line)
                pages.append({"id": row["id"], "with": row["with"], "without": row["without"]})
    else:
        sys.exit(f"{folder}: no ground-truth.json or snippets.jsonl")
    if part != "all":
        splits = json.loads(SPLITS.read_text("utf8")) if SPLITS.exists() else {}
        if folder.name in splits:
            wanted = set(splits[folder.name][part])
            pages = [p for p in pages if p["id"] in wanted]
    present = []
    for page in pages:
        path = folder / "html" / f"{page['id']}.html.gz"
        if path.exists():
            page["html"] = gzip.decompress(path.read_bytes())
            present.append(page)
    return present


def dumps(pages: list[dict], cache: Path | None) -> None:
    """Attach each page's dump, computed once and kept in the cache folder when one is given."""
    from translator.extract.html import visible_text

    for page in pages:
        key = hashlib.sha256(page["html"]).hexdigest()[:20]
        path = cache / f"dump-{key}.txt" if cache else None
        if path and path.exists():
            page["dump"] = path.read_text("utf8")
            continue
        page["dump"] = visible_text(page["html"])
        if path:
            path.write_text(page["dump"], "utf8")


def run_ours(pages: list[dict], mode: str) -> dict[str, str]:
    from translator.errors import InputError
    from translator.extract import extract_bytes, load_rules
    from translator.outputs.text import render_text

    rules = load_rules()
    out = {}
    for page in pages:
        data, name = (page["html"], "page.html") if mode == "html" else (page["dump"].encode(), "page.txt")
        try:
            out[page["id"]] = render_text(extract_bytes(data, name, rules=rules))
        except InputError:
            out[page["id"]] = ""
    return out


def run_trafilatura(pages: list[dict], mode: str, cache: Path | None) -> dict[str, str]:
    import trafilatura

    out = {}
    for page in pages:
        data = page["html"] if mode == "html" else page["dump"]
        key = hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()[:20]
        path = cache / f"traf-{trafilatura.__version__}-{key}.txt" if cache else None
        if path and path.exists():
            out[page["id"]] = path.read_text("utf8")
            continue
        out[page["id"]] = trafilatura.extract(data, include_comments=False, include_tables=True) or ""
        if path:
            path.write_text(out[page["id"]], "utf8")
    return out


def run_cmd(template: str, pages: list[dict], mode: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "in"), Path(tmp, "out")
        src.mkdir()
        dst.mkdir()
        for page in pages:
            if mode == "html":
                (src / f"{page['id']}.html").write_bytes(page["html"])
            else:
                (src / f"{page['id']}.txt").write_text(page["dump"], "utf8")
        cmd = template.format(**{"in": shlex.quote(str(src)), "out": shlex.quote(str(dst))})
        proc = subprocess.run(cmd, shell=True, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            print(f"command failed ({proc.returncode}): {proc.stderr[-500:]}", file=sys.stderr)
        return {p["id"]: _read(dst / f"{p['id']}.txt") for p in pages}


def _read(path: Path) -> str:
    return path.read_text("utf8") if path.exists() else ""


def bow_f1(pred: str, gold: str) -> float:
    a, b = Counter(WORD.findall(pred.lower())), Counter(WORD.findall(gold.lower()))
    if not b:
        return 1.0 if not a else 0.0
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def _shingles(text: str) -> Counter:
    w = WORD.findall(text)
    return Counter(tuple(w[i : i + 4]) for i in range(max(1, len(w) - 3)))


def shingle_f1(preds: dict[str, str], pages: list[dict]) -> float:
    """Mean precision and mean recall over pages, then their F1 (the scrapinghub benchmark's way)."""
    precs, recs = [], []
    for page in pages:
        a, b = _shingles(preds[page["id"]]), _shingles(page["gold"])
        tp = sum((a & b).values())
        fp, fn = sum(a.values()) - tp, sum(b.values()) - tp
        if tp + fp:
            precs.append(tp / (tp + fp))
        if tp + fn:
            recs.append(tp / (tp + fn))
    p, r = sum(precs) / max(1, len(precs)), sum(recs) / max(1, len(recs))
    return 2 * p * r / (p + r) if p + r else 0.0


def _norm(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(pred: str, page: dict) -> tuple[int, int, int, int]:
    text = _norm(pred)
    tp = sum(_norm(s) in text for s in page["with"])
    fp = sum(_norm(s) in text for s in page["without"])
    return tp, len(page["with"]) - tp, fp, len(page["without"])


def score(preds: dict[str, str], pages: list[dict]) -> dict[str, float]:
    row: dict[str, float] = {}
    if all("gold" in p for p in pages):
        row["bow_f1"] = round(sum(bow_f1(preds[p["id"]], p["gold"]) for p in pages) / len(pages), 4)
        row["shingle_f1"] = round(shingle_f1(preds, pages), 4)
    if all("with" in p for p in pages):
        tp, fn, fp, nw = map(sum, zip(*(snippet_counts(preds[p["id"]], p) for p in pages), strict=True))
        row.update(
            keep=round(tp / max(1, tp + fn), 4),
            leak=round(fp / max(1, nw), 4),
            f1=round(2 * tp / max(1, 2 * tp + fp + fn), 4),
        )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding one folder per dataset")
    parser.add_argument("--datasets", nargs="*", help="dataset folder names (default: every one under --data)")
    parser.add_argument("--part", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument("--modes", nargs="*", default=["html", "dump"], choices=("html", "dump"))
    parser.add_argument("--systems", nargs="*", default=list(SYSTEMS), choices=SYSTEMS)
    parser.add_argument("--cmd", help="also score a command with {in} and {out} (a folder of inputs, one of outputs)")
    parser.add_argument("--cache", type=Path, help="folder to keep dumps and trafilatura's outputs between runs")
    parser.add_argument("--pages-json", type=Path, help="write every page's output and score here (for analysis)")
    args = parser.parse_args()
    names = args.datasets or sorted(p.name for p in args.data.iterdir() if (p / "html").is_dir())
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    rows, per_page = [], []
    for name in names:
        pages = load(args.data / name, args.part)
        if not pages:
            continue
        dumps(pages, args.cache)
        for mode in args.modes:
            systems = list(args.systems) + (["cmd"] if args.cmd else [])
            for system in systems:
                start = time.perf_counter()
                if system == "ours":
                    preds = run_ours(pages, mode)
                elif system == "trafilatura":
                    preds = run_trafilatura(pages, mode, args.cache)
                elif system == "alltext":
                    preds = {p["id"]: p["dump"] for p in pages}
                else:
                    preds = run_cmd(args.cmd, pages, mode)
                row = {"dataset": name, "part": args.part, "mode": mode, "system": system, "pages": len(pages)}
                row.update(score(preds, pages), secs=round(time.perf_counter() - start, 2))
                rows.append(row)
                print(json.dumps(row), flush=True)
                if args.pages_json:
                    for p in pages:
                        entry = {"dataset": name, "mode": mode, "system": system, "id": p["id"], "out": preds[p["id"]]}
                        if "gold" in p:
                            entry["bow_f1"] = round(bow_f1(preds[p["id"]], p["gold"]), 4)
                        per_page.append(entry)
    if args.pages_json:
        args.pages_json.write_text(json.dumps(per_page), "utf8")
    print(json.dumps({"bench": "score_extraction", "rows": rows}))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
