"""The lookup form of French text: NFC, one kind of apostrophe, hyphen and space.

Terms, the text they are looked up in and context patterns all go through `normalize`, so
"l’IA" and "l'IA", "garde à vue" with a no-break space and with a plain one, "café" with a
precomposed é and with e + combining accent (NFD, as some Mac tools write it), are the same.
"""

from __future__ import annotations

import unicodedata

import regex

_APOSTROPHES = "'’ʼ‘"
_HYPHENS = "-‐‑"
_SPACES = regex.compile(r"[\s\u00a0\u202f]+")


def normalize(text: str) -> str:
    """The form used as a lookup key: NFC, one kind of apostrophe, hyphen and space."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
    for char in _APOSTROPHES[1:]:
        text = text.replace(char, "'")
    for char in _HYPHENS[1:]:
        text = text.replace(char, "-")
    return text
