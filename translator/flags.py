"""The one registry of flag codes: each code's fixed severity, the stage that raises it, its meaning.

The codes live in `translator/data/flags.tsv`; every stage builds its flags through `flag`, so a
code cannot be raised with a severity of its own choosing or without being listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from translator.datafiles import list_lines
from translator.document import SEVERITIES, Article, Flag


@dataclass(frozen=True)
class FlagCode:
    code: str
    severity: str
    stage: str
    meaning: str


@cache
def flag_codes() -> dict[str, FlagCode]:
    """Every known code, in file order."""
    codes = {}
    for line in list_lines(files("translator") / "data" / "flags.tsv"):
        code, severity, stage, meaning = line.split("\t")
        if severity not in SEVERITIES:
            raise ValueError(f"flags.tsv: {code} has unknown severity {severity!r}")
        codes[code] = FlagCode(code, severity, stage, meaning)
    return codes


def flag(code: str, message: str) -> Flag:
    """A flag with the severity its code is registered with."""
    return Flag(code, flag_codes()[code].severity, message)


def codes_of(stage: str) -> frozenset[str]:
    """The codes one stage owns (the QA checks replace only their own on a rerun)."""
    return frozenset(c.code for c in flag_codes().values() if c.stage == stage)


def article_flags(article: Article) -> list[Flag]:
    """Every flag of an article: its own, then its segments' in order."""
    return [*article.flags, *(f for segment in article.segments() for f in segment.flags)]


def severity_counts(flags: Iterable[Flag]) -> dict[str, int]:
    """How many flags of each severity (every severity present, zero or not)."""
    counts = dict.fromkeys(("error", "warning", "info"), 0)
    for item in flags:
        counts[item.severity] += 1
    return counts
