"""The literal words a rule pattern cannot match without, to skip most patterns with a substring test.

Most blocks match no boilerplate rule, yet each of the hundred rules scanned each block with the
regex engine. A pattern such as `\\b(?:cookies|traceurs)\\b.{0,120}\\bconsent` cannot match a
text that contains neither "cookies" nor "traceurs", and Python's `in` answers that much faster
than a regex search. `needles(pattern)` finds such a set from the pattern's syntax tree (the
standard library's parser); when it cannot tell, it returns None and the rule is always searched,
so a pattern that matches a text is never skipped on it.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the parser behind `re`: the one syntax tree the stdlib exposes
from re._constants import AT, BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN

import regex

# `regex`-only classes (\p{Lu}), read as \w: not a literal either way (an escaped backslash before is kept)
_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")
_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
Needles = frozenset[str] | None  # the text must contain one of these (casefolded); None: no such set known
NEVER: Needles = frozenset()  # for an index that must leave a pattern out: no text contains one of none


def needles(pattern: str) -> Needles:
    """Casefolded strings of which a text must contain at least one for `pattern` to match in it."""
    try:
        tree = sre_parse.parse(_PROPERTY.sub(r"\1\\w", pattern))
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    found = _sequence(list(tree))
    return found if found and all(found) else None


class NeedleIndex:
    """For a list of patterns' needles: which patterns could match a text, found in one pass over
    the text by an Aho-Corasick automaton of every distinct needle (pyahocorasick), where testing
    each needle with `in` cost as much as the regex searches it saves."""

    def __init__(self, found: list[Needles]) -> None:
        import ahocorasick

        self.always = {i for i, needles_of_one in enumerate(found) if needles_of_one is None}
        patterns: dict[str, list[int]] = {}
        for i, needles_of_one in enumerate(found):
            for needle in needles_of_one or ():
                patterns.setdefault(needle, []).append(i)
        self.automaton = None  # pyahocorasick cannot build an automaton of no words
        if patterns:
            self.automaton = ahocorasick.Automaton()
            for needle, positions in patterns.items():
                self.automaton.add_word(needle, positions)
            self.automaton.make_automaton()

    def candidates(self, folded_text: str) -> list[int]:
        """Positions, in order, of the patterns that could match (`folded_text` is casefolded)."""
        found = set(self.always)
        if self.automaton is not None:
            for _, positions in self.automaton.iter(folded_text):
                found.update(positions)
        return sorted(found)


def _sequence(items: list) -> Needles:
    """The most selective requirement among a sequence's literal runs and its required parts."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append(frozenset({"".join(run).casefold()}))
            run = []
        if op is AT:
            continue
        part = _item(op, value)
        if part:
            candidates.append(part)
    if run:
        candidates.append(frozenset({"".join(run).casefold()}))
    return max(candidates, key=_selectivity, default=None)


def _item(op, value) -> Needles:
    if op is SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is BRANCH:
        parts = [_sequence(list(branch)) for branch in value[1]]
        return None if any(part is None for part in parts) else frozenset().union(*parts)
    if op in _REPEATS and value[0] >= 1:
        return _sequence(list(value[2]))
    return None


def _selectivity(found: frozenset[str]) -> tuple[int, int]:
    """Longer shortest needle first, then fewer needles."""
    return min(len(needle) for needle in found), -len(found)
