"""`translator translate INPUT...`: print the English of text files (a segment a line), pages or article records."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

from translator.cli.options import NotStarted, read_settings, read_stdin, settings_options

_BREAKS_IN_A_LINE = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@click.command("translate")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o", "--output", default="-", show_default=True, help="Folder for NAME.en.txt, or - for standard output."
)
@settings_options("model", "engine", "run.glossaries", "run.packs", "run.default_glossary", "postedit", "inputs")
@click.option("--postedit/--no-postedit", default=True, help="Post-edit the English (as `run` does).")
@click.pass_context
def command(ctx: click.Context, inputs, output, config, postedit, **_settings) -> None:
    """Translate every INPUT (files, folders, globs, - for stdin, URLs, records files) and print the English.

    A .txt file or stdin is one French segment a line; a .json file is an article record (from
    `clean --to json` or a run); a page (.html, a record of a .jsonl/.csv file) is cleaned first.
    Everything is translated in one batch; an input that cannot be read is reported and skipped.
    """
    from translator.api import Pipeline
    from translator.cli.report import Report
    from translator.errors import TranslatorError
    from translator.fileio import atomic_write_text
    from translator.run.work import reason_for

    settings = read_settings(ctx, config)
    pipeline = Pipeline(settings)
    report = Report()
    stdin = read_stdin(inputs, settings)
    documents: list[tuple[str, object, Callable[[], str]]] = []
    resolution = pipeline.resolve(list(inputs), stdin=stdin, run_folders=True)  # a run's records are inputs here
    for item, data, failure in pipeline.read(resolution):
        if failure:
            report.failed(failure)
            continue
        try:
            documents.append((item.name, *_document(pipeline, item, data)))
        except TranslatorError as error:
            report.failed(reason_for(item, error))
    try:
        pipeline.translate_articles([article for _, article, _ in documents], postedit=postedit)
    except TranslatorError as error:
        raise NotStarted(str(error)) from None
    many = len(documents) + len(report.failures) > 1
    for name, _, render in documents:
        if output == "-":
            if many:
                click.echo(f"==> {name} <==")
            click.echo(render(), nl=False)
        else:
            atomic_write_text(Path(output) / f"{name}.en.txt", render())
        report.done += 1
    sys.exit(report.finish(None))


def _document(pipeline, item, data: bytes):
    """The input as an article to translate, and how to print its English."""
    from translator.document import Article, Source
    from translator.errors import InputError
    from translator.extract.reader import text_encoding
    from translator.outputs.text import render_text
    from translator.segment import line_block, line_english

    if item.filename.lower().endswith(".json"):
        try:
            article = Article.from_json(data.decode("utf-8-sig"))
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise InputError("not an article JSON record") from None
        return article, lambda: render_text(article, english=True)
    if not item.filename.lower().endswith(".txt") and item.name != "stdin":
        article = pipeline.clean(data, item.filename, url=item.url, title=item.title)
        return article, lambda: render_text(article, english=True)
    encoding = text_encoding(data)
    try:
        lines = _lines(data.decode(encoding))
    except UnicodeDecodeError as error:
        raise InputError(f"not {encoding.removesuffix('-sig').upper()} text (byte {error.start})") from None
    by_line = {n: line_block(n, line) for n, line in enumerate(lines) if line.strip()}
    article = Article(Source(name=item.name, format="text"), list(by_line.values()))

    def render() -> str:
        return "".join((line_english(by_line[n]) if n in by_line else "") + "\n" for n in range(len(lines)))

    return article, render


def _lines(text: str) -> list[str]:
    """One segment per line, split at newlines only (\\n, \\r\\n), so the English keeps the line count
    that `score` and other line-based tools pair it by; other breaks inside a line (form feed,
    U+2028, a lone CR) become spaces, control characters go."""
    from translator.extract.hygiene import drop_controls, tidy

    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()  # the newline that ends the last line
    return [tidy(drop_controls(_BREAKS_IN_A_LINE.sub(" ", line.removesuffix("\r")))) for line in pieces]
