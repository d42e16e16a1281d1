"""`translator diff RUN_A RUN_B`: what changed between two runs, and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("diff")
@click.argument("run_a", type=click.Path(exists=True, file_okay=False))
@click.argument("run_b", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write a side-by-side page (- for stdout).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="Changed segments printed.")
def command(run_a: str, run_b: str, html_file: str | None, as_json: bool, limit: int) -> None:
    """Compare run B against run A. Exits 0 when identical, 1 when different, 2 on error."""
    from translator.diff import diff_runs
    from translator.errors import TranslatorError
    from translator.fileio import atomic_write_text
    from translator.outputs.diff_report import render_diff_html, render_diff_text

    if html_file not in (None, "-") and (inside := _inside_run(Path(html_file), run_a, run_b)):
        click.echo(f"Error: {html_file}: inside run folder {inside}; write the page elsewhere", err=True)
        sys.exit(2)
    try:
        result = diff_runs(run_a, run_b)
    except TranslatorError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    if html_file == "-":
        click.echo(render_diff_html(result), nl=False)
        sys.exit(0 if result.identical else 1)
    if html_file:
        atomic_write_text(html_file, render_diff_html(result))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_diff_text(result, color=sys.stdout.isatty(), limit=limit), nl=False)
    sys.exit(0 if result.identical else 1)


def _inside_run(page: Path, *runs: str) -> str | None:
    """The run folder the page would land in (symlinks resolved): writing there would overwrite
    the run's own records, index or manifest."""
    target = page.resolve()
    return next((run for run in runs if target.is_relative_to(Path(run).resolve())), None)
