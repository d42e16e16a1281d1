"""Spans no post-edit rule may change: URLs, e-mails and @handles, glossary renderings, and
verbatim quotes (a quotation whose words the translation carried over exactly from the French,
such as an English quote inside a French article)."""

from __future__ import annotations

from functools import lru_cache

import regex

from translator.document import GlossaryHit
from translator.links import LINK

_QUOTED = regex.compile(r"“([^“”]+)”|\"([^\"]+)\"|«\s*([^«»]+?)\s*»|‘([^‘’]+)’")
_PROTECTED_KINDS = ("term", "keep")


@lru_cache(maxsize=4096)
def _whole_word(needle: str) -> regex.Pattern:
    return regex.compile(r"(?<!\w)" + regex.escape(needle) + r"(?!\w)", regex.IGNORECASE)


def _occurrences(needle: str, text: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of `needle` in `text`, case aside."""
    if not needle.strip():
        return []
    return [m.span() for m in _whole_word(needle).finditer(text)]


def protected_spans(text: str, source: str = "", glossary: list[GlossaryHit] | None = None) -> list[tuple[int, int]]:
    """The spans of `text` that rules must leave alone, given the segment's French `source`."""
    spans = [m.span() for m in LINK.finditer(text)]
    for hit in glossary or []:
        if hit.kind in _PROTECTED_KINDS:
            spans.extend(_occurrences(hit.rendering, text))
    if source:
        for match in _QUOTED.finditer(text):
            group = next(g for g in range(1, 5) if match.group(g) is not None)
            inner = match.group(group)
            if len(inner.split()) >= 2 and inner in source:
                spans.append(match.span(group))
    return sorted(spans)
