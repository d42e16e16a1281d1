"""Source-side rules: clean the French of a machine-translated page before our model sees it.

Pages that were themselves machine-translated carry interface text into the article ("Icône
d'info-bulle" is a tooltip icon's alt text, "2 minute. lis" a reading-time widget), link text
glued with no-break spaces, and full stops in the middle of a sentence. Each of these makes our
model produce nonsense, so they are fixed in the French, with every edit logged (side "source").
"""

from __future__ import annotations

from functools import lru_cache

import regex

from translator.postedit.rules import Change, Context, regex_changes, rule
from translator.postedit.wordlists import sections, word_set

_APOSTROPHE = "['’]"


def _alternation(phrases: tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(regex.escape(p).replace(r"\ ", r"[ \u00a0]+").replace("'", _APOSTROPHE) for p in ordered)


@lru_cache(maxsize=1)
def _icon_pattern() -> regex.Pattern:
    names = _alternation(sections("ui_strings_fr.txt")["icon"])
    return regex.compile(
        rf"[ \u00a0]*\bIc[ôo]ne(?:[ \u00a0]+(?:de[ \u00a0]+(?:la[ \u00a0]+|l{_APOSTROPHE})?|du[ \u00a0]+|des[ \u00a0]+)"
        rf"|[ \u00a0]*d{_APOSTROPHE}|[ \u00a0]+)(?i:{names})(?!\w)"
    )


@lru_cache(maxsize=1)
def _trailing_pattern() -> regex.Pattern:
    labels = _alternation(sections("ui_strings_fr.txt")["trailing"])
    return regex.compile(rf"(?:^|(?<=[\w.!?»”)])[ \u00a0]+)(?i:{labels})(?:[ \u00a0]*[.…>»›→]+)?[ \u00a0]*$")


def _removals(pattern: regex.Pattern, text: str):
    """Remove each match with the spaces before it, or, at the start of the text, those after it."""
    for match in pattern.finditer(text):
        end = match.end()
        if match.start() == 0:
            while end < len(text) and text[end] in " \u00a0":
                end += 1
        yield Change(match.start(), end, "")


_READING_TIME = regex.compile(
    r"[ \u00a0]*(?:(?:\bIc[ôo]ne[ \u00a0]+(?:de[ \u00a0]+)?)?"
    r"\b[Tt]emps[ \u00a0]+de[ \u00a0]+lecture[ \u00a0]*:?[ \u00a0]*"
    r"\d+[ \u00a0]*min(?:ute)?s?\b\.?(?:[ \u00a0]+(?:lis|lire)\b\.?)?"
    r"|\b\d+[ \u00a0]*min(?:ute)?s?\b\.?[ \u00a0]+(?:lis|lire)\b\.?(?=[ \u00a0]*$))"
)


@rule(
    "source-reading-time",
    "Remove reading-time widgets and the dangling 'lis'/'lire' they leave",
    category="ui-string",
    side="source",
    repeat=True,
)
def reading_time(text: str, context: Context):
    """A reading-time widget's alt text and label, left inside the text by a page translator.

    Examples: "Icône de temps de lecture 2 minute. lis" → "";
    "Temps de lecture : 4 minutes La ville a annoncé lundi…" → "La ville a annoncé lundi…".
    """
    return _removals(_READING_TIME, text)


@rule(
    "source-ui-icon",
    "Remove icon alt text such as 'Icône d'info-bulle'",
    category="ui-string",
    side="source",
    repeat=True,
)
def ui_icon(text: str, context: Context):
    """An icon's alt text ("Icône de partage", "Icône d'info-bulle") copied into the article.

    Only a capitalised "Icône" followed by an interface word from `ui_strings_fr.txt` is removed,
    so prose such as "l'icône de la mode" stays.
    Examples: "Nous pouvons recevoir une commission. Icône d'info-bulle" → "Nous pouvons recevoir une commission.";
    "Partager cet article Icône de partage" → "Partager cet article".
    """
    return _removals(_icon_pattern(), text)


@rule(
    "source-ui-trailing",
    "Remove link labels like 'En savoir plus' that end a block",
    category="ui-string",
    side="source",
    repeat=True,
)
def ui_trailing(text: str, context: Context):
    """A link label ("En savoir plus", "Lire la suite") closing a paragraph or standing alone.

    Mid-sentence uses ("pour en savoir plus sur le projet") are prose and stay.
    Examples: "…aider à soutenir l'équipe éditoriale En savoir plus" → "…aider à soutenir l'équipe éditoriale";
    "Le maire a présenté son budget. Lire la suite" → "Le maire a présenté son budget.".
    """
    return regex_changes(_trailing_pattern(), text, lambda m: "")


_NBSP_IN_TEXT = regex.compile(r"(?<=[\p{L}\p{N}.,)’'\"])[\u00a0\u202f\u2007\u2060]+(?=[\p{L}(«\"“])")


@rule(
    "source-nbsp-link",
    "Replace no-break spaces that glue link text to its sentence with plain spaces",
    category="whitespace",
    side="source",
)
def nbsp_link(text: str, context: Context):
    """No-break spaces around link text ("sur\\u00a0LinkedIn\\u00a0Lundi") left by a page's HTML.

    French typography's own no-break spaces (before : ; ! ? %, inside « », between digit groups)
    are kept: they are not between two words.
    Examples: "a partagé sur\\u00a0LinkedIn\\u00a0lundi" → "a partagé sur LinkedIn lundi";
    "selon\\u00a0le rapport\\u00a0de la Cour des comptes" → "selon le rapport de la Cour des comptes".
    """
    return regex_changes(_NBSP_IN_TEXT, text, lambda m: " ")


_LOWERCASE_AFTER_STOP = regex.compile(r"(?<=\p{L}{2})\.([ \u00a0]+)(?=\p{Ll})")


@rule(
    "source-broken-boundary",
    "Join a sentence cut by a stray full stop before a lowercase word",
    category="sentence",
    side="source",
)
def broken_boundary(text: str, context: Context):
    """A full stop followed by a lowercase word: a page translator's broken sentence join.

    Abbreviations (`abbreviations_fr.txt`: "etc.", "av.", "env."…) are left alone; the stop is
    removed so the sentence reads (and segments) as one, and the segment is flagged for review.
    Examples: "Microsoft a affirmé Valérie Plante. plus tôt cette année, il a versé" →
    "Microsoft a affirmé Valérie Plante plus tôt cette année, il a versé";
    "Le conseil a voté la mesure. mardi, le maire l'a signée" →
    "Le conseil a voté la mesure mardi, le maire l'a signée".
    """
    abbreviations = word_set("abbreviations_fr.txt")
    for match in _LOWERCASE_AFTER_STOP.finditer(text):
        word_start = match.start()
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start : match.start() + 1].lower()
        if word in abbreviations or "." in word[:-1]:
            continue
        context.problems.append(f"stray full stop before '{text[match.end() : match.end() + 20].split(' ')[0]}' joined")
        yield Change(match.start(), match.end(), " ")


SOURCE_RULES = (reading_time, ui_icon, ui_trailing, nbsp_link, broken_boundary)
