"""The HTML review pages: `index.html` listing every article, one side-by-side page per article.

Everything shown comes from scraped pages, so it is untrusted: the templates autoescape every
value, the only markup added is our own `<mark>` highlighting built from escaped pieces, the
pages carry a Content-Security-Policy that forbids scripts and remote loads, and only http(s)
source URLs become links. The pages are self-contained files that work opened from disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from translator.document import Article, Edit, Flag, Segment

REVIEW_FOLDER = "review"
# Scripts only from the run folder's own copy of the package's static files; nothing remote, no inline script.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
NOTEWORTHY_HITS = ("repaired", "flagged")  # listed beside the segment; every hit is highlighted in the text


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
    whitespace_edits: list = field(default_factory=list)
    corrected: bool = False
    plain_target: str = ""


def article_page_path(name: str) -> str:
    """Where an article's review page lives, relative to the run folder."""
    return f"{REVIEW_FOLDER}/{name}.html"


def render_article_page(article: Article, *, workspace: dict[str, Any] | None = None) -> str:
    """Side-by-side French | English, segment by segment, with edits, glossary hits and flags.

    `workspace` (from `translator review`) adds the editing controls' data; the static page has none.
    """
    rows = []
    for block in article.blocks:
        for index, segment in enumerate(block.segments):
            rows.append(_row(segment, block.kind if index == 0 else "", block_start=index == 0))
    source = article.source
    return template("review_article.html").render(
        css=page_css(),
        csp=PAGE_CSP,
        title=article.title or source.name,
        english_title=english_title(article) or "",
        name=source.name,
        source=source,
        source_link=safe_link(source.url),
        article_flags=_sorted_flags(article.flags),
        rows=rows,
        flagged=sum(1 for row in rows if row.flags),
        removed=article.removed,
        index_href="../index.html",
        workspace=workspace,
    )


def english_title(article: Article) -> str | None:
    """The English of the title block, once translated."""
    return next((b.translation for b in article.blocks if b.kind == "title"), None)


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
    visible_edits = [e for e in segment.edits if not whitespace_only(e)]
    for edit in visible_edits:
        text, spans = (segment.source, source_spans) if edit.side == "source" else (target, target_spans)
        found = _find(text, edit.after, edit.position)
        if found is not None:
            spans.append(_Span(found, found + len(edit.after), "edit", _edit_title(edit)))
    for item in segment.flags:
        for side, word in flag_words(item):
            text, spans = (segment.source, source_spans) if side == "source" else (target, target_spans)
            found = _find(text, word, 0)
            if found is not None:
                spans.insert(0, _Span(found, found + len(word), f"flagword {item.severity}", f"{item.code}: {word}"))
    severities = {f.severity for f in segment.flags}
    worst = next((s for s in ("error", "warning", "info") if s in severities), "")
    classes = " ".join(
        c
        for c in (
            "block-start" if block_start else "",
            "flagged" if segment.flags else "",
            worst,
            "corrected" if segment.corrected else "",
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
        edits=[_edit_view(e) for e in visible_edits],
        whitespace_edits=[_edit_view(e) for e in segment.edits if whitespace_only(e)],
        corrected=segment.corrected,
        plain_target=target,
    )


def _edit_view(edit: Edit) -> dict[str, str]:
    return {"rule": edit.rule, "side": edit.side, "before": _visible(edit.before), "after": _visible(edit.after)}


def whitespace_only(edit: Edit) -> bool:
    """An edit that changes only spacing (a narrow no-break space before a colon, a doubled space)."""
    return "".join(edit.before.split()) == "".join(edit.after.split())


@cache
def _flag_patterns() -> dict[str, list[tuple[str, re.Pattern]]]:
    from translator.datafiles import list_lines

    patterns: dict[str, list[tuple[str, re.Pattern]]] = {}
    for line in list_lines(resources.files("translator.outputs") / "flag_words.tsv"):
        code, side, pattern = line.split("\t")
        patterns.setdefault(code, []).append((side, re.compile(pattern)))
    return patterns


def flag_words(item: Flag) -> list[tuple[str, str]]:
    """The (side, word) pairs a flag's message names, for the codes listed in `flag_words.tsv`."""
    return [
        (side, word.strip())
        for side, pattern in _flag_patterns().get(item.code, [])
        for match in pattern.finditer(item.message)
        for word in match.group(1).split(", ")
        if word.strip()
    ]


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
