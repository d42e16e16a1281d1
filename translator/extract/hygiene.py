"""Invisible characters and no-break spaces: one policy for every output of the cleaner.

Pages carry characters a reader never sees: soft hyphens (U+00AD, "réac\\u00adtion"), zero-width
spaces and joiners, word joiners, byte-order marks, bidirectional controls. Left in, they split
words for search, the glossary and the translation model, so the cleaner removes them from
every block; a zero-width joiner inside an emoji sequence (👨‍👩‍👧) is the one kept.

No-break, thin and other odd spaces (en, em, figure, ideographic; line and paragraph separators)
become plain spaces, as in the English that `translator run` writes (post-edit rule `typo-spaces`)
and as trafilatura already does for HTML pages: the same text whether the page came as HTML or as
a dump. French typography's no-break spaces (before ; : ! ?, inside « ») are a rendering matter
that the page's HTML loses anyway.
"""

from __future__ import annotations

import regex

# Format characters (Unicode category Cf) that only steer layout, plus the Hangul fillers that
# render as nothing; the zero-width joiner is handled apart.
_INVISIBLE = regex.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]"
)
_ZWJ_OUTSIDE_EMOJI = regex.compile(r"\u200d(?!\p{Extended_Pictographic})|(?<![\p{Extended_Pictographic}\ufe0f])\u200d")
_ODD_SPACES = regex.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029]")
_HINT = regex.compile(
    "[\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4-\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u3000\u3164\ufeff\uffa0\ufff9-\ufffb]"
)


def tidy(text: str) -> str:
    """The text without invisible format characters, every odd space a plain one."""
    if not _HINT.search(text):
        return text  # the common case, checked in one pass
    text = _INVISIBLE.sub("", text)
    text = _ZWJ_OUTSIDE_EMOJI.sub("", text)
    return _ODD_SPACES.sub(" ", text)
