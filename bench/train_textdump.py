"""Fit the text-dump line classifier on the tuning part of the evaluation pages; save it as JSON.

Each page's dump (every visible line, made as the scorer makes it) goes through the cleaner's own
rule and jusText passes (`textdump.judge`); each remaining block gets the features of
`translator.extract.dumpfeatures` and a label: content when most of its word 3-grams (or, for a
block under three words, its whole word sequence) occur in the page's human gold text. A
gradient-boosted tree model (scikit-learn, training only) is fitted on the `tune` pages of
`bench/data/extraction/splits.json` and written as plain arrays to
`translator/extract/models/textdump-lines.json`, which the runtime evaluates with numpy.

    pip install scikit-learn
    python bench/train_textdump.py --data ../shared/eval/extraction [--cv 5] [--trees 150] [--leaves 15]

`--cv K` first reports K-fold (by page) out-of-fold BoW F1 on the tuning pages for the model
against the jusText classifier, to choose settings without touching the held-out part.
The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from score_extraction import WORD, bow_f1, dumps, load  # noqa: E402

from translator.extract import dumpfeatures, load_rules, textdump  # noqa: E402
from translator.extract.dumpfeatures import feature_names, features  # noqa: E402
from translator.extract.language import detect  # noqa: E402
from translator.extract.linemodel import MODEL_FILE, export_trees  # noqa: E402
from translator.extract.textdump import judge, views  # noqa: E402

DATASETS = ("wcxb-dev", "scrapinghub")
LABEL_SHARE = 0.5


def label(text: str, gold_tokens: list[str], gold_grams: set, gold_joined: str) -> float:
    tokens = [t.lower() for t in WORD.findall(text)]
    if not tokens:
        return 0.0
    if len(tokens) < 3:
        return float(f" {' '.join(tokens)} " in gold_joined)
    grams = [tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)]
    return sum(g in gold_grams for g in grams) / len(grams)


def page_rows(page: dict, rules, dump: str | None = None) -> dict:
    dump = page["dump"] if dump is None else dump
    language = detect(dump)
    candidates, _removed, first, last = judge(dump, rules, language)
    gold_tokens = [t.lower() for t in WORD.findall(page["gold"])]
    grams = {tuple(gold_tokens[i : i + 3]) for i in range(len(gold_tokens) - 2)}
    joined = f" {' '.join(gold_tokens)} "
    blocks = views(candidates, first, last)
    shares = [label(b.text, gold_tokens, grams, joined) for b in blocks]
    return {
        "id": page["id"],
        "gold": page["gold"],
        "texts": [b.text for b in blocks],
        "x": features(blocks, language),
        "y": [float(s >= LABEL_SHARE) for s in shares],
        "w": [max(1, len(WORD.findall(b.text))) for b in blocks],
        "jt": [b.klass == "good" and b.in_run for b in blocks],
    }


def cropped(page: dict, rows: dict, rules) -> dict | None:
    """The same page as a dump holding little more than the article (the seed's shape).

    Without these, the model learns that a dump's first and last lines are never content,
    which holds for whole-page dumps and fails on a scraper's cleaner dumps.
    """
    positive = [i for i, y in enumerate(rows["y"]) if y]
    if not positive:
        return None
    seed = int(hashlib.sha256(page["id"].encode()).hexdigest()[:4], 16)
    before, after = seed % 4, (seed // 4) % 4
    texts = rows["texts"][max(0, positive[0] - before) : positive[-1] + after + 1]
    return page_rows(page, rules, "\n\n".join(texts))


def tuning_rows(args) -> list[dict]:
    """Every tuning page's blocks as feature rows and labels (kept in the cache folder if given)."""
    import inspect
    import pickle

    passes = ("judge", "split_blocks", "_context_free", "_classify_lists_together", "_revise", "_main_run")
    code = Path(dumpfeatures.__file__).read_text() + "".join(map(inspect.getsource, (label, page_rows, cropped)))
    code += "".join(inspect.getsource(getattr(textdump, name)) for name in passes)
    key = hashlib.sha256((code + str(args.data)).encode()).hexdigest()[:16]
    saved = args.cache / f"rows-{key}.pickle" if args.cache else None
    if saved and saved.exists():
        return pickle.loads(saved.read_bytes())
    rules = load_rules()
    rows = []
    for name in DATASETS:
        pages = load(args.data / name, "tune")
        if args.cache:
            args.cache.mkdir(parents=True, exist_ok=True)
        dumps(pages, args.cache)
        for page in pages:
            if page["gold"].strip():
                full = page_rows(page, rules)
                rows.append(full)
                crop = cropped(page, full, rules)
                if crop is not None:
                    crop["id"] += ":cropped"
                    rows.append(crop)
    if saved:
        saved.write_bytes(pickle.dumps(rows))
    return rows


def fit(rows: list[dict], args):
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.array([r for p in rows for r in p["x"]], dtype=np.float64)
    y = np.array([v for p in rows for v in p["y"]])
    # Each page weighs the same in total (the metric is a mean over pages); long blocks weigh more within it.
    w = np.array([wi / sum(p["w"]) for p in rows for wi in p["w"]]) * 1000
    model = HistGradientBoostingClassifier(
        max_iter=args.trees, max_leaf_nodes=args.leaves, learning_rate=args.rate, early_stopping=False, random_state=0
    )
    model.fit(x, y, sample_weight=w)
    return model


def page_f1(page: dict, keep) -> float:
    text = "\n".join(t for t, k in zip(page["texts"], keep, strict=True) if k)
    return bow_f1(text, page["gold"])


def cross_validate(rows: list[dict], args) -> dict:
    pages = sorted({p["id"].split(":")[0] for p in rows})
    fold_of = {pid: i % args.cv for i, pid in enumerate(pages)}
    folds = [[p for p in rows if fold_of[p["id"].split(":")[0]] == k] for k in range(args.cv)]
    model_f1 = {(t, c): [] for t in args.thresholds for c in (False, True)}
    jt_f1 = {False: [], True: []}
    for k, test in enumerate(folds):
        train = [p for j, fold in enumerate(folds) if j != k for p in fold]
        model = fit(train, args)
        for page in test:
            probs = model.predict_proba(np.array(page["x"]))[:, 1] if page["x"] else []
            crop = page["id"].endswith(":cropped")
            for t in args.thresholds:
                model_f1[t, crop].append(page_f1(page, [p >= t for p in probs]))
            jt_f1[crop].append(page_f1(page, page["jt"]))
    names = {False: "full", True: "cropped"}
    result = {f"model@{t}/{names[c]}": round(float(np.mean(v)), 4) for (t, c), v in model_f1.items()}
    result |= {f"justext/{names[c]}": round(float(np.mean(v)), 4) for c, v in jt_f1.items()}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "extraction")
    parser.add_argument("--cache", type=Path, help="folder keeping the pages' dumps between runs")
    parser.add_argument("--cv", type=int, default=0)
    parser.add_argument("--trees", type=int, default=150)
    parser.add_argument("--leaves", type=int, default=15)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.4, 0.5, 0.6])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    start = time.perf_counter()
    rows = tuning_rows(args)
    n_blocks = sum(len(p["y"]) for p in rows)
    print(f"{len(rows)} tuning pages, {n_blocks} blocks, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    result = {"bench": "train_textdump", "pages": len(rows), "blocks": n_blocks}
    if args.cv:
        result["cv_bow_f1"] = cross_validate(rows, args)
        print(json.dumps(result["cv_bow_f1"]), file=sys.stderr)
    model = fit(rows, args)
    about = {k: v for k, v in vars(args).items() if k not in ("out", "data", "cache")} | {
        "trained_on": "tune part (bench/data/extraction/splits.json) of " + ", ".join(DATASETS),
        "pages": len(rows),
        "blocks": n_blocks,
        "label": f"content when >= {LABEL_SHARE} of the block's word 3-grams are in the gold text",
        "class_balance": {str(k): v for k, v in Counter(v for p in rows for v in p["y"]).items()},
    }
    sample = np.array([r for p in rows for r in p["x"]], dtype=np.float64)
    export_trees(model, feature_names(), args.out, about, sample)
    result["model"] = str(args.out.relative_to(ROOT)) if args.out.is_relative_to(ROOT) else str(args.out)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
