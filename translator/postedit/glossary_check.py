"""The last target rule: glossary renderings that reached the English damaged are restored.

The engine verifies every glossary rendering after decoding; the post-editor re-verifies at
the end, because a rendering can come out with its spacing, hyphen or apostrophe altered.
Exact (case-insensitive) renderings are protected spans no rule touches; a rendering that only
matches once spaces, hyphens and apostrophes are normalised is put back as the glossary
writes it. Renderings still missing are reported by the QA flags (`glossary-missing`).
"""

from __future__ import annotations

import regex

from translator.postedit.rules import Change, Context, rule

_JOINERS = r"[\s\u00a0\u202f\u2009‐‑–—-]*"


def _loose(rendering: str) -> regex.Pattern:
    """A pattern matching `rendering` with any spacing, hyphenation or apostrophe between its parts."""
    parts = [regex.escape(p) for p in regex.split(r"[\s\u00a0\u202f\u2009‐‑–—'’-]+", rendering) if p]
    return regex.compile(r"(?<!\w)" + (_JOINERS + r"['’]?" + _JOINERS).join(parts) + r"(?!\w)", regex.IGNORECASE)


def rendering_present(rendering: str, text: str) -> bool:
    """Whether the rendering is in the text as written (case aside)."""
    pattern = r"(?<!\w)" + regex.escape(rendering) + r"(?!\w)"
    return regex.search(pattern, text, regex.IGNORECASE) is not None


@rule(
    "glossary-restore",
    "Put back glossary renderings whose spacing, hyphen or apostrophe was altered",
    category="glossary",
    side="target",
)
def restore(text: str, context: Context):
    """A required rendering present only in a damaged form.

    Examples: glossary "start-up" and the English "the start up raised $5 million" → "the start-up raised $5 million";
    glossary "Wi-Fi" and "free Wi Fi in every carriage" → "free Wi-Fi in every carriage".
    """
    for hit in context.glossary:
        if hit.kind not in ("term", "keep") or rendering_present(hit.rendering, text):
            continue
        match = _loose(hit.rendering).search(text)
        if match:
            yield Change(match.start(), match.end(), hit.rendering)
