"""`translator cache stats|clear`: the translation memory shared by all runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import click

T = TypeVar("T")


def _reporting(action: Callable[[], T]) -> T:
    """Run an action on the memory; a file or database error becomes one line and exit status 1."""
    from translator.engine.cache import default_path, is_damaged

    try:
        return action()
    except sqlite3.DatabaseError as error:
        if is_damaged(error):
            raise click.ClickException(
                f"translation memory {default_path()} is damaged ({error}); "
                "the next command that writes to it sets it aside and starts a new one"
            ) from error
        raise click.ClickException(f"translation memory {default_path()}: {error}") from error
    except OSError as error:
        why = "is not a folder" if isinstance(error, (FileExistsError, NotADirectoryError)) else error.strerror
        raise click.ClickException(
            f"cannot open translation memory {default_path()}: {error.filename} {why}"
        ) from error


@click.group("cache")
def command() -> None:
    """Inspect or empty the translation memory (segments already translated, per model and options)."""


@command.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_command(as_json: bool) -> None:
    """Entries, models/option sets, size and path of the translation memory."""
    import json

    from translator.engine.cache import TranslationMemory

    stats = _reporting(lambda: TranslationMemory(set_aside=False).stats())
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

    memory = _reporting(TranslationMemory)
    click.echo(f"cleared {_reporting(memory.clear)} entries from {memory.path}")
