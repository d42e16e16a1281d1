"""The post-editor's word and phrase lists, read once from the package's `data/` folder."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from translator.datafiles import list_lines

_DATA = files("translator.postedit") / "data"


def _lines(name: str) -> list[str]:
    return list_lines(_DATA / name)


@cache
def word_set(name: str) -> frozenset[str]:
    """A one-word-a-line list as a set of lowercase words."""
    return frozenset(line.lower() for line in _lines(name))


@cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """A list split into `[section]` parts, each a tuple of lines in file order."""
    parts: dict[str, list[str]] = {}
    current = ""
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            parts.setdefault(current, [])
        else:
            parts.setdefault(current, []).append(line)
    return {key: tuple(value) for key, value in parts.items()}


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated list (comments and blank lines skipped) as rows of cells."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name))
