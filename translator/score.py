"""Translation quality against references: BLEU, chrF++ and TER (sacrebleu), corpus and per article.

The two sides are text files (one segment a line, paired line by line) or folders: a run folder's
`NAME.json` records against a reference folder holding `NAME.json` (paired by segment id) or
`NAME.en.txt` (one line per segment of the article, in order). Sides that do not pair up raise
`PairingError` naming the article, file or segment where they part.

    from translator.score import score_run
    report = score_run("runs/today", "refs/")      # report.corpus.bleu, report.articles["NAME"].chrf
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translator.errors import TranslatorError

REFERENCE_SUFFIXES = (".json", ".en.txt")
_SHOWN = 5  # pairing problems named in one message


class PairingError(TranslatorError):
    """The hypothesis and reference sides do not pair up (the CLI exits 2)."""


@dataclass(frozen=True)
class Scores:
    """BLEU and chrF++ (higher is better) and TER (lower is better), on 0-100."""

    segments: int
    bleu: float
    chrf: float
    ter: float


@dataclass
class ScoreReport:
    corpus: Scores
    articles: dict[str, Scores] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)
    unpaired: list[str] = field(default_factory=list)  # with `partial`: what was left out, and why
    without_reference: dict[str, int] = field(default_factory=dict)  # segments left out per article

    def to_dict(self) -> dict:
        data = {
            "corpus": asdict(self.corpus),
            "articles": {name: asdict(scores) for name, scores in self.articles.items()},
            "signatures": self.signatures,
        }
        if self.without_reference:
            data["without_reference"] = self.without_reference
        return {**data, "unpaired": self.unpaired} if self.unpaired else data


Pairs = dict[str, list[tuple[str, str]]]  # article name -> (hypothesis, reference) per segment


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the first segment
    except UnicodeDecodeError as error:
        raise PairingError(f"{path}: not UTF-8 text") from error
    except OSError as error:
        raise PairingError(f"{path}: cannot read ({error.strerror or error})") from error
    return text.removesuffix("\n").split("\n") if text else []


def _record_segments(path: Path) -> list[tuple[str, str]]:
    """(segment id, English) of an article record, in order."""
    from translator.document import Article

    try:
        article = Article.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PairingError(f"{path}: not an article record ({error})") from error
    return [(segment.id, segment.target or "") for segment in article.segments()]


def _records(folder: Path) -> dict[str, Path]:
    return {p.name.removesuffix(".json"): p for p in sorted(folder.glob("*.json")) if p.name != "manifest.json"}


def _references(folder: Path) -> dict[str, Path]:
    found = {p.name.removesuffix(".en.txt"): p for p in sorted(folder.glob("*.en.txt"))}
    return {**found, **_records(folder)}  # NAME.json wins: it pairs by segment id


def _fail(problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise PairingError("the two sides do not pair up: " + "; ".join(problems[:_SHOWN]) + more)


def _pair_article(name: str, hypothesis: Path, reference: Path) -> tuple[list[tuple[str, str]], list[str]]:
    segments = _record_segments(hypothesis)
    if reference.name.endswith(".en.txt"):
        lines = _lines(reference)
        if len(lines) != len(segments):
            return [], [f"{name}: {reference.name} has {len(lines)} lines, the run has {len(segments)} segments"]
        return [(target, line) for (_, target), line in zip(segments, lines, strict=True)], []
    wanted = dict(_record_segments(reference))
    have = {segment_id for segment_id, _ in segments}
    problems = [f"{name}: segment {i} has no reference" for i, _ in segments if i not in wanted]
    problems += [f"{name}: reference segment {i} is not in the run" for i in wanted if i not in have]
    return [(target, wanted[i]) for i, target in segments if i in wanted], problems


def pair_folders(hypothesis: Path, reference: Path, *, partial: bool = False) -> tuple[Pairs, list[str]]:
    """Articles of a run folder paired with their references, by name and segment id, and the
    pairing problems. Any problem raises PairingError, unless `partial`: then the articles that
    pair are kept and the problems returned."""
    runs, references = _records(hypothesis), _references(reference)
    if not runs:
        raise PairingError(f"{hypothesis}: no article records (NAME.json) to score")
    problems = [f"{reference} has no NAME.en.txt or NAME.json for {name}" for name in runs if name not in references]
    problems += [f"{hypothesis} has no article {name}" for name in references if name not in runs]
    pairs: Pairs = {}
    for name in runs:
        if name in references:
            paired, found = _pair_article(name, runs[name], references[name])
            problems += found
            if not found:
                pairs[name] = paired
    if not partial:
        _fail(problems)
    return pairs, problems


def pair_files(hypothesis: Path, reference: Path) -> Pairs:
    """Two text files, one segment a line, paired line by line."""
    hyps, refs = _lines(hypothesis), _lines(reference)
    if len(hyps) != len(refs):
        raise PairingError(
            f"the two sides do not pair up: {hypothesis} has {len(hyps)} lines, {reference} has {len(refs)}"
        )
    return {hypothesis.name: list(zip(hyps, refs, strict=True))}


def _scores(pairs: list[tuple[str, str]], metrics) -> Scores:
    hyps = [h for h, _ in pairs]
    refs = [[r for _, r in pairs]]
    bleu, chrf, ter = (metric.corpus_score(hyps, refs).score for metric in metrics)
    return Scores(len(pairs), round(bleu, 2), round(chrf, 2), round(ter, 2))


def score_pairs(pairs: Pairs) -> ScoreReport:
    """Corpus scores over every pair, and each article's own. A segment whose reference is empty
    (null, missing or blank in a record, a blank line) has no reference: it is left out and counted,
    never scored against "" (which would drag its article to 0 and tell nothing)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = (BLEU(), CHRF(word_order=2), TER())
    kept = {name: [(hyp, ref) for hyp, ref in article if ref.strip()] for name, article in pairs.items()}
    left_out = {name: len(pairs[name]) - len(kept[name]) for name in pairs if len(kept[name]) < len(pairs[name])}
    every = [pair for article in kept.values() for pair in article]
    if not every:
        reason = "every reference segment is empty" if left_out else "no segments on either side"
        raise PairingError(f"nothing to score: {reason}")
    report = ScoreReport(_scores(every, metrics), without_reference=left_out)
    report.articles = {name: _scores(article, metrics) for name, article in kept.items() if article}
    report.signatures = {
        name: str(metric.get_signature()) for name, metric in zip(("bleu", "chrf", "ter"), metrics, strict=True)
    }
    return report


def score_paths(hypothesis: str | Path, reference: str | Path) -> ScoreReport:
    """Score HYP against REF: two text files, or a run folder against a reference folder."""
    hypothesis, reference = Path(hypothesis), Path(reference)
    for path in (hypothesis, reference):
        if not path.exists():
            raise PairingError(f"{path}: no such file or folder")
    if hypothesis.is_dir() != reference.is_dir():
        raise PairingError(f"give two text files or two folders, not {hypothesis} and {reference}")
    if hypothesis.is_dir():
        return score_pairs(pair_folders(hypothesis, reference)[0])
    return score_pairs(pair_files(hypothesis, reference))


def score_run(rundir: str | Path, refdir: str | Path, *, partial: bool = False) -> ScoreReport:
    """A finished run's scores against a reference folder (for `translator run --ref`).

    `partial`: score the articles that pair and list the rest in `unpaired` instead of raising
    (PairingError is still raised when nothing pairs)."""
    pairs, problems = pair_folders(Path(rundir), Path(refdir), partial=partial)
    if not pairs:
        _fail(problems or [f"{refdir}: no reference pairs with {rundir}"])
    report = score_pairs(pairs)
    report.unpaired = problems
    return report


def render(report: ScoreReport) -> str:
    """The report as text: corpus line, signatures, then articles worst chrF++ first."""
    corpus = report.corpus
    lines = [
        f"corpus ({corpus.segments} segments): BLEU {corpus.bleu:.2f}  chrF++ {corpus.chrf:.2f}  TER {corpus.ter:.2f}",
        *(f"  {name}: {signature}" for name, signature in report.signatures.items()),
    ]
    if report.without_reference:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(report.without_reference.items()))
        total = sum(report.without_reference.values())
        lines.append(f"left out: {total} segments without a reference ({counts})")
    if len(report.articles) > 1:
        width = max(len(name) for name in report.articles)
        lines.append(f"{'article':{width}}  segments   BLEU  chrF++    TER")
        for name, scores in sorted(report.articles.items(), key=lambda item: (item[1].chrf, item[0])):
            lines.append(
                f"{name:{width}}  {scores.segments:8d} {scores.bleu:6.2f} {scores.chrf:7.2f} {scores.ter:6.2f}"
            )
    return "\n".join(lines)


def to_json(report: ScoreReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
