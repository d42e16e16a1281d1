"""The Python API: the pipeline for people who embed it in their own scrapers and jobs.

    from translator import Pipeline, load_settings

    pipeline = Pipeline(load_settings())          # or Pipeline() for the defaults
    article = pipeline.clean(html, "page.html")   # a French Article, boilerplate removed
    english = pipeline.translate(article)         # the same Article, translated and post-edited
    pipeline.translate(["Bonjour le monde."])     # -> ["Hello world."] (glossaries and post-editing too)
    pipeline.run(["pages/"], "out/")              # what `translator run` does

Every command of the CLI goes through this class; the model and the rules load on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from translator import pipeline
from translator.document import Article, Source
from translator.errors import InputError
from translator.inputs import InputItem, Resolution
from translator.pipeline import Stages
from translator.settings import Settings, load_settings

if TYPE_CHECKING:
    from translator.run import RunSummary


class Pipeline:
    """Clean, translate and post-edit with one `Settings`; loads what it needs once, on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._stages: Stages | None = None
        self._cleaning: Stages | None = None
        self._engine: Any = None

    @property
    def stages(self) -> Stages:
        """Rules, glossaries and post-edit settings, loaded and checked once."""
        if self._stages is None:
            self._stages = Stages.load(self.settings)
        return self._stages

    @property
    def engine(self) -> Any:
        """The translation engine (the model loads on first use)."""
        if self._engine is None:
            self._engine = pipeline.load_engine(self.settings)
        return self._engine

    def clean(
        self, page: bytes | str, filename: str = "page.html", *, url: str | None = None, title: str | None = None
    ) -> Article:
        """A scraped page (HTML, or a text dump when `filename` ends in .txt) as a clean French article."""
        if self._cleaning is None:
            self._cleaning = self._stages or Stages.load(self.settings, glossary=False)
        data, name = _page(page, filename)
        article = pipeline.clean(
            data, filename, self._cleaning, url=url, title=title, require_french=self.settings.clean.french_only
        )
        article.source.name = name
        return article

    def prepare(self, page: bytes | str, filename: str = "page.html", *, url: str | None = None) -> Article:
        """A page brought up to translation, as `translator run` does: cleaned (French only),
        split into segments, the French fixed and the glossary terms found."""
        data, name = _page(page, filename)
        return pipeline.prepare(data, name, self.stages, filename=filename, url=url)[0]

    @overload
    def translate(self, what: Article, *, postedit: bool = True) -> Article: ...
    @overload
    def translate(self, what: list[str], *, postedit: bool = True) -> list[str]: ...

    def translate(self, what: Article | list[str], *, postedit: bool = True) -> Article | list[str]:
        """Translate an article (segmenting it first if needed) or a list of French segments."""
        if isinstance(what, Article):
            return self.translate_articles([what], postedit=postedit)[0]
        from translator.segment import line_block, line_english

        blocks = [line_block(n, text) for n, text in enumerate(_texts(what))]
        article = Article(Source(name="segments", format="text"), blocks=blocks)
        self.translate_articles([article], postedit=postedit)
        return [line_english(block) for block in blocks]

    def translate_articles(self, articles: list[Article], *, postedit: bool = True) -> list[Article]:
        """Translate many articles in one engine call; each is segmented first unless it already is."""
        articles = _listed(articles, "articles", "Article", Article, "an Article")
        for article in articles:
            if article.segments():
                from translator.glossary import annotate

                annotate(article, self.stages.glossary)
            else:
                pipeline.segment(article, self.stages)
        pipeline.translate(articles, self.engine)
        if postedit:
            for article in articles:
                pipeline.finish(article, self.stages, self.engine)
        return articles

    def resolve(
        self, specs: list[str], *, stdin: bytes | None = None, exclude: tuple[Path, ...] = (), run_folders: bool = False
    ) -> Resolution:
        """The inputs the specs name (files, folders, globs, `-`, URLs, records files), with stable
        names; what cannot be found, and what was skipped (outputs of runs unless `run_folders`)."""
        from translator.inputs import resolve_inputs

        inputs = self.settings.inputs
        return resolve_inputs(
            _specs(specs, "specs"),
            stdin,
            exclude=exclude,
            fields=inputs.fields(),
            limits=inputs.limits(),
            skip_run_folders=not run_folders,
        )

    def read(self, resolution: Resolution) -> Iterator[tuple[InputItem, bytes | None, str | None]]:
        """Each input with its bytes, or the one-line reason it cannot be read (resolution failures
        first): the input runner `clean` and `translate` share."""
        from translator.inputs import read_input
        from translator.run.work import reason_for

        for spec, reason in resolution.failures:
            yield InputItem(name=spec, label=spec), None, f"{spec}: {reason}"
        limits = self.settings.inputs.limits()
        for item in resolution.items:
            try:
                yield item, read_input(item, limits), None
            except Exception as error:  # one unreadable input never stops the others
                yield item, None, reason_for(item, error)

    def run(
        self, inputs: list[str], rundir: str | Path, *, stdin: bytes | None = None, progress: bool = False
    ) -> RunSummary:
        """What `translator run` does: every input into `rundir`, resumable, with a manifest and index."""
        from translator.run import run_batch

        return run_batch(
            _specs(inputs, "inputs"), rundir, self.settings, stdin=stdin, progress=progress, stages=self._stages
        )


def _page(page: bytes | str, filename: str) -> tuple[bytes, str]:
    """A page's bytes, and the article name its file name gives."""
    if not isinstance(page, bytes | str):
        raise TypeError(f"page must be bytes or str, not {type(page).__name__}")
    data = _utf8(page, "page") if isinstance(page, str) else page
    return data, Path(filename).name.split(".")[0] or "page"


def _listed(value: Any, name: str, kind: str, item_type: Any, item: str) -> list[Any]:
    """`value` as a list whose every element is an `item_type` (`kind` and `item` name them in the
    error). A lone str, bytes or path is refused, as iterating it would take each character for an
    item (the path "/seeds" would walk "/" and everything under it)."""
    if isinstance(value, str | bytes | PathLike) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of {kind}, not {type(value).__name__}")
    items = list(value)
    for index, element in enumerate(items):
        if not isinstance(element, item_type):
            raise TypeError(f"{name}[{index}] must be {item}, not {type(element).__name__}")
    return items


def _specs(value: Any, name: str) -> list[str]:
    """Input specs as strings; paths (`Path("pages")`) count as their string."""
    return [fspath(spec) for spec in _listed(value, name, "str or paths", str | PathLike, "a str or a path")]


def _texts(value: Any) -> list[str]:
    """French texts to translate: a list of str, each valid Unicode."""
    texts = _listed(value, "texts", "str (or an Article)", str, "a str")
    for index, text in enumerate(texts):
        _utf8(text, f"texts[{index}]")
    return texts


def _utf8(text: str, name: str) -> bytes:
    """The text in UTF-8; a lone surrogate (from a bad decode upstream) has no encoding."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(f"{name}: not valid Unicode (a lone surrogate at character {error.start})") from None


__all__ = ["Pipeline", "Settings", "load_settings"]
