"""`translator run INPUT... -o RUNDIR`: the whole pipeline on a batch of pages."""

from __future__ import annotations

import json
import sys

import click


@click.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "rundir", required=True, type=click.Path(file_okay=False), help="Run folder.")
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Glossary file (repeatable; later wins).",
)
@click.option("--no-default-glossary", is_flag=True, default=None, help="Do not apply the shipped glossaries.")
@click.option(
    "--rules", multiple=True, type=click.Path(dir_okay=False), help="Extra boilerplate rule file (repeatable)."
)
@click.option("--disable-rule", "disable_rules", multiple=True, help="Post-edit rule id to switch off (repeatable).")
@click.option("--model", default=None, help="Unpacked argos package folder or .argosmodel file.")
@click.option("--beam", type=click.IntRange(1, 16), default=None, help="Beam size (default 2; larger is slower).")
@click.option("--offline", is_flag=True, default=None, help="Never download a model.")
@click.option("--no-cache", is_flag=True, default=None, help="Do not read or write the translation memory.")
@click.option("--to-text", is_flag=True, default=None, help="Also write NAME.en.txt (plain text).")
@click.option(
    "--workers", type=click.IntRange(0, 256), default=None, help="Processes preparing pages (0: one per CPU)."
)
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=None, help="Seconds allowed to fetch a URL.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Settings file (default ./translator.toml).",
)
@click.option("--force", is_flag=True, default=None, help="Redo articles already finished in RUNDIR.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (failures are still printed).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def command(
    inputs,
    rundir,
    glossaries,
    no_default_glossary,
    rules,
    disable_rules,
    model,
    beam,
    offline,
    no_cache,
    to_text,
    workers,
    timeout,
    config,
    force,
    quiet,
    as_json,
) -> None:
    """Clean, translate and post-edit every INPUT (files, folders, globs, -, http(s) URLs) into RUNDIR.

    Writes NAME.en.md, NAME.json (and NAME.en.txt with --to-text) per article, RUNDIR/index.html
    to review them, and RUNDIR/manifest.json. Exits 1 if any input failed.
    """
    from translator.batch import load_settings, run_batch
    from translator.errors import TranslatorError

    overrides = {
        "glossaries": glossaries or None,
        "default_glossary": False if no_default_glossary else None,
        "rules": rules or None,
        "disable_rules": disable_rules,
        "model": model,
        "beam": beam,
        "offline": offline,
        "cache": False if no_cache else None,
        "to_text": to_text,
        "workers": workers,
        "timeout": timeout,
        "force": force,
    }
    stdin = sys.stdin.buffer.read() if "-" in inputs else None
    try:
        settings = load_settings(config, overrides)
        summary = run_batch(list(inputs), rundir, settings, stdin=stdin, progress=not (quiet or as_json))
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    elif not quiet:
        click.echo(
            f"{summary['ok']} translated, {summary['skipped']} unchanged, {summary['failed']} failed"
            f" ({summary['segments']} segments, {summary['seconds']:.1f} s) → {summary['rundir']}/index.html",
            err=True,
        )
    if not as_json:
        for failure in summary["failures"]:
            click.echo(f"  failed: {failure['reason']}", err=True)
    if summary["failed"]:
        sys.exit(1)
