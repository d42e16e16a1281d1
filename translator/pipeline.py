"""The stages wired in order; every stage's logic lives in its own package.

    extract → segment → fix_source → glossary annotate     (`prepare`, per article, any process)
    glossary.enforce.translate_segments                    (`translate`, one engine call per chunk)
    postedit_article → provenance                          (`finish`, per article)

`Stages` holds what these need, loaded once from the `Settings` (rules, glossary, post-edit
configuration); it is small enough to hand to worker processes. Each function returns how long
each of its stages took, so a run can report where the time goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translator.document import Article

if TYPE_CHECKING:
    from translator.engine.protocol import TranslationEngine
    from translator.extract.rules import BoilerplateRules
    from translator.glossary.matcher import Glossary
    from translator.settings import Settings

Timings = dict[str, float]


@dataclass(frozen=True)
class Stages:
    """The loaded, read-only state the per-article stages share."""

    settings: Settings
    rules: BoilerplateRules
    glossary: Glossary

    @classmethod
    def load(cls, settings: Settings, *, glossary: bool = True) -> Stages:
        """Boilerplate rules and glossaries, read and checked now: a broken file stops the caller before any work."""
        from translator.extract import load_rules
        from translator.glossary import load_glossaries
        from translator.glossary.matcher import Glossary
        from translator.postedit import rule_set

        run = settings.run
        rule_set(settings.postedit)  # unknown rule ids and broken user rule files fail here
        loaded = (
            load_glossaries(run.glossaries, use_default=run.default_glossary, packs=run.packs)
            if glossary
            else Glossary([])
        )
        return cls(settings, load_rules(run.boilerplate_rules), loaded)


def load_engine(settings: Settings) -> TranslationEngine:
    """The engine the settings name (model, offline, memory, decoding options)."""
    from translator.engine import load_engine as load

    model = settings.model
    return load(model.path, offline=model.offline, options=settings.engine, cache=model.cache)


@contextmanager
def _timed(timings: Timings, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def clean(
    data: bytes,
    filename: str,
    stages: Stages,
    *,
    url: str | None = None,
    title: str | None = None,
    require_french: bool,
) -> Article:
    """A page's bytes to a French article; `filename`'s extensions tell HTML from a text dump. A
    `title` given beside the page (a records file's field) heads the article when the page has none."""
    from translator.document import Block
    from translator.extract import extract_bytes

    article = extract_bytes(data, filename, rules=stages.rules, url=url, require_french=require_french)
    if title and title.strip() and article.title is None:
        article.blocks.insert(0, Block("title", " ".join(title.split())))
    return article


def prepare(
    data: bytes,
    name: str,
    stages: Stages,
    *,
    filename: str,
    url: str | None = None,
    path: str | None = None,
    title: str | None = None,
) -> tuple[Article, Timings]:
    """Clean a page into an article, split it into segments, fix the French and find glossary terms."""
    from translator.inputs.names import printable

    timings: Timings = {}
    with _timed(timings, "extract"):
        article = clean(data, filename, stages, url=url, title=title, require_french=True)
        article.source.name = name
        article.source.path = printable(path) if path else path
    segment(article, stages, timings)
    return article, timings


def segment(article: Article, stages: Stages, timings: Timings | None = None) -> None:
    """Split an article into segments, fix the French, find glossary terms."""
    from translator.glossary import annotate
    from translator.postedit import fix_source
    from translator.segment import segment_article

    timings = {} if timings is None else timings
    with _timed(timings, "segment"):
        segment_article(article)
    with _timed(timings, "fix_source"):
        fix_source(article, stages.settings.postedit)
    with _timed(timings, "glossary"):
        annotate(article, stages.glossary)


def translate(
    articles: list[Article], engine: TranslationEngine, progress: Callable[[int], None] | None = None
) -> float:
    """Translate every segment of every article in one engine call (`progress(n)` told as it goes);
    returns the seconds it took."""
    from translator.glossary.enforce import translate_segments

    segments = [segment for article in articles for segment in article.segments()]
    start = time.perf_counter()
    if segments:
        translate_segments(segments, engine, progress=progress)
    return time.perf_counter() - start


def finish(
    article: Article, stages: Stages, engine: TranslationEngine | None, provenance: dict[str, Any] | None = None
) -> Timings:
    """Post-edit the English and record what produced it."""
    from translator.postedit import postedit_article

    timings: Timings = {}
    with _timed(timings, "postedit"):
        postedit_article(article, stages.settings.postedit, engine)
    article.provenance.update(provenance or {})
    return timings
