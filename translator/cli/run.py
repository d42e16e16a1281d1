"""`translator run INPUT... -o RUNDIR`: the whole pipeline on a batch of pages."""

from __future__ import annotations

import json
import sys

import click

from translator.cli.options import NotStarted, read_settings, read_stdin, settings_options


@click.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "rundir", required=True, type=click.Path(file_okay=False), help="Run folder.")
@settings_options("run", "inputs", "model", "engine", "postedit")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (failures are still printed).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def command(ctx: click.Context, inputs, rundir, config, quiet, as_json, **_settings) -> None:
    """Clean, translate and post-edit every INPUT (files, folders, globs, -, http(s) URLs) into RUNDIR.

    Writes NAME.en.md, NAME.json and review/NAME.html per article (--to picks the formats),
    RUNDIR/index.html to review them, and RUNDIR/manifest.json. Exits 1 if any input failed,
    2 if the run could not start, 130 when interrupted (a rerun resumes).
    """
    from translator.api import Pipeline
    from translator.cli.report import print_run_summary
    from translator.errors import TranslatorError
    from translator.run import Interrupted

    if rundir == "-":
        raise click.BadParameter(
            "a run writes a folder of files; name one (- is for clean and translate)", ctx, None, "-o"
        )
    settings = read_settings(ctx, config)
    stdin = read_stdin(inputs, settings)
    try:
        summary = Pipeline(settings).run(list(inputs), rundir, stdin=stdin, progress=not (quiet or as_json))
    except Interrupted as stop:
        click.echo(str(stop), err=True)
        sys.exit(stop.exit_code)
    except TranslatorError as error:
        raise NotStarted(str(error)) from None
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    sys.exit(print_run_summary(summary, quiet=quiet or as_json))
