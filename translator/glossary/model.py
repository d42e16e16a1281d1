"""Glossary entries and the problems a glossary file can have.

An entry is one row of a glossary: a French term and what must happen to it in English.
Three kinds: a *term* with its required English rendering, a *keep* entry (do not translate:
names, brands, products; the French form is kept as is) and a *forbid* entry (an English
rendering that must not appear when the French term is in the segment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERM, KEEP, FORBID = "term", "keep", "forbid"
KIND_FLAGS = {"keep": KEEP, "forbid": FORBID}
CASE_SENSITIVE = "case-sensitive"  # match only as written; render exactly as written
EXACT = "exact"  # no inflected variants of the French, no English plural
NO_FEMININE = "no-feminine"  # plural variants only (for nouns with no feminine, e.g. machines)
MODIFIER_FLAGS = (CASE_SENSITIVE, EXACT, NO_FEMININE)
KNOWN_FLAGS = (*KIND_FLAGS, *MODIFIER_FLAGS)
BASE_COLUMNS = ("fr", "en", "flags", "note")
CONTEXT_COLUMNS = ("left", "right")  # optional: patterns the French must match next to the term
COLUMNS = (*BASE_COLUMNS, *CONTEXT_COLUMNS)


@dataclass(frozen=True)
class Entry:
    """One glossary row, with where it came from so messages can point at it."""

    fr: str
    en: str = ""
    kind: str = TERM
    modifiers: frozenset[str] = field(default_factory=frozenset)
    note: str = ""
    origin: str = ""
    line: int = 0
    left: str = ""  # pattern the French just before the term must end with
    right: str = ""  # pattern the French just after the term must start with

    @property
    def case_sensitive(self) -> bool:
        return CASE_SENSITIVE in self.modifiers

    @property
    def flags(self) -> list[str]:
        """The flags cell, kind first, in a stable order."""
        kind = [name for name, kind in KIND_FLAGS.items() if kind == self.kind]
        return kind + [flag for flag in MODIFIER_FLAGS if flag in self.modifiers]

    @property
    def context(self) -> tuple[str, str]:
        return self.left, self.right

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.origin else f"line {self.line}"

    def describe(self) -> str:
        context = "".join(
            f" [{side} /{pattern}/]" for side, pattern in zip(CONTEXT_COLUMNS, self.context, strict=True) if pattern
        )
        if self.kind == KEEP:
            return f"{self.fr!r} (keep){context}"
        arrow = "-/->" if self.kind == FORBID else "->"
        return f"{self.fr!r} {arrow} {self.en!r}{context}"


def parse_flags(cell: str) -> tuple[str, frozenset[str], list[str]]:
    """Split a flags cell into (kind, modifiers, unknown flags)."""
    names = [name.strip().lower() for name in cell.replace(";", ",").split(",") if name.strip()]
    kinds = [KIND_FLAGS[name] for name in names if name in KIND_FLAGS]
    unknown = [name for name in names if name not in KNOWN_FLAGS]
    if len(set(kinds)) > 1:
        unknown.append("+".join(sorted(set(kinds))))
    kind = kinds[0] if kinds else TERM
    return kind, frozenset(name for name in names if name in MODIFIER_FLAGS), unknown


@dataclass(frozen=True)
class Problem:
    """Something wrong in a glossary file, at a line, with a code tests and scripts can rely on."""

    origin: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}:{self.line}: {self.message} [{self.code}]"
