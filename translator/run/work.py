"""One unit of a run's work, as every executor sees it: prepare an input, finish an article.

An executor (local process pool, Ray) decides where these run; the functions themselves are the
same everywhere, so every executor produces the same files.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translator import pipeline
from translator.document import Article
from translator.errors import TranslatorError
from translator.flags import article_flags, severity_counts
from translator.inputs import InputItem, Limits, read_input
from translator.inputs.model import STDIN_LABEL
from translator.pipeline import Stages
from translator.review.corrections import CorrectionsInUse
from translator.run.identity import article_key
from translator.run.manifest import STAGES, ArticleEntry

if TYPE_CHECKING:
    from translator.engine.protocol import TranslationEngine
    from translator.run.folder import Existing, RunFolder


@dataclass(frozen=True)
class Task:
    """One input to process, and what RUNDIR already holds under its name (None with --force): an
    unchanged input finished with these settings is skipped, another input's article is kept."""

    item: InputItem
    existing: Existing | None = None


@dataclass(frozen=True)
class PrepareContext:
    """What preparing needs, the same for every input; handed once to each worker."""

    stages: Stages
    limits: Limits


@dataclass(frozen=True)
class RunContext:
    """What finishing needs: the stages, and the run key and provenance every record carries."""

    stages: Stages
    base_key: str
    provenance: dict[str, Any]
    corrections: CorrectionsInUse | None = None  # the reviewers' corrections for this engine


@dataclass
class Prepared:
    """An input brought up to translation (or skipped, or failed), with its timings."""

    item: InputItem
    status: str  # "prepared" | "skipped" | "failed"
    sha256: str = ""
    size: int = 0
    article: Article | None = None
    reason: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def fail(self, reason: str) -> Prepared:
        self.status, self.reason, self.article = "failed", reason, None
        return self

    def entry(self) -> ArticleEntry:
        """The manifest entry for this input, as it stands."""
        item = self.item
        entry = ArticleEntry(
            input=item.label,
            status="ok" if self.status == "prepared" else self.status,
            sha256=self.sha256 or None,
            bytes=self.size if self.sha256 else None,
            reason=self.reason or None,
            origin=dict(item.origin),
        )
        if self.article is not None:
            segments = self.article.segments()
            entry.segments = len(segments)
            entry.cached_segments = sum(s.cached for s in segments)
            entry.flags = severity_counts(article_flags(self.article))
        entry.timings = {stage: round(self.timings[stage], 6) for stage in STAGES if stage in self.timings}
        return entry


def reason_for(item: InputItem, error: BaseException) -> str:
    """The one-line reason, naming the input once and never a Python exception name."""
    message = str(error) if isinstance(error, TranslatorError) else f"unexpected failure ({error})"
    return message if message.startswith(item.label) else f"{item.label}: {message}"


def prepare(task: Task, context: PrepareContext) -> Prepared:
    """Read one input and bring it up to translation; a failure here only fails this input."""
    item = task.item
    start = time.perf_counter()
    try:
        data = read_input(item, context.limits)
    except Exception as error:  # one bad input must never stop the batch
        return Prepared(item, "failed", reason=reason_for(item, error))
    digest = hashlib.sha256(data).hexdigest()
    result = Prepared(item, "prepared", sha256=digest, size=len(data))
    result.timings["read"] = time.perf_counter() - start
    existing = task.existing
    if existing is not None and existing.sha256 != digest and _made_from_another_input(existing, item):
        source = "other standard input" if existing.input == STDIN_LABEL else existing.input
        return result.fail(
            f"{item.label}: the run folder already holds {item.name}, made from {source};"
            " use another run folder, or --force to replace it"
        )
    if existing is not None and existing.done and existing.sha256 == digest:
        result.status = "skipped"
        return result
    try:
        result.article, timings = pipeline.prepare(
            data, item.name, context.stages, filename=item.filename, url=item.url, path=item.path, title=item.title
        )
    except Exception as error:
        return result.fail(reason_for(item, error))
    result.timings.update(timings)
    return result


def _made_from_another_input(existing: Existing, item: InputItem) -> bool:
    """Whether the article in RUNDIR came from another input than this one (not an edited version of it).

    Standard input has no identity but its bytes: different bytes there are another article.
    A record older than this check names no input and is taken as this input's."""
    if existing.input is None:
        return False
    return existing.input != item.label or item.label == STDIN_LABEL


def translate_chunk(
    chunk: list[Prepared], engine: TranslationEngine, progress: Callable[[int], None] | None = None
) -> None:
    """One engine call for the chunk (`progress(n)` told as it goes); if it fails, each article
    alone, so one bad input fails alone."""
    articles = [p for p in chunk if p.article is not None]
    try:
        _share(articles, pipeline.translate([p.article for p in articles], engine, progress))
    except Exception:
        for prepared in articles:
            try:
                _share([prepared], pipeline.translate([prepared.article], engine))
            except Exception as error:
                prepared.fail(f"{prepared.item.label}: translation failed ({error})")


def _share(articles: list[Prepared], seconds: float) -> None:
    """Split a chunk's translation time over its articles by segment count."""
    total = sum(len(p.article.segments()) for p in articles) or 1
    for prepared in articles:
        prepared.timings["translate"] = seconds * len(prepared.article.segments()) / total


def finish(prepared: Prepared, context: RunContext, engine: TranslationEngine, folder: RunFolder) -> None:
    """Post-edit one translated article and write its files (the record last)."""
    postedit(prepared, context, engine)
    write(prepared, folder)


def postedit(prepared: Prepared, context: RunContext, engine: Any) -> None:
    """Post-edit one translated article and stamp its provenance (needs the engine: the
    model-retranslate step decodes again)."""
    article = prepared.article
    if article is None:
        return
    try:
        key = article_key(context.base_key, prepared.sha256)
        provenance = {
            **context.provenance,
            "run_key": key,
            "input_sha256": prepared.sha256,
            "input": prepared.item.label,
        }
        if context.corrections is not None:  # after translation, before post-editing
            context.corrections.apply([article])
        prepared.timings.update(pipeline.finish(article, context.stages, engine, provenance))
    except Exception as error:
        prepared.fail(reason_for(prepared.item, error))


def write(prepared: Prepared, folder: Any) -> None:
    """Write one post-edited article's files, each atomically, the record last."""
    if prepared.article is None:
        return
    try:
        start = time.perf_counter()
        folder.write(prepared.article)
        prepared.timings["write"] = time.perf_counter() - start
    except Exception as error:
        prepared.fail(reason_for(prepared.item, error))
