"""How a setting is declared: a dataclass field carrying its help, its bounds and its command-line flag.

Every settings section (`[run]`, `[engine]`, `[postedit]`, ...) is a frozen dataclass whose fields
are declared with `setting`, so the file, the command line and `translator config show` all read
one declaration: the field name is the key in `translator.toml`, `flag` is its command-line form.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, field
from typing import Any


def setting(
    default: Any = MISSING,
    *,
    help: str,
    flag: str | None = None,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
) -> Any:
    """A settings field. `flag` ("--beam", "--glossary", "--cache/--no-cache") puts it on the command
    line; list settings take a repeatable flag. `low`/`high` bound numbers; `choices` limit strings."""
    metadata = {"help": help, "flag": flag, "low": low, "high": high, "choices": choices}
    if isinstance(default, list | dict | set):
        raise TypeError("settings defaults must be immutable (use a tuple or frozenset)")
    return field(default=default, metadata=metadata)


def spec(item: Field) -> dict[str, Any]:
    """The declaration of a settings field (help, flag, bounds, choices); empty for a plain field."""
    return dict(item.metadata)
