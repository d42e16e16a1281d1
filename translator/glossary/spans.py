"""Protected spans: pieces of a French segment that must come out of translation unchanged.

URLs, e-mail addresses, @handles, and integers with a unit written the same way in both
languages ("5 km", "3 GHz"; the list is `data/glossary/safe_units.txt`). Numbers written with
French separators are not protected: "3,5" must become "3.5", which is the model's and the
post-editor's job. Glossary matching skips URLs, e-mails and handles (a term inside a URL
is not a word of the sentence).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import regex

from translator.datafiles import list_lines
from translator.links import EMAIL, HANDLE, URL


@lru_cache(maxsize=1)
def _units() -> list[str]:
    units = list_lines(files("translator") / "data" / "glossary" / "safe_units.txt")
    return sorted(units, key=len, reverse=True)


@lru_cache(maxsize=1)
def _pattern() -> regex.Pattern:
    units = "|".join(regex.escape(unit) for unit in _units())
    quantity = rf"(?<![\p{{L}}\d,.]|\d[ \u00a0\u202f])\d+[ \u00a0\u202f]?(?:{units})(?![\p{{L}}\p{{N}}/'’]|[,.]\d)"
    return regex.compile(rf"(?P<url>{URL})|(?P<email>{EMAIL})|(?P<handle>{HANDLE})|(?P<quantity>{quantity})")


def protected_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every protected span, kind in url, email, handle, quantity."""
    return [(m.start(), m.end(), m.lastgroup or "") for m in _pattern().finditer(text)]


def unmatchable_spans(text: str) -> list[tuple[int, int]]:
    """Spans no glossary term may match inside: URLs, e-mail addresses and handles."""
    return [(start, end) for start, end, kind in protected_spans(text) if kind != "quantity"]
