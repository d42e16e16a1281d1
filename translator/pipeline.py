"""The stages wired in order for a batch of articles; every stage's logic lives in its own package.

    extract → segment → fix_source → glossary annotate     (`prepare`, per article, any process)
    enforce.translate_segments                             (`translate`, one engine call per chunk)
    postedit_article → provenance                          (`finish`, per article)

Each function returns how long each stage took, so the batch can report where the time goes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from translator.document import Article

Timings = dict[str, float]


@contextmanager
def _timed(timings: Timings, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def prepare(
    data: bytes,
    name: str,
    *,
    filename: str | None = None,
    url: str | None = None,
    path: str | None = None,
    rules: Any = None,
    glossary: Any = None,
    postedit_config: Any = None,
) -> tuple[Article, Timings]:
    """Clean a page into an article, split it into segments, fix the French and find glossary terms.

    `name` is the article's output name; `filename` (with its extensions) tells the cleaner the format.
    """
    from translator.extract import extract_bytes
    from translator.glossary import annotate
    from translator.postedit import fix_source
    from translator.segment import segment_article

    timings: Timings = {}
    with _timed(timings, "extract"):
        article = extract_bytes(data, filename or name, rules=rules, url=url, require_french=True)
        article.source.name = name
        article.source.path = path
    with _timed(timings, "segment"):
        segment_article(article)
    with _timed(timings, "fix_source"):
        fix_source(article, postedit_config)
    with _timed(timings, "glossary"):
        if glossary is not None:
            annotate(article, glossary)
    return article, timings


def translate(articles: list[Article], engine: Any) -> float:
    """Translate every segment of every article in one engine call; returns the seconds it took."""
    from translator.glossary.enforce import translate_segments

    segments = [segment for article in articles for segment in article.segments()]
    start = time.perf_counter()
    if segments:
        translate_segments(segments, engine)
    return time.perf_counter() - start


def finish(
    article: Article, *, engine: Any = None, postedit_config: Any = None, provenance: dict[str, Any] | None = None
) -> Timings:
    """Post-edit the English and record what produced it."""
    from translator.postedit import postedit_article

    timings: Timings = {}
    with _timed(timings, "postedit"):
        postedit_article(article, postedit_config, engine)
    article.provenance.update(provenance or {})
    return timings
