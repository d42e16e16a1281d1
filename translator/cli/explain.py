"""`translator explain OUTPUT.json`: print an article record's edits grouped by rule, then its flags."""

from __future__ import annotations

import click


@click.command("explain")
@click.argument("records", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rule", "rules", multiple=True, help="Only show the edits of this rule id (repeatable).")
@click.option("--no-flags", is_flag=True, help="Do not list the QA flags.")
def command(records, rules, no_flags) -> None:
    """Show what the post-editor changed in each RECORD (a run's NAME.json) and what it flagged."""
    from translator.errors import TranslatorError
    from translator.postedit.explain import explain, load_record

    failed = False
    for index, path in enumerate(records):
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
