"""Invisible characters and no-break spaces: one policy for every output of the cleaner.

Pages carry characters a reader never sees: soft hyphens (U+00AD, "réac\\u00adtion"), zero-width
spaces and joiners, word joiners, byte-order marks, bidirectional controls. Left in, they split
words for search, the glossary and the translation model, so the cleaner removes them from
every block; a zero-width joiner inside an emoji sequence (👨‍👩‍👧) is the one kept.

No-break, thin and other odd spaces (en, em, figure, ideographic; line and paragraph separators)
become plain spaces, as in the English that `translator run` writes (post-edit rule `typo-spaces`)
and as trafilatura already does for HTML pages: the same text whether the page came as HTML or as
a dump. Stray C0/C1 control characters are dropped from the whole page before it is parsed.
French typography's no-break spaces (before ; : ! ?, inside « ») are a rendering matter
that the page's HTML loses anyway.
"""

from __future__ import annotations

import re

import regex

# Format characters (Unicode category Cf) that only steer layout, plus the Hangul fillers that
# render as nothing; the zero-width joiner is handled apart.
_INVISIBLE = regex.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]"
)
_ZWJ_OUTSIDE_EMOJI = regex.compile(r"\u200d(?!\p{Extended_Pictographic})|(?<![\p{Extended_Pictographic}\ufe0f])\u200d")
_ODD_SPACES = regex.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029]")
# C0 and C1 control characters other than tab, newline and form feed: never text (the reader
# refuses inputs with many of them), so the odd stray one is dropped before parsing. Looked for in
# the UTF-8 bytes, where one `translate` and one literal-led pattern scan ten times faster than a
# character class over the text.
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(9), 11, *range(14, 32), 127])
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F in UTF-8
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


def drop_controls(text: str) -> str:
    """The text without C0/C1 control characters (tab, newline and form feed stay)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _C0_BYTES)) == len(data) and not _C1_BYTES.search(data):
        return text
    return _CONTROLS.sub("", text)
