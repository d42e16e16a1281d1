"""Inflected forms of glossary terms, and the case and number of their renderings.

A light inflector rather than a per-term list of forms: from a term as written in the
glossary ("directeur technique") it generates the feminine and plural forms of each content
word ("directrice technique", "directeurs techniques", ...), by suffix rules read from
`data/glossary/french_inflection.tsv`. Over-generation is harmless (a non-word never occurs
in text); missing a real form is what matters. The English side gets the plural of its last
word when the French was plural, and the case of the French as found (ALL CAPS, Title Case).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from itertools import product

import regex

from translator.datafiles import list_lines
from translator.glossary.model import EXACT, KEEP, NO_FEMININE, Entry

_DATA = files("translator") / "data" / "glossary"
_WORD = regex.compile(r"\p{L}+")
_ACRONYM = regex.compile(r"\p{Lu}[\p{Lu}\p{N}]+")


def _rows(name: str) -> list[list[str]]:
    text = (_DATA / name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # header


@lru_cache(maxsize=1)
def _french_rules() -> dict[str, dict[str, list[str]]]:
    rules: dict[str, dict[str, list[str]]] = {"feminine": {}, "plural": {}}
    for form, ending, *replacement in _rows("french_inflection.tsv"):
        rules[form].setdefault(ending, []).append(replacement[0] if replacement else "")
    return rules


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(list_lines(_DATA / "function_words.txt"))


@lru_cache(maxsize=1)
def _english_plurals() -> list[tuple[str, str]]:
    rows = [(ending, replacement) for ending, replacement in _rows("english_plural.tsv")]
    return sorted(rows, key=lambda row: -len(row[0]))


def _apply(word: str, form: str) -> list[str]:
    """The forms of `word` for `form` ("feminine" or "plural"), by the longest matching ending."""
    rules = _french_rules()[form]
    for size in range(min(len(word), max(map(len, rules))), 0, -1):
        ending = word[-size:]
        if ending in rules:
            return [word[:-size] + replacement if replacement else word for replacement in rules[ending]]
    return [word + ("e" if form == "feminine" else "s")]


def word_forms(word: str, feminine: bool, plural: bool) -> list[str]:
    """The forms of one word in a gender and number (several when the rules allow several)."""
    forms = _apply(word, "feminine") if feminine else [word]
    if plural:
        forms = [p for form in forms for p in _apply(form, "plural")]
    return list(dict.fromkeys(forms))


def _inflectable(word: str) -> bool:
    return len(word) > 1 and word.islower() and word not in _function_words()


def _groups(term: str) -> list[list[tuple[str, bool]]]:
    """Split a term into agreement groups of (text, inflectable) pieces.

    A function word starts a new group: in "vice-président d'entreprise" the complement
    "entreprise" takes its own number, independently of "vice-président".
    """
    groups: list[list[tuple[str, bool]]] = [[]]
    position = 0
    for match in _WORD.finditer(term):
        word = match.group()
        if word in _function_words() and groups[-1]:
            groups.append([])
        groups[-1].append((term[position : match.start()], False))
        is_last_part = term[match.end() : match.end() + 1] != "-"
        groups[-1].append((word, _inflectable(word) and is_last_part))
        position = match.end()
    groups[-1].append((term[position:], False))
    return groups


def _group_forms(group: list[tuple[str, bool]], feminine: bool) -> dict[str, bool]:
    """Each agreeing form of a group (all words in the same gender and number) -> is plural."""
    found: dict[str, bool] = {}
    for is_feminine in (False, True) if feminine else (False,):
        for is_plural in (False, True):
            options = [word_forms(text, is_feminine, is_plural) if flexible else [text] for text, flexible in group]
            for combination in product(*options):
                found.setdefault("".join(combination), is_plural)
    return found


def variants(entry: Entry) -> list[tuple[str, bool]]:
    """Every surface form of the entry's French to look for, with whether its head is plural.

    The entry's own form comes first. Keep entries, `exact` entries and words that are not
    plain lowercase (acronyms, names) are not inflected. In a hyphenated word only the last
    part is ("vice-président" -> "vice-présidents"). Number comes from the first group.
    """
    if entry.kind == KEEP or EXACT in entry.modifiers:
        return [(entry.fr, False)]
    feminine = NO_FEMININE not in entry.modifiers
    per_group = [_group_forms(group, feminine) for group in _groups(entry.fr)]
    found: dict[str, bool] = {entry.fr: False}
    for combination in product(*(forms.items() for forms in per_group)):
        found.setdefault("".join(text for text, _ in combination), combination[0][1])
    return list(found.items())


def english_plural(rendering: str) -> str:
    """The rendering with its last word in the plural ("vice president" -> "vice presidents")."""
    head, _, last = rendering.rpartition(" ")
    if not last:
        return rendering
    if _ACRONYM.fullmatch(last):
        plural = last + "s"
    else:
        lower = last.lower()
        plural = last + "s"
        for ending, replacement in _english_plurals():
            if lower.endswith(ending):
                plural = last[: len(last) - len(ending)] + replacement
                break
    return f"{head} {plural}" if head else plural


def adapt_case(found: str, entry: Entry, rendering: str, initial: bool = False) -> str:
    """Render in the case the French was found in: ALL CAPS stays caps, Title Case stays title.

    A capital that only marks the start of the French sentence (`initial`, one capitalised
    word) says nothing about the term: the English sentence decides (see the enforcer).
    """
    if entry.case_sensitive:
        return rendering
    letters = [c for c in found if c.isalpha()]
    written = [c for c in entry.fr if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and not all(c.isupper() for c in written):
        return rendering.upper()
    if letters and written and letters[0].isupper() and written[0].islower():
        words = [w for w in found.split() if w[:1].isalpha() and w.lower() not in _function_words()]
        if len(words) > 1 and all(w[0].isupper() for w in words):
            return " ".join(w[:1].upper() + w[1:] for w in rendering.split(" "))
        if not initial:
            return rendering[:1].upper() + rendering[1:]
    return rendering
