"""The rule framework: what a post-edit rule is, and how one is applied to a text.

A rule is a small named unit that looks at one text (a segment's French or English) and
proposes `Change`s: spans to replace. The framework, not the rule, applies them: it drops
any change that touches a protected span (URLs, glossary renderings, verbatim quotes), applies
the rest, and returns one `Edit` per change so every modification is on the record. Rules
marked `repeat` are re-applied until nothing changes, which makes them idempotent by
construction (a loop collapsed once may reveal another).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from translator.document import Edit, GlossaryHit

if TYPE_CHECKING:
    from translator.postedit.config import PosteditConfig

SIDES = ("source", "target")
MAX_ROUNDS = 5


@dataclass(frozen=True)
class Change:
    """Replace text[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass
class Context:
    """What a rule may know besides the text it edits."""

    config: PosteditConfig
    source: str = ""  # the segment's French, for target rules (numbers are checked against it)
    glossary: list[GlossaryHit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # messages a rule wants raised as flags


Finder = Callable[[str, Context], Iterable[Change]]


@dataclass(frozen=True)
class Rule:
    """A named post-edit rule; `find` proposes the changes, the framework applies them."""

    id: str
    description: str
    category: str
    side: str
    find: Finder
    default: bool = True
    repeat: bool = False
    doc: str = ""

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"rule {self.id}: unknown side {self.side!r}")


def rule(
    id: str, description: str, *, category: str, side: str, default: bool = True, repeat: bool = False
) -> Callable[[Finder], Rule]:
    """Decorator turning a finder function into a `Rule`; its docstring names the examples."""

    def wrap(find: Finder) -> Rule:
        return Rule(id, description, category, side, find, default, repeat, (find.__doc__ or "").strip())

    return wrap


class _Protected:
    """Protected spans sorted by start, with the furthest end reached so far: each overlap test
    is a binary search, so a long text with many spans and changes costs n log n, not n²."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span begun before `end` runs past `start`; an insertion (`start == end`) is
        blocked only strictly inside a span."""
        before = bisect_left(self._starts, start if start == end else end)
        return before > 0 and self._reach[before - 1] > start


def _accepted(changes: Iterable[Change], text: str, protect: Callable[[str], list[tuple[int, int]]]) -> list[Change]:
    """Changes that alter something, stay clear of protected spans and of each other."""
    proposed = [c for c in changes if text[c.start : c.end] != c.replacement]
    if not proposed:
        return []
    protected = _Protected(protect(text))
    accepted: list[Change] = []
    last_end = -1
    for change in sorted(proposed, key=lambda c: (c.start, c.end)):
        if change.start < last_end or protected.overlaps(change.start, change.end):
            continue
        accepted.append(change)
        last_end = change.end
    return accepted


def _splice(text: str, changes: list[Change]) -> str:
    pieces = []
    cursor = 0
    for change in changes:
        pieces.append(text[cursor : change.start])
        pieces.append(change.replacement)
        cursor = change.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_rule(
    rule: Rule, text: str, context: Context, protect: Callable[[str], list[tuple[int, int]]]
) -> tuple[str, list[Edit]]:
    """Apply one rule to `text`; returns the new text and the edits made, in order."""
    edits: list[Edit] = []
    for _ in range(MAX_ROUNDS if rule.repeat else 1):
        changes = _accepted(rule.find(text, context), text, protect)
        if not changes:
            break
        edits.extend(Edit(rule.id, text[c.start : c.end], c.replacement, c.start, rule.side) for c in changes)
        text = _splice(text, changes)
    return text, edits


def apply_rules(
    rules: Iterable[Rule], text: str, context: Context, protect: Callable[[str], list[tuple[int, int]]]
) -> tuple[str, list[Edit]]:
    """Apply `rules` in order, each to the output of the one before."""
    edits: list[Edit] = []
    for current in rules:
        text, made = apply_rule(current, text, context, protect)
        edits.extend(made)
    return text, edits


def regex_changes(pattern, text: str, replace: Callable[..., str | None]) -> Iterator[Change]:
    """Changes from every match of a compiled `regex` pattern; `replace(match)` None skips a match."""
    for match in pattern.finditer(text):
        replacement = replace(match)
        if replacement is not None:
            yield Change(match.start(), match.end(), replacement)
