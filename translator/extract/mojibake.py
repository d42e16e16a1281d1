"""Mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1 somewhere upstream ("Ã©").

A page can be mis-decoded before it reaches us (a scraper that trusted a wrong charset), or
mix encodings line by line. ftfy, the reference tool for this, repairs each line that shows
the tell-tale sequences; what it cannot repair is reported so a human looks at it.
"""

from __future__ import annotations

from dataclasses import dataclass

# French UTF-8 read as Windows-1252 or Latin-1 always shows one of these (é → Ã©, « → Â«, ’ → â€™,
# œ → Å“): a cheap test that spares ftfy's slower scan of the pages that have none.
_MARKERS = ("Ã", "Â", "â€", "Å")


@dataclass
class Repair:
    text: str
    repaired_lines: int = 0
    remaining_lines: int = 0  # lines that still look like mojibake after repair


def repair(text: str) -> Repair:
    """The text with every mojibake line repaired, and how many lines were repaired or are left."""
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    if not any(marker in text for marker in _MARKERS) or not is_bad(text):
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
