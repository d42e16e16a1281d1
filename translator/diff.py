"""Compare two run folders: what changed in the English, how much, and which setting explains it.

Articles pair by name and segments by their stable id. Each changed segment gets a word-level
diff whose pieces are classed (whitespace, punctuation, case, number, glossary term, other);
the runs get chrF++ and case-sensitive TER of B against A (sacrebleu). The manifests say what
differed between the runs (glossary entries, boilerplate and post-edit rules, model, options);
each such change is matched to the changed segments it can explain.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.document import Article, Segment
from translator.errors import InputError
from translator.run.manifest import Manifest, read_manifest

CLASSES = ("whitespace", "punctuation", "case", "number", "glossary term", "other")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Piece:
    """One stretch of a segment's diff: unchanged text, or a change with its class."""

    op: str  # "equal" | "replace" | "delete" | "insert"
    before: str
    after: str
    kind: str = ""  # one of CLASSES for a change


@dataclass
class SegmentChange:
    article: str
    id: str
    status: str  # "changed" | "added" | "removed"
    source: str
    before: str
    after: str
    pieces: list[Piece] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return sorted({p.kind for p in self.pieces if p.op != "equal"}, key=CLASSES.index)


@dataclass
class Attribution:
    """One difference between the runs' settings and the changed segments it explains."""

    area: str  # "glossary" | "corrections" | "rules" | "postedit" | "model" | "options"
    change: str
    explains: list[str]  # "article#segment" keys

    def sentence(self, total: int) -> str:
        return f"{self.area}: {self.change} explains {len(self.explains)} of {total} changed segments"


@dataclass
class RunDiff:
    run_a: str
    run_b: str
    articles: int
    only_a: list[str]
    only_b: list[str]
    segments: int
    changes: list[SegmentChange]
    chrf: float | None
    ter: float | None
    attributions: list[Attribution]
    changed_articles: int

    @property
    def identical(self) -> bool:
        return not (self.changes or self.only_a or self.only_b)

    def class_counts(self) -> dict[str, int]:
        counts = Counter(kind for change in self.changes for kind in change.classes)
        return {kind: counts[kind] for kind in CLASSES if counts[kind]}

    def unexplained(self) -> int:
        explained = {key for a in self.attributions for key in a.explains}
        return sum(1 for c in self.changes if _key(c) not in explained)

    def to_dict(self) -> dict[str, Any]:
        total = len(self.changes)
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "identical": self.identical,
            "articles": self.articles,
            "changed_articles": self.changed_articles,
            "only_in_a": self.only_a,
            "only_in_b": self.only_b,
            "segments": self.segments,
            "changed_segments": total,
            "classes": self.class_counts(),
            "chrf": self.chrf,
            "ter": self.ter,
            "attributions": [
                {"area": a.area, "change": a.change, "explains": a.explains, "summary": a.sentence(total)}
                for a in self.attributions
            ],
            "unexplained": self.unexplained(),
            "changes": [
                {
                    "article": c.article,
                    "id": c.id,
                    "status": c.status,
                    "classes": c.classes,
                    "source": c.source,
                    "a": c.before,
                    "b": c.after,
                    "pieces": [p.__dict__ for p in c.pieces],
                }
                for c in self.changes
            ],
        }


@dataclass
class _Run:
    path: Path
    manifest: Manifest
    articles: dict[str, Article]


def diff_runs(run_a: str | Path, run_b: str | Path) -> RunDiff:
    """Compare run B against run A (A is the reference)."""
    a, b = _load_run(Path(run_a)), _load_run(Path(run_b))
    names = sorted(set(a.articles) & set(b.articles))
    changes: list[SegmentChange] = []
    pairs: list[tuple[str, str]] = []
    segments_a: dict[str, Segment] = {}
    segments_b: dict[str, Segment] = {}
    for name in names:
        left = {s.id: s for s in a.articles[name].segments()}
        right = {s.id: s for s in b.articles[name].segments()}
        segments_a.update({f"{name}#{i}": s for i, s in left.items()})
        segments_b.update({f"{name}#{i}": s for i, s in right.items()})
        for seg_id in sorted(set(left) | set(right)):
            old, new = left.get(seg_id), right.get(seg_id)
            if old is None or new is None:
                present = old or new
                changes.append(
                    SegmentChange(
                        name,
                        seg_id,
                        "removed" if new is None else "added",
                        present.source,
                        (old.target or "") if old else "",
                        (new.target or "") if new else "",
                    )
                )
                continue
            pairs.append((old.target or "", new.target or ""))
            if (old.target or "") != (new.target or "") or old.source != new.source:
                change = SegmentChange(name, seg_id, "changed", new.source, old.target or "", new.target or "")
                change.pieces = word_diff(change.before, change.after, _renderings(old, new))
                changes.append(change)
    chrf, ter = _scores(pairs)
    return RunDiff(
        run_a=str(run_a),
        run_b=str(run_b),
        articles=len(names),
        only_a=sorted(set(a.articles) - set(b.articles)),
        only_b=sorted(set(b.articles) - set(a.articles)),
        segments=len(set(segments_a) | set(segments_b)),
        changes=changes,
        chrf=chrf,
        ter=ter,
        attributions=_attribute(a, b, changes, segments_a, segments_b),
        changed_articles=len({c.article for c in changes}),
    )


def word_diff(before: str, after: str, renderings: set[str] = frozenset()) -> list[Piece]:
    """Word-level diff of two texts, each change classed."""
    left, right = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        old, new = "".join(left[i1:i2]), "".join(right[j1:j2])
        pieces.append(Piece(op, old, new, "" if op == "equal" else classify(old, new, renderings)))
    return pieces


def classify(before: str, after: str, renderings: set[str] = frozenset()) -> str:
    """The class of one change: the most specific that fits."""
    old, new = before.strip(), after.strip()
    if old == new:
        return "whitespace"
    if old.lower() == new.lower():
        return "case"
    if not any(ch.isalnum() for ch in old + new):
        return "punctuation"
    if any(ch.isdigit() for ch in old + new):
        return "number"
    for rendering in renderings:
        term = rendering.lower()
        if any(side and (term in side.lower() or side.lower() in term) for side in (old, new)):
            return "glossary term"
    return "other"


def _renderings(*segments: Segment) -> set[str]:
    return {hit.rendering for segment in segments for hit in segment.glossary if hit.rendering.strip()}


def _scores(pairs: list[tuple[str, str]]) -> tuple[float | None, float | None]:
    if not pairs:
        return None, None
    from sacrebleu.metrics import CHRF, TER

    references = [[a for a, _ in pairs]]
    hypotheses = [b for _, b in pairs]
    chrf = CHRF(word_order=2).corpus_score(hypotheses, references).score
    ter = TER(case_sensitive=True).corpus_score(hypotheses, references).score
    return round(chrf, 2), round(ter, 2)


def _key(change: SegmentChange) -> str:
    return f"{change.article}#{change.id}"


def _attribute(
    a: _Run, b: _Run, changes: list[SegmentChange], segments_a: dict[str, Segment], segments_b: dict[str, Segment]
) -> list[Attribution]:
    """Match each settings difference recorded in the manifests to the changed segments it explains."""
    keys = [_key(c) for c in changes]
    out: list[Attribution] = []
    if a.manifest.glossary.get("sha256") != b.manifest.glossary.get("sha256"):
        out.extend(_glossary_attributions(keys, segments_a, segments_b))

    for sign, before, after in (("+", segments_a, segments_b), ("-", segments_b, segments_a)):
        # a correction explains a segment it now sets (new or changed); a dropped one, the segment it set
        explains = [k for k in keys if _corrected(after.get(k)) and (sign == "+" or not _corrected(before.get(k)))]
        if explains:
            word = "applied" if sign == "+" else "dropped"
            out.append(Attribution("corrections", f"{sign}reviewer corrections {word}", explains))

    rule_changes = {}
    for area in ("postedit", "rules"):
        rules_a, rules_b = set(a.manifest.ids(area)), set(b.manifest.ids(area))
        rule_changes[area] = rules_a != rules_b
        for sign, only in (("+", rules_b - rules_a), ("-", rules_a - rules_b)):
            for rule in sorted(only):
                if area == "postedit":
                    explains = [k for k in keys if _edited_by(rule, segments_a.get(k), segments_b.get(k))]
                else:
                    moved = [c for c in changes if c.status != "changed"]
                    explains = [_key(c) for c in moved if _removed_by(rule, c.article, a, b)]
                out.append(Attribution(area, f"{sign}{rule}", explains))

    model_a, model_b = _model_identity(a.manifest), _model_identity(b.manifest)
    if model_a and model_b and model_a != model_b:
        out.append(Attribution("model", _model_change(model_a, model_b), keys))
    options_a, options_b = a.manifest.options, b.manifest.options
    attributed = {"glossaries", "packs", "default_glossary", "boilerplate_rules"}
    for option in sorted(set(options_a) | set(options_b)):
        if option in attributed:
            continue  # their effect is attributed entry by entry, rule by rule, above
        if options_a.get(option) != options_b.get(option):
            out.append(Attribution("options", f"{option} {options_a.get(option)!r} → {options_b.get(option)!r}", keys))
    return out


def _corrected(segment: Segment | None) -> bool:
    return segment is not None and segment.corrected


def _glossary_attributions(
    keys: list[str], segments_a: dict[str, Segment], segments_b: dict[str, Segment]
) -> list[Attribution]:
    """Glossary entries that fire in one run and not the other (or render differently), read from
    the segments' recorded hits, each with the changed segments where it fired."""
    entries_a, entries_b = _fired_entries(segments_a), _fired_entries(segments_b)
    out = []
    for entry in sorted(entries_a.keys() | entries_b.keys()):
        before, after = entries_a.get(entry), entries_b.get(entry)
        if before == after:
            continue
        sign = "+" if before is None else "-" if after is None else "~"
        explains = [
            k
            for k in keys
            if any((h.entry, h.kind) == entry for s in (segments_a.get(k), segments_b.get(k)) if s for h in s.glossary)
        ]
        out.append(Attribution("glossary", f"{sign}{_describe_entry(entry, after or before or set())}", explains))
    return out


def _fired_entries(segments: dict[str, Segment]) -> dict[tuple[str, str], set[str]]:
    """(French term, kind) → the renderings it required, over every segment of a run."""
    fired: dict[tuple[str, str], set[str]] = {}
    for segment in segments.values():
        for hit in segment.glossary:
            fired.setdefault((hit.entry, hit.kind), set()).add(hit.rendering.casefold())
    return fired


def _edited_by(rule: str, *segments: Segment | None) -> bool:
    """A post-edit rule explains a segment it edited in either run."""
    return any(segment is not None and any(e.rule == rule for e in segment.edits) for segment in segments)


def _removed_by(rule: str, article: str, *runs: _Run) -> bool:
    """A boilerplate rule explains added or removed segments of an article where it removed a block."""
    return any(
        run.articles.get(article) is not None and any(r.rule == rule for r in run.articles[article].removed)
        for run in runs
    )


def _model_identity(manifest: Manifest) -> dict[str, Any] | None:
    """The model as far as output goes: where it is installed does not matter."""
    return {k: v for k, v in manifest.model.items() if k != "path"} or None


def _describe_entry(entry: tuple[str, str], renderings: set[str]) -> str:
    term, kind = entry
    if kind == "keep":
        return f"'{term}' (keep)"
    arrow = "↛" if kind == "forbid" else "→"
    return f"'{term}{arrow}{'/'.join(sorted(renderings))}'"


def _model_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    def short(identity: dict[str, Any]) -> str:
        return str(identity.get("model_hash") or identity.get("package") or identity)[:12]

    return f"{short(old)} → {short(new)}"


def _load_run(path: Path) -> _Run:
    if not path.is_dir():
        raise InputError(f"{path}: not a run folder")
    manifest = read_manifest(path, settings=True) or Manifest(tool="", run_key="", started="", identity={})
    if manifest.articles:
        names = [n for n, e in manifest.articles.items() if e.status in ("ok", "skipped")]
    else:
        names = [p.name[: -len(".json")] for p in path.glob("*.json") if p.name != "manifest.json"]
    articles = {}
    for name in names:
        record = path / f"{name}.json"
        try:
            articles[name] = Article.from_json(record.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InputError(f"{record}: not a readable article record ({error})") from error
    if not articles:
        raise InputError(f"{path}: no article records (NAME.json) in this folder")
    return _Run(path, manifest, articles)
