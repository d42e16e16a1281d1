"""Cleaning many inputs into one folder: one output file per input, one failure never stops the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from translator.document import Article
from translator.errors import InputError
from translator.fileio import atomic_write_text
from translator.inputs import InputItem, Limits, read_input, resolve_inputs

SUFFIXES = {"md": ".md", "json": ".json", "text": ".txt"}


@dataclass
class CleanResult:
    """What happened to one input: the file written, or why it failed, and its warnings."""

    label: str
    output: Path | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def render(article: Article, to: str) -> str:
    if to == "json":
        return article.to_json() + "\n"
    if to == "md":
        from translator.outputs.markdown import render_markdown

        return render_markdown(article, english=False)
    from translator.outputs.text import render_text

    return render_text(article, english=False)


def clean_inputs(
    specs: list[str],
    outdir: str | Path,
    *,
    to: str = "md",
    rules=None,
    require_french: bool = False,
    stdin: bytes | None = None,
) -> Iterator[CleanResult]:
    """Clean every input the specs name (files, folders recursively, `-`), writing OUTDIR/NAME.<ext>."""
    from translator.extract import extract_bytes

    items, missing = resolve_inputs(specs, stdin)
    for spec, reason in missing:
        yield CleanResult(spec, error=reason)
    for item in items:
        result = CleanResult(item.label)
        try:
            data = read_input(item, Limits())
            name = Path(item.path).name if item.path else item.name
            article = extract_bytes(data, name, rules=rules, url=item.url, require_french=require_french)
        except InputError as error:
            result.error = str(error)
            yield result
            continue
        _write(article, item, Path(outdir), to, result)
        yield result


def _write(article: Article, item: InputItem, outdir: Path, to: str, result: CleanResult) -> None:
    """Write the article under the input's unique name; its warnings go into the result."""
    if item.path:
        article.source.path = item.path
    article.source.name = item.name
    result.output = outdir / f"{item.name}{SUFFIXES[to]}"
    atomic_write_text(result.output, render(article, to))
    result.warnings = [flag.message for flag in article.flags if flag.severity != "info"]
