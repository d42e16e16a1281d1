"""`translator explain RECORD|RUNDIR...`: print article records' edits grouped by rule, then their flags."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("explain")
@click.argument("records", nargs=-1, required=True, type=click.Path())
@click.option("--rule", "rules", multiple=True, help="Only show the edits of this rule id (repeatable).")
@click.option("--no-flags", is_flag=True, help="Do not list the QA flags.")
def command(records, rules, no_flags) -> None:
    """Show what the post-editor changed in each RECORD (a run's NAME.json, or a run folder for all
    its articles) and what it flagged. Exits 1 if a record cannot be read."""
    from translator.errors import TranslatorError
    from translator.postedit.explain import explain, load_record
    from translator.postedit.registry import BUILTIN

    unknown = sorted(set(rules) - {rule.id for rule in BUILTIN})
    if unknown:
        valid = ", ".join(sorted(rule.id for rule in BUILTIN))
        raise click.UsageError(f"unknown rule id(s) {', '.join(unknown)}; valid ids: {valid}")
    failed = False
    for index, path in enumerate(_record_paths(records)):
        try:
            article = load_record(path)
        except TranslatorError as error:
            click.echo(f"Error: {error}", err=True)
            failed = True
            continue
        if index:
            click.echo("")
        click.echo(explain(article, set(rules) or None, flags=not no_flags), nl=False)
    if failed:
        raise SystemExit(1)


def _record_paths(specs: tuple[str, ...]) -> list[Path]:
    """Each spec as record files: a run folder gives its article records; run manifests are never records."""
    found: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.json") if p.name != "manifest.json"))
        elif path.name != "manifest.json":
            found.append(path)
    return found
