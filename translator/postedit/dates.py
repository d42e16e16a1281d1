"""Target-side dates and titles: English capitalisation of days and months, English honorifics.

Each rule looks for the French word in the segment's source first, so it only touches what the
French actually said ("mars" the month, not Mars the planet, needs a day number next to it).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from translator.postedit.rules import Change, Context, rule
from translator.postedit.wordlists import table

_SPACES = "[ \u00a0\u202f]+"
_AMBIGUOUS = frozenset({"mars", "mai", "may", "march"})  # planet, modal verb, the verb "to march"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """French day or month name → English name."""
    return {french: english for french, english in table("dates.tsv")}


def _dated(text: str, start: int, end: int) -> bool:
    """Whether a day number (or year) stands right before or after text[start:end]."""
    before = regex.search(rf"\d{{1,2}}(?:er|st|nd|rd|th)?{_SPACES}$", text[max(0, start - 8) : start])
    after = regex.match(rf"{_SPACES}\d{{1,4}}(?!\d)", text[end : end + 8])
    return bool(before or after)


@lru_cache(maxsize=256)
def _word(word: str, ignore_case: bool) -> regex.Pattern:
    return regex.compile(rf"(?<!\w){regex.escape(word)}(?!\w)", regex.IGNORECASE if ignore_case else 0)


def _in_source(french: str, source: str) -> bool:
    return _word(french, True).search(source) is not None


@rule(
    "dates-capitalise",
    "Capitalise English weekday and month names the French wrote in lowercase",
    category="dates",
    side="target",
)
def capitalise(text: str, context: Context):
    """French writes "lundi", "mars" in lowercase and the model sometimes keeps the case.

    Examples: "on monday the council voted" (from "lundi") → "on Monday the council voted";
    "published on 3 march 2024" (from "3 mars 2024") → "published on 3 March 2024".
    """
    for french, english in _names().items():
        if not _in_source(french, context.source):
            continue
        for match in _word(english.lower(), False).finditer(text):
            if english.lower() in _AMBIGUOUS and not _dated(text, match.start(), match.end()):
                continue
            yield _change(match, english)


@rule(
    "dates-french-names",
    "Translate French weekday and month names the model left in the English",
    category="dates",
    side="target",
)
def french_names(text: str, context: Context):
    """A day or month name copied from the French ("Lundi", "janvier").

    Examples: "shared on LinkedIn Lundi" (from "Lundi") → "shared on LinkedIn Monday";
    "on 12 janvier the firm said" (from "12 janvier") → "on 12 January the firm said".
    """
    for french, english in _names().items():
        if french.lower() == english.lower() or not _in_source(french, context.source):
            continue
        for match in _word(french, True).finditer(text):
            if french in _AMBIGUOUS and not _dated(text, match.start(), match.end()):
                continue
            yield _change(match, english)


def _change(match: regex.Match, replacement: str) -> Change:
    return Change(match.start(), match.end(), replacement)


@lru_cache(maxsize=1)
def _honorifics() -> tuple[tuple[str, tuple[str, ...], dict[str, str]], ...]:
    return tuple(
        (french, tuple(forms.split("|")), {"british": british, "american": american})
        for french, forms, british, american in table("honorifics.tsv")
    )


@rule(
    "titles-honorifics",
    "French titles to English house style: M. → Mr, Mme → Ms (configurable)",
    category="titles",
    side="target",
)
def honorifics(text: str, context: Context):
    """A French title before a name ("M. Macron", "Mme Plante"), or the model's "Mrs"/"Mr.".

    The house style (`honorifics = "british"` or `"american"`) decides the dot.
    Examples: "M. Dupont said" (from "M. Dupont a dit") → "Mr Dupont said";
    "Mrs Hidalgo announced" (from "Mme Hidalgo a annoncé") → "Ms Hidalgo announced".
    """
    for french, forms, styles in _honorifics():
        if not regex.search(rf"(?<![\w.]){regex.escape(french)}(?={_SPACES}\p{{Lu}})", context.source):
            continue
        wanted = styles[context.config.honorifics]
        alternation = "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True))
        for match in regex.finditer(rf"(?<![\w.])(?:{alternation})(?!\w)(?!\.\w)(?={_SPACES}\p{{Lu}})", text):
            yield _change(match, wanted)


DATE_RULES = (capitalise, french_names, honorifics)
