"""`translator translate`: English for text files (one segment per line) and cleaned article JSONs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translator.document import Article, Segment
from translator.errors import InputError

if TYPE_CHECKING:
    from translator.engine.engine import Engine


def translate_segments(segments: list[Segment], engine: Engine, glossary=None) -> None:
    """Fill each segment's target: glossary hits recorded, then enforced translation in one engine call."""
    from translator.glossary.enforce import translate_segments as enforce
    from translator.glossary.load import annotate_segments

    if glossary is not None:
        annotate_segments(segments, glossary)
    enforce(segments, engine)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start})") from error


@dataclass
class _Document:
    """A file's segments, and how to print it once they are translated."""

    segments: list[Segment]
    render: Callable[[], str]


def _load(path: Path) -> _Document:
    text = _read_text(path)
    if path.suffix.lower() == ".json":
        try:
            article = Article.from_json(text)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InputError(f"{path}: not an article JSON record ({error})") from error
        if not article.segments():
            from translator.segment import segment_article

            segment_article(article)
        from translator.outputs.text import render_text

        return _Document(article.segments(), lambda: render_text(article, english=True))
    lines = text.splitlines()
    by_line = {n: Segment(id=f"line{n:05d}", source=line) for n, line in enumerate(lines) if line.strip()}

    def render() -> str:
        return "".join((by_line[n].target or "" if n in by_line else "") + "\n" for n in range(len(lines)))

    return _Document(list(by_line.values()), render)


def translate_paths(paths: list[str | Path], engine: Engine, glossary=None) -> list[tuple[str, str | None, str | None]]:
    """(path, English, error) per file, all readable files' segments translated in one batch."""
    documents: list[tuple[str, _Document | None, str | None]] = []
    for path in paths:
        try:
            documents.append((str(path), _load(Path(path)), None))
        except InputError as error:
            documents.append((str(path), None, str(error)))
    translate_segments([s for _, document, _ in documents if document for s in document.segments], engine, glossary)
    return [(path, document.render() if document else None, error) for path, document, error in documents]
