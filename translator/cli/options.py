"""Command-line options made from the settings declarations, and the settings a command line gives.

`settings_options("run", "engine.beam_size", ...)` adds one option per setting that declares a
flag (a whole section, or single `section.key`s); `read_settings` then loads the settings file and
lays over it only the options the user actually typed, so precedence is default < file < command line.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

PREFIX = "setting__"


class NotStarted(click.ClickException):
    """The command could not start its batch at all (bad settings, no model, a run folder in use):
    exit 2, so that scripts can tell it from exit 1, "some inputs failed, the others are done"."""

    exit_code = 2


def _declared(keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    from translator.settings import SECTIONS

    chosen = []
    for key in keys:
        section, _, name = key.partition(".")
        for item in fields(SECTIONS[section]):
            if item.metadata.get("flag") and (not name or item.name == name):
                chosen.append((f"{section}.{item.name}", item))
    return chosen


def settings_options(*keys: str) -> Callable[[Callable], Callable]:
    """Add the command-line options of these settings (`section` or `section.key`)."""

    def decorate(command: Callable) -> Callable:
        for dotted, item in reversed(_declared(keys)):
            command = click.option(*_option_args(dotted, item), **_option_kwargs(item))(command)
        return click.option(
            "--config",
            type=click.Path(dir_okay=False),
            default=None,
            help="Settings file (default ./translator.toml).",
        )(command)

    return decorate


def _option_args(dotted: str, item: Any) -> tuple[str, ...]:
    return (item.metadata["flag"], PREFIX + dotted.replace(".", "__"))


def _option_kwargs(item: Any) -> dict[str, Any]:
    meta = item.metadata
    from translator.settings import field_type

    hint = field_type(item)
    origin = typing.get_origin(hint)
    help_text = meta["help"]
    if meta.get("choices"):
        help_text += f" [{'|'.join(meta['choices'])}]"
    if hint is bool:
        if "/" in meta["flag"]:
            return {"default": None, "help": help_text}
        return {"is_flag": True, "default": None, "help": help_text}
    if (origin in (tuple, frozenset) and typing.get_args(hint)[-1] is Ellipsis) or origin is frozenset:
        return {"multiple": True, "help": help_text + " (repeatable)"}
    if origin is tuple:  # a fixed pair
        return {"nargs": len(typing.get_args(hint)), "type": float, "default": None, "help": help_text}
    scalar = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
    types = {int: int, float: float, str: str, Path: str}
    return {"type": types[scalar], "default": None, "help": help_text}


def read_stdin(inputs: tuple[str, ...], settings: Any) -> bytes | None:
    """Standard input's bytes when `-` is among the inputs, within the input size limit (one line if over)."""
    import sys

    from translator.errors import TranslatorError
    from translator.inputs import read_stream

    if "-" not in inputs:
        return None
    try:
        return read_stream(sys.stdin.buffer, settings.inputs.limits(), "-")
    except TranslatorError as error:
        raise NotStarted(str(error)) from None


def read_settings(ctx: click.Context, config: str | None, **fixed: Any) -> Any:
    """The command's Settings: defaults < settings file < the options typed on this command line.

    `fixed` (`section.key` → value) sets what the command itself decides; one bad value is one line."""
    from translator.errors import TranslatorError
    from translator.settings import load_settings

    given: dict[str, Any] = {}
    for name, value in ctx.params.items():
        if not name.startswith(PREFIX) or ctx.get_parameter_source(name) != ParameterSource.COMMANDLINE:
            continue
        dotted = name[len(PREFIX) :].replace("__", ".")
        if dotted.endswith(".formats"):  # --to md,json or --to md --to json
            value = tuple(part.strip() for chunk in value for part in chunk.split(",") if part.strip())
        given[dotted] = value
    given.update(fixed)
    try:
        return load_settings(config, given)
    except TranslatorError as error:
        raise NotStarted(str(error)) from None
