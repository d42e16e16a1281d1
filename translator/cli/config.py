"""`translator config show`: the effective settings and where each came from."""

from __future__ import annotations

import json

import click


@click.group("config")
def command() -> None:
    """Show the settings every command reads (translator.toml, --config, the command line)."""


@command.command("show")
@click.option(
    "--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./translator.toml)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: key → {value, origin}.")
def show(config, as_json) -> None:
    """Print each setting as `origin  [section] key = value`, like `git config --show-origin`."""
    from translator.cli.options import NotStarted
    from translator.errors import TranslatorError
    from translator.settings import load_settings

    try:
        settings = load_settings(config)
    except TranslatorError as error:
        raise NotStarted(str(error)) from None
    values = settings.values()
    if as_json:
        shown = {key: {"value": _plain(value), "origin": settings.origin(key)} for key, value in values.items()}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    width = max(len(settings.origin(key)) for key in values)
    for key, value in values.items():
        section, name = key.split(".", 1)
        click.echo(
            f"{settings.origin(key):<{width}}  [{section}] {name} = {json.dumps(_plain(value), ensure_ascii=False)}"
        )


def _plain(value):
    """A settings value as TOML would write it: paths as strings, sets and tuples as sorted lists."""
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return str(value) if value is not None and not isinstance(value, bool | int | float | str) else value
