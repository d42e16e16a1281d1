"""`translator review RUNDIR`: the review workspace; `translator review export-tmx|import-tmx`: corrections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

MISSING_EXTRA = "the review workspace needs Flask: pip install 'translator[review]'"


def _reporting(action: Callable[[], Any]) -> Any:
    """Run an action; a TranslatorError becomes a one-line message and exit status 1."""
    from translator.errors import TranslatorError

    try:
        return action()
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error


class _ReviewGroup(click.Group):
    """`translator review RUNDIR` is `translator review open RUNDIR`."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["open", *args]
        return super().resolve_command(ctx, args)


@click.group("review", cls=_ReviewGroup)
def command() -> None:
    """Review a run in the browser (`translator review RUNDIR`); export or import corrections."""


@command.command("open")
@click.argument("rundir", type=click.Path(file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Glossary file terms can be added to (repeatable; created if missing).",
)
def open_command(rundir: str, port: int, no_browser: bool, glossaries: tuple[str, ...]) -> None:
    """Serve RUNDIR's review pages on 127.0.0.1 with a token; corrections and marks are kept."""
    try:
        import flask  # noqa: F401
    except ImportError as error:
        raise click.ClickException(MISSING_EXTRA) from error
    from translator.review.app import ReviewServer, open_workspace

    workspace = _reporting(lambda: open_workspace(rundir, list(glossaries)))
    try:
        server = ReviewServer(workspace, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port} ({error.strerror or error})") from error
    click.echo(f"Reviewing {workspace.rundir} at {server.url}")
    click.echo("Press Ctrl-C to stop.")
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@command.command("export-tmx")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--key", default=None, help="Only the corrections for this settings key (a record's model cache_key).")
def export_command(path: str, key: str | None) -> None:
    """Write the reviewers' corrections to a TMX 1.4 file."""
    from translator.review.corrections import CorrectionStore
    from translator.review.tmx import export_tmx

    count = _reporting(lambda: export_tmx(CorrectionStore(), path, key))
    click.echo(f"wrote {count} correction{'' if count == 1 else 's'} to {path}")


@command.command("import-tmx")
@click.argument("path", type=click.Path(dir_okay=False, exists=True))
@click.option("--key", default=None, help="Settings key for units that carry none (a TMX from another tool).")
def import_command(path: str, key: str | None) -> None:
    """Add a TMX file's French → English units to the corrections store."""
    from translator.review.corrections import CorrectionStore
    from translator.review.tmx import import_tmx

    stored, same = _reporting(lambda: import_tmx(CorrectionStore(), path, key))
    click.echo(f"stored {stored} correction{'' if stored == 1 else 's'}, {same} already there")
