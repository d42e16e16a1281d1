"""What each stage adds or costs in quality: the engine alone, then with glossaries, then with
post-editing, scored against references (BLEU, chrF++, TER with sacrebleu's signatures).

    python bench/quality.py --model PATH                          # the set in bench/data/quality/
    python bench/quality.py --model PATH --source FR.txt --reference EN.txt [--glossary my.tsv]
    python bench/quality.py --model PATH --sacrebleu-test wmt14   # sacrebleu downloads it (needs internet)

One segment a line on both sides. Stages, each on the same lines:
1. engine: the model's plain translation of each line;
2. + glossaries: the glossary enforced (masking, repair, fallback) as in a run;
3. + post-editing: stage 2 followed by the post-editor (re-translation of loops, English-side rules).
Prints a table and, on its last line, one JSON object with the three scores and their differences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data" / "quality"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").removesuffix("\n").split("\n")


def sacrebleu_set(name: str) -> tuple[list[str], list[str]]:
    """The French→English test set `name`, through sacrebleu's own download (needs internet)."""
    from sacrebleu.utils import download_test_set, get_reference_files, get_source_file

    try:
        download_test_set(name, "fr-en")
        source, references = get_source_file(name, "fr-en"), get_reference_files(name, "fr-en")
    except Exception as error:  # sacrebleu raises several kinds (network, unknown set); report one line
        raise SystemExit(f"cannot get the sacrebleu test set {name} fr-en ({error})") from error
    return read_lines(Path(source)), read_lines(Path(references[0]))


def article_of(lines: list[str]):
    """One paragraph block and one segment per line, so the stages see run-like segments."""
    from translator.document import Article, Block, Segment, Source

    blocks = [Block("paragraph", line, [Segment(id=f"b{n:03d}.s00", source=line)]) for n, line in enumerate(lines)]
    return Article(Source(name="quality"), blocks)


def stages(model: str, lines: list[str], glossaries: list[str], default_glossary: bool) -> dict[str, list[str]]:
    """The English of every line after each stage."""
    from translator.engine import load_engine
    from translator.glossary import annotate, load_glossaries
    from translator.glossary.enforce import translate_segments
    from translator.postedit import PosteditConfig, postedit_article

    engine = load_engine(model, offline=True, cache=False)
    out = {"engine": engine.translate_texts(lines)}
    article = article_of(lines)
    annotate(article, load_glossaries(glossaries, use_default=default_glossary))
    translate_segments(article.segments(), engine)
    out["glossaries"] = [segment.target or "" for segment in article.segments()]
    postedit_article(article, PosteditConfig(), engine)
    out["postedit"] = [segment.target or "" for segment in article.segments()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="argos package, .argosmodel or CTranslate2 folder")
    parser.add_argument("--source", type=Path, default=DATA / "fr.txt")
    parser.add_argument("--reference", type=Path, default=DATA / "en.txt")
    parser.add_argument("--sacrebleu-test", metavar="NAME", help="e.g. wmt14: downloaded by sacrebleu (online only)")
    parser.add_argument("--glossary", action="append", default=[], help="glossary file (repeatable)")
    parser.add_argument("--no-default-glossary", action="store_true", help="without the shipped glossaries")
    args = parser.parse_args()

    from translator.errors import TranslatorError
    from translator.score import score_pairs

    if args.sacrebleu_test:
        source, reference = sacrebleu_set(args.sacrebleu_test)
        label = f"sacrebleu {args.sacrebleu_test} fr-en"
    else:
        source, reference = read_lines(args.source), read_lines(args.reference)
        label = f"{args.source} / {args.reference}"
    if len(source) != len(reference):
        raise SystemExit(f"{len(source)} source lines but {len(reference)} reference lines: they must pair up")
    start = time.perf_counter()
    try:
        english = stages(args.model, source, args.glossary, not args.no_default_glossary)
        reports = {name: score_pairs({name: list(zip(out, reference, strict=True))}) for name, out in english.items()}
    except TranslatorError as error:
        raise SystemExit(f"Error: {error}") from error
    seconds = time.perf_counter() - start

    base = reports["engine"].corpus
    print(f"{len(source)} segments ({label}), model {args.model}, {seconds:.1f} s")
    print(f"{'stage':12} {'BLEU':>7} {'chrF++':>7} {'TER':>7}   (change against the engine alone)")
    result: dict[str, object] = {"segments": len(source), "set": label, "model": str(args.model)}
    for name, report in reports.items():
        corpus = report.corpus
        change = f"{corpus.bleu - base.bleu:+.2f} {corpus.chrf - base.chrf:+.2f} {corpus.ter - base.ter:+.2f}"
        print(f"{name:12} {corpus.bleu:7.2f} {corpus.chrf:7.2f} {corpus.ter:7.2f}   {change}")
        result[name] = {"bleu": corpus.bleu, "chrf": corpus.chrf, "ter": corpus.ter}
    result["signatures"] = reports["engine"].signatures
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
