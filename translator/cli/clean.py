"""`translator clean INPUT... -o OUTDIR`: pages in, clean French articles out (no translation)."""

from __future__ import annotations

import sys

import click


@click.command("clean")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--to", "to", type=click.Choice(["md", "json", "text"]), default="md", show_default=True, help="Output format."
)
@click.option(
    "--rules", multiple=True, type=click.Path(dir_okay=False), help="Extra boilerplate rule file (repeatable)."
)
@click.option("--french-only", is_flag=True, help="Fail inputs whose text is clearly not French (default: warn).")
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
def command(inputs, outdir, to, rules, french_only, quiet) -> None:
    """Clean every INPUT (files, folders searched recursively, - for stdin) into OUTDIR/NAME.<md|json|txt>.

    Boilerplate (disclosures, reading time, share, newsletter, cookies, "Lire aussi", paywall,
    credits, comments, navigation) is removed; --to json keeps every removed block and its rule.
    Exits 1 if any input failed.
    """
    from translator.errors import TranslatorError
    from translator.extract import load_rules
    from translator.extract.batch import clean_inputs

    try:
        loaded = load_rules(rules)
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error
    stdin = sys.stdin.buffer.read() if "-" in inputs else None
    failed, written, warned = [], 0, 0
    for result in clean_inputs(list(inputs), outdir, to=to, rules=loaded, require_french=french_only, stdin=stdin):
        if result.error:
            failed.append(result)
            click.echo(f"{result.label}: {result.error}", err=True)
            continue
        written += 1
        warned += bool(result.warnings)
        for warning in result.warnings:
            if not quiet:
                click.echo(f"{result.label}: warning: {warning}", err=True)
    if not quiet or failed:
        note = f" ({warned} with warnings)" if warned else ""
        click.echo(f"cleaned {written} of {written + len(failed)} inputs into {outdir}{note}", err=True)
    if failed:
        click.echo(f"{len(failed)} failed:", err=True)
        for result in failed:
            click.echo(f"  {result.label}: {result.error}", err=True)
        sys.exit(1)
