"""`translator cache stats|clear`: the translation memory shared by all runs."""

from __future__ import annotations

import click


@click.group("cache")
def command() -> None:
    """Inspect or empty the translation memory (segments already translated, per model and options)."""


@command.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_command(as_json: bool) -> None:
    """Entries, models/option sets, size and path of the translation memory."""
    import json

    from translator.engine.cache import TranslationMemory

    stats = TranslationMemory().stats()
    if as_json:
        click.echo(json.dumps({**stats, "path": str(stats["path"])}))
        return
    click.echo(
        f"{stats['entries']} entries for {stats['engines']} model/option sets, "
        f"{stats['bytes'] / 1e6:.1f} MB, {stats['path']}"
    )


@command.command("clear")
def clear_command() -> None:
    """Delete every entry of the translation memory."""
    from translator.engine.cache import TranslationMemory

    memory = TranslationMemory()
    click.echo(f"cleared {memory.clear()} entries from {memory.path}")
