"""`translator clean INPUT... -o OUTDIR`: pages in, clean French articles out (no translation)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from translator.cli.options import NotStarted, read_settings, read_stdin, settings_options


@click.command("clean")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, help="Output folder, or - for standard output.")
@settings_options("clean", "run.boilerplate_rules", "inputs")
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
@click.pass_context
def command(ctx: click.Context, inputs, outdir, config, quiet, **_settings) -> None:
    """Clean every INPUT (files, folders, globs, - for stdin, URLs, records files) into OUTDIR/NAME.<md|json|txt>.

    Boilerplate (disclosures, reading time, share, newsletter, cookies, "Lire aussi", paywall,
    credits, comments, navigation) is removed; --to json keeps every removed block and its rule.
    Exits 1 if any input failed, 2 if the batch could not start.
    """
    from translator.api import Pipeline
    from translator.cli.report import Report
    from translator.errors import TranslatorError
    from translator.inputs.names import printable
    from translator.outputs.formats import FORMATS, write_article
    from translator.run.work import reason_for

    settings = read_settings(ctx, config)
    formats = list(settings.clean.formats)
    pipeline = Pipeline(settings)
    report = Report(quiet=quiet)
    to_stdout = outdir == "-"
    if not to_stdout and Path(outdir).exists() and not Path(outdir).is_dir():
        raise NotStarted(f"{outdir}: is a file, not a folder")
    stdin = read_stdin(inputs, settings)
    resolution = pipeline.resolve(list(inputs), stdin=stdin, exclude=() if to_stdout else (Path(outdir),))
    for path, why in resolution.skipped:
        report.skipped(path, why)
    for item, data, failure in pipeline.read(resolution):
        if failure:
            report.failed(failure)
            continue
        try:
            article = pipeline.clean(data, item.filename, url=item.url, title=item.title)
            article.source.name, article.source.path = item.name, printable(item.path) if item.path else None
            if to_stdout:
                for name in formats:
                    click.echo(FORMATS[name].render(article, False), nl=False)
            else:
                write_article(Path(outdir), article, formats, english=False)
        except TranslatorError as error:
            report.failed(reason_for(item, error))
            continue
        report.done += 1
        for flag in article.flags:
            if flag.severity != "info":
                report.warn(item.label, flag.message)
    total = report.done + len(report.failures)
    note = f" ({report.warnings} warnings)" if report.warnings else ""
    sys.exit(report.finish(f"cleaned {report.done} of {total} inputs into {outdir}{note}"))
