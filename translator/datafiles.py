"""Reading the word and phrase lists shipped as package data: one entry a line, `#` comments."""

from __future__ import annotations

from importlib.abc import Traversable


def list_lines(resource: Traversable) -> list[str]:
    """The entries of a list file, stripped, in file order; blank and comment lines skipped."""
    lines = (line.strip() for line in resource.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
