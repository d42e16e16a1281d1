"""Mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1 somewhere upstream ("Ã©").

A page can be mis-decoded before it reaches us (a scraper that trusted a wrong charset), or
mix encodings line by line. ftfy, the reference tool for this, repairs each line that shows
the tell-tale sequences; what it cannot repair is reported so a human looks at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# French UTF-8 read as Windows-1252 or Latin-1 always shows one of these (é → Ã©, « → Â«, ’ → â€™,
# œ → Å“): cheap tests, a substring search then one pattern, that spare ftfy's scan (which costs as
# much as the extraction) on the pages that have none.
_MARKERS = ("Ã", "Â", "â€", "Å")
_PAIR = re.compile(
    "[\u00c2\u00c3\u00e2\u00c5][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@dataclass
class Repair:
    text: str
    repaired_lines: int = 0
    remaining_lines: int = 0  # lines that still look like mojibake after repair


def repair(text: str) -> Repair:
    """The text with every mojibake line repaired, and how many lines were repaired or are left."""
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    if not any(marker in text for marker in _MARKERS) or not _PAIR.search(text) or not is_bad(text):
        return Repair(text)
    lines = text.split("\n")
    result = Repair(text)
    for index, line in enumerate(lines):
        if not is_bad(line):
            continue
        fixed = fix_encoding(line)
        if fixed != line:
            lines[index] = fixed
            result.repaired_lines += 1
        if is_bad(fixed):
            result.remaining_lines += 1
    result.text = "\n".join(lines)
    return result
