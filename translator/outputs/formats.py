"""Output formats by name: where each writes an article and how it renders it.

A format is one entry in `FORMATS`; `translator run --to` and `translator clean --to` pick from
it. Per-article formats write one file per article (`NAME.en.md`); a collected format (`jsonl`)
appends one line per article to one file of the run. Renderers import lazily, so listing the
formats costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translator.document import Article


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    path: Callable[[str, bool], str]  # (article name, english) → path relative to the output folder
    render: Callable[[Article, bool], str]  # (article, english) → the file's text (a line for a collected format)
    collected: bool = False  # one file for the whole run, a line per article
    english_only: bool = False  # only meaningful for translated articles


def _markdown(article: Article, english: bool) -> str:
    from translator.outputs.markdown import render_markdown

    return render_markdown(article, english=english)


def _text(article: Article, english: bool) -> str:
    from translator.outputs.text import render_text

    return render_text(article, english=english)


def _record(article: Article, english: bool) -> str:
    return article.to_json() + "\n"


def _record_line(article: Article, english: bool) -> str:
    return article.to_json(indent=None) + "\n"


def _review_page(article: Article, english: bool) -> str:
    from translator.outputs.review import render_article_page

    return render_article_page(article)


def _english_suffix(english: bool) -> str:
    return ".en" if english else ""


COLLECTED_JSONL = "articles.jsonl"

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", "Markdown article", lambda name, en: f"{name}{_english_suffix(en)}.md", _markdown),
        Format("json", "the full record, readable back", lambda name, en: f"{name}.json", _record),
        Format(
            "text", "plain text: title, then paragraphs", lambda name, en: f"{name}{_english_suffix(en)}.txt", _text
        ),
        Format("review", "HTML review page", lambda name, en: f"review/{name}.html", _review_page, english_only=True),
        Format(
            "jsonl", "one record a line in one file", lambda name, en: COLLECTED_JSONL, _record_line, collected=True
        ),
    )
}
RUN_FORMATS = tuple(FORMATS)
ARTICLE_FORMATS = tuple(name for name, f in FORMATS.items() if not f.english_only)


def write_article(outdir: Path, article: Article, formats: list[str], english: bool) -> None:
    """Write an article in each format, in the order given: per-article files atomically, a line to
    each collected file."""
    from translator.errors import OutputError
    from translator.fileio import atomic_write_text
    from translator.inputs.reasons import os_reason

    for name in formats:
        fmt = FORMATS[name]
        path = outdir / fmt.path(article.source.name, english)
        try:
            if fmt.collected:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(fmt.render(article, english))
            else:
                atomic_write_text(path, fmt.render(article, english))
        except OSError as error:
            raise OutputError(f"cannot write {path}: {os_reason(error)}") from None
