"""How a setting is declared, and what a declared setting accepts.

Every settings section (`[run]`, `[engine]`, `[postedit]`, ...) is a frozen dataclass whose fields
are declared with `setting`, so the file, the command line and `translator config show` all read
one declaration: the field name is the key in `translator.toml`, `flag` is its command-line form.
Each section calls `check` in `__post_init__`, so a section built in code (its constructor,
`dataclasses.replace`) is refused the same way a settings file is, not deep inside a run.
"""

from __future__ import annotations

import functools
import math
import types
import typing
from collections.abc import Collection, Mapping
from dataclasses import MISSING, Field, field, fields
from pathlib import Path
from typing import Any

from translator.errors import SettingsError


def setting(
    default: Any = MISSING,
    *,
    help: str,
    flag: str | None = None,
    low: float | None = None,
    high: float | None = None,
    choices: Collection[str] | None = None,
) -> Any:
    """A settings field. `flag` ("--beam", "--glossary", "--cache/--no-cache") puts it on the command
    line; list settings take a repeatable flag. `low`/`high` bound numbers; `choices` limit strings
    (a live registry such as a dict of backends is read at each check, so later additions count)."""
    metadata = {"help": help, "flag": flag, "low": low, "high": high, "choices": choices}
    if isinstance(default, list | dict | set):
        raise TypeError("settings defaults must be immutable (use a tuple or frozenset)")
    return field(default=default, metadata=metadata)


def spec(item: Field) -> dict[str, Any]:
    """The declaration of a settings field (help, flag, bounds, choices); empty for a plain field."""
    return dict(item.metadata)


class Invalid(Exception):
    """A value the declaration does not accept; `expected` says what it accepts."""

    def __init__(self, expected: str) -> None:
        self.expected = expected


def check(section: Any, table: str) -> None:
    """Convert every declared field of a section in place (lists to tuples, strings to paths) and
    refuse a wrong type, bound or choice with one line naming `[table] key`."""
    hints = type_hints(type(section))
    for item in fields(section):
        if "help" not in item.metadata:
            continue
        value = getattr(section, item.name)
        try:
            converted = convert(value, hints[item.name], item.metadata, None)
        except Invalid as bad:
            raise SettingsError(f"[{table}] {item.name}: expected {bad.expected}, got {value!r}") from None
        object.__setattr__(section, item.name, converted)  # the sections are frozen


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """A section's resolved field types (the sections use postponed annotations)."""
    return typing.get_type_hints(cls)


def convert(value: Any, hint: Any, meta: Mapping[str, Any], base: Path | None) -> Any:
    """`value` as type `hint`, within the bounds and choices of `meta`; a relative path joins `base`."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):  # X | None
        inner = next(a for a in args if a is not type(None))
        return None if value is None else convert(value, inner, meta, base)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple(convert(v, args[0], meta, base) for v in _as_list(value))
    if origin is tuple:
        items = _as_list(value)
        if len(items) != len(args):
            raise Invalid(f"a list of {len(args)} values")
        return tuple(convert(v, a, meta, base) for v, a in zip(items, args, strict=True))
    if origin is frozenset:
        return frozenset(convert(v, args[0], meta, base) for v in _as_list(value))
    if hint is bool:
        if not isinstance(value, bool):
            raise Invalid("true or false")
        return value
    if hint in (int, float):
        return _number(value, hint, meta)
    if hint is Path:
        if not isinstance(value, str | Path) or not str(value) or "\0" in str(value):
            raise Invalid("a path (not empty, no NUL character)")
        path = Path(value).expanduser()
        return (base / path) if base is not None and not path.is_absolute() else path
    if hint is str:
        if not isinstance(value, str):
            raise Invalid("a string")
        choices = meta.get("choices")
        if choices and value not in choices:
            raise Invalid(f"one of {', '.join(choices)}")
        return value
    raise TypeError(f"unsupported settings type {hint!r}")


def _number(value: Any, hint: type, meta: Mapping[str, Any]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (hint is int and not isinstance(value, int)):
        raise Invalid("an integer" if hint is int else "a number")
    low, high = meta.get("low"), meta.get("high")
    bounded = low is not None or high is not None
    if (
        math.isnan(value)  # NaN compares false with everything, so it would pass any bound
        or (bounded and math.isinf(value))
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        raise Invalid(f"a number from {low if low is not None else '-inf'} to {high if high is not None else 'inf'}")
    return hint(value)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple | frozenset | set):
        return list(value)
    raise Invalid("a list")
