"""The HTML review pages: `index.html` listing every article, one side-by-side page per article.

Everything shown comes from scraped pages, so it is untrusted: the templates autoescape every
value, the only markup added is our own `<mark>` highlighting built from escaped pieces, the
pages carry a Content-Security-Policy that forbids scripts and remote loads, and only http(s)
source URLs become links. The pages are self-contained files that work opened from disk.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from translator.document import Article, Edit, Segment

REVIEW_FOLDER = "review"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
NOTEWORTHY_HITS = ("repaired", "flagged")  # listed beside the segment; every hit is highlighted in the text


@dataclass
class ReviewEntry:
    """One line of the index: a finished article, or an input that failed with its reason."""

    name: str
    article: Article | None = None
    reason: str = ""


@dataclass
class _Span:
    start: int
    end: int
    css: str
    title: str


@dataclass
class _Row:
    id: str
    kind: str
    source: Markup
    target: Markup
    classes: str
    flags: list = field(default_factory=list)
    glossary: list = field(default_factory=list)
    edits: list = field(default_factory=list)


def article_page_path(name: str) -> str:
    """Where an article's review page lives, relative to the run folder."""
    return f"{REVIEW_FOLDER}/{name}.html"


def render_article_page(article: Article) -> str:
    """Side-by-side French | English, segment by segment, with edits, glossary hits and flags."""
    rows = []
    for block in article.blocks:
        for index, segment in enumerate(block.segments):
            rows.append(_row(segment, block.kind if index == 0 else "", block_start=index == 0))
    source = article.source
    return template("review_article.html").render(
        css=page_css(),
        title=article.title or source.name,
        source=source,
        source_link=safe_link(source.url),
        article_flags=_sorted_flags(article.flags),
        rows=rows,
        flagged=sum(1 for row in rows if row.flags),
        removed=article.removed,
        index_href="../index.html",
    )


def render_index(entries: list[ReviewEntry], run_name: str) -> str:
    """The run's front page: every article with its flags, every failed input with its reason."""
    lines = []
    totals = {"articles": len(entries), "failed": 0, "segments": 0, "flags": Counter()}
    for entry in sorted(entries, key=lambda e: e.name):
        article = entry.article
        if article is None:
            totals["failed"] += 1
            lines.append(
                {
                    "name": entry.name,
                    "title": None,
                    "page": None,
                    "status": "failed",
                    "reason": entry.reason,
                    "segments": 0,
                    "article_flags": [],
                    "segment_flags": [],
                }
            )
            continue
        segments = article.segments()
        counts = Counter((f.severity, f.code) for s in segments for f in s.flags)
        totals["segments"] += len(segments)
        totals["flags"].update(f.severity for f in article.flags)
        for (severity, _code), count in counts.items():
            totals["flags"][severity] += count
        lines.append(
            {
                "name": entry.name,
                "title": article.title,
                "page": quote(article_page_path(entry.name)),
                "status": "ok",
                "reason": entry.reason,
                "segments": len(segments),
                "article_flags": _sorted_flags(article.flags),
                "segment_flags": sorted(
                    ((sev, code, n) for (sev, code), n in counts.items()), key=lambda t: (SEVERITY_ORDER[t[0]], t[1])
                ),
            }
        )
    return template("review_index.html").render(css=page_css(), run_name=run_name, entries=lines, totals=totals)


def safe_link(url: str | None) -> str | None:
    """A URL fit for an href: http(s) only, so `javascript:` and `data:` links never become clickable."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def highlight(text: str, spans: list[_Span]) -> Markup:
    """Escape `text` and wrap the given non-overlapping character spans in `<mark>`."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end <= span.start or span.end > len(text):
            continue
        out.append(escape(text[cursor : span.start]))
        out.append(
            Markup('<mark class="{}" title="{}">{}</mark>').format(span.css, span.title, text[span.start : span.end])
        )
        cursor = span.end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)


def _row(segment: Segment, kind: str, *, block_start: bool) -> _Row:
    target = segment.target or ""
    source_spans = [
        _Span(hit.start, hit.end, "gloss", f"glossary: {hit.entry} → {hit.rendering} ({hit.status})")
        for hit in segment.glossary
        if hit.kind != "forbid"
    ]
    target_spans = []
    for hit in segment.glossary:
        found = _find(target, hit.rendering, 0)
        if found is not None:
            css, title = (
                ("forbidden", f"forbidden rendering of {hit.entry}")
                if hit.kind == "forbid"
                else ("gloss", f"glossary: {hit.entry}")
            )
            target_spans.append(_Span(found, found + len(hit.rendering), css, title))
    for edit in segment.edits:
        text, spans = (segment.source, source_spans) if edit.side == "source" else (target, target_spans)
        found = _find(text, edit.after, edit.position)
        if found is not None:
            spans.append(_Span(found, found + len(edit.after), "edit", _edit_title(edit)))
    severities = {f.severity for f in segment.flags}
    classes = " ".join(
        c
        for c in (
            "block-start" if block_start else "",
            "flagged" if segment.flags else "",
            "error" if "error" in severities else "",
        )
        if c
    )
    return _Row(
        id=segment.id,
        kind=kind,
        source=highlight(segment.source, source_spans),
        target=highlight(target, target_spans),
        classes=classes,
        flags=_sorted_flags(segment.flags),
        glossary=[hit for hit in segment.glossary if hit.status in NOTEWORTHY_HITS],
        edits=[
            {"rule": e.rule, "side": e.side, "before": _visible(e.before), "after": _visible(e.after)}
            for e in segment.edits
        ],
    )


def _find(text: str, needle: str, near: int) -> int | None:
    """Offset of `needle` as a whole word in `text`, preferring the occurrence at or after `near`,
    then any occurrence, then one in another case."""
    if not needle.strip():
        return None
    pattern = rf"(?<!\w){re.escape(needle)}(?!\w)"
    for flags in (0, re.IGNORECASE):
        starts = [m.start() for m in re.finditer(pattern, text, flags)]
        if starts:
            return next((start for start in starts if start >= near), starts[0])
    return None


def _visible(text: str) -> str:
    """Edit text as a reviewer can see it: invisible spaces named, an empty side shown as ∅."""
    if not text:
        return "∅"
    shown = text.replace("\u00a0", "⍽").replace("\u202f", "⍽").replace("\u2009", "⍽")
    return shown if shown.strip() else repr(shown)


def _edit_title(edit: Edit) -> str:
    return f"{edit.rule}: {edit.before!r} → {edit.after!r}"


def _sorted_flags(flags: list) -> list:
    return sorted(flags, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.code))


@cache
def page_css() -> Markup:
    return Markup(resources.files("translator.outputs").joinpath("templates/review.css").read_text("utf-8"))


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("translator.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template(name: str):
    return _environment().get_template(name)
