"""Context conditions: an entry that applies only next to certain French words.

The optional `left` and `right` columns hold a regular expression (the `regex` module's syntax,
case-insensitive, matched on text whose apostrophes, hyphens and spaces are normalised as for
terms). `left` must match the French just before the term, ending where the term starts (spaces
between are allowed); `right` the French just after it. A pattern never matches part of a word:
`à` does not match the end of "voilà". Only a window of `WINDOW` characters on each side is
looked at, and each test runs under a time limit, so a pattern cannot stall a run.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from translator.glossary.normal import normalize

WINDOW = 80  # characters of French looked at on each side of a term
MAX_PATTERN = 200
TIMEOUT = 0.05  # seconds per test; a test that runs out counts as not matching
_EDGE = r"(?:(?<![\p{L}\p{N}])|(?![\p{L}\p{N}]))"  # between two characters that are not both word characters
_SPACE = r"[\s\u00a0\u202f]*"


@lru_cache(maxsize=4096)
def compiled(side: str, pattern: str) -> regex.Pattern:
    """The pattern anchored on the term's side; raises regex.error on a bad pattern."""
    body = normalize(pattern)
    anchored = rf"{_EDGE}(?:{body}){_SPACE}\Z" if side == "left" else rf"\A{_SPACE}(?:{body}){_EDGE}"
    return regex.compile(anchored, regex.IGNORECASE | regex.V0)


def problem(side: str, pattern: str) -> str | None:
    """Why a context pattern is unusable, or None."""
    if len(pattern) > MAX_PATTERN:
        return f"{side} pattern is longer than {MAX_PATTERN} characters"
    try:
        compiled(side, pattern)
    except regex.error as error:
        return f"{side} pattern {pattern!r} does not compile: {error}"
    probe = "a" * WINDOW
    try:
        compiled(side, pattern).search(probe, timeout=TIMEOUT * 4)
    except TimeoutError:
        return f"{side} pattern {pattern!r} is too slow (catastrophic backtracking)"
    return None


def holds(left: str, right: str, text: str, start: int, end: int) -> bool:
    """Whether the term at text[start:end] has the required neighbours."""
    try:
        if left and not compiled("left", left).search(normalize(text[max(0, start - WINDOW) : start]), timeout=TIMEOUT):
            return False
        if right and not compiled("right", right).search(normalize(text[end : end + WINDOW]), timeout=TIMEOUT):
            return False
    except (regex.error, TimeoutError):
        return False
    return True
