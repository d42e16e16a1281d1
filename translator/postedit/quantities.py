"""Numbers, amounts of money, ordinals and centuries, read from French or English text.

The numbers rules and the QA checks share these readers: a target number is only rewritten
when the same quantity is in the segment's French, so the post-editor never invents a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from translator.postedit.wordlists import table

SPACES = "[ \u00a0\u202f\u2009\u2007]"
# Any written number, French ("1 234,5") or English ("1,234.5") style.
NUMBER = rf"\d{{1,3}}(?:(?:{SPACES}|,)\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
FRENCH_NUMBER = regex.compile(rf"(?<![\d.,])(?:\d{{1,3}}(?:{SPACES}\d{{3}})+|\d+)(?:,\d+)?(?![\d]|[.,]\d)")
ENGLISH_NUMBER = regex.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d]|[.,]\d)")
# French-style numbers as they may be copied into English: space groups or a decimal comma.
FRENCH_STYLE = regex.compile(rf"(?<![\d.,])(?:\d{{1,3}}(?:{SPACES}\d{{3}})+(?:,\d+)?|\d+,\d+)(?![\d]|[.,]\d)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ENGLISH_SCALE = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
ABBREVIATED_SCALES = frozenset({"M", "Md", "Mds", "m", "bn"})


def squash(number: str) -> str:
    """A number as written, with its spaces normalised away, for verbatim comparison."""
    return regex.sub(SPACES, "", number)


def parse_number(text: str, french: bool) -> Decimal | None:
    """The value of a written number; `french` reads "," as the decimal mark."""
    digits = squash(text)
    if french:
        digits = digits.replace(".", "").replace(",", ".")
    elif regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def english_number(value: Decimal) -> str:
    """1500 → "1,500"; 2.50 → "2.5"."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def roman_value(text: str) -> int | None:
    if not text or any(c not in ROMAN for c in text):
        return None
    total = 0
    for current, following in zip(text, [*text[1:], None], strict=True):
        value = ROMAN[current]
        total += -value if following and ROMAN[following] > value else value
    return total


def english_ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


@dataclass(frozen=True)
class Currency:
    symbol: str
    forms: tuple[str, ...]

    @property
    def prefix(self) -> str:
        return self.symbol + " " if self.symbol[-1].isalpha() else self.symbol


@lru_cache(maxsize=1)
def currencies() -> dict[str, Currency]:
    """Every written form of a currency → the currency."""
    found: dict[str, Currency] = {}
    for symbol, forms in table("currencies.tsv"):
        currency = Currency(symbol, tuple(forms.split("|")))
        for form in currency.forms:
            found.setdefault(form.lower(), currency)
    return found


@lru_cache(maxsize=1)
def scales() -> dict[str, dict[str, int]]:
    """language → scale word → power of ten."""
    found: dict[str, dict[str, int]] = {"fr": {}, "en": {}}
    for word, language, exponent in table("scales.tsv"):
        found[language][word] = int(exponent)
    return found


def _alternation(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", f"{SPACES}+") for w in sorted(words, key=len, reverse=True))


def _bounded(words) -> str:
    """An alternation whose alphabetic forms must stand as whole words."""
    return rf"(?:(?<!\w)(?:{_alternation(words)})(?!\w)|(?:{_alternation([w for w in words if not w[-1].isalnum()])}))"


@lru_cache(maxsize=1)
def money_pattern() -> regex.Pattern:
    forms = {form for currency in currencies().values() for form in currency.forms}
    prefixes = [f for f in forms if not any(c.islower() for c in f)]
    scale_words = set(scales()["fr"]) | set(scales()["en"])
    return regex.compile(
        rf"(?:(?P<pre>{_bounded(prefixes)}){SPACES}?)?"
        rf"(?<![\d.,])(?P<num>{NUMBER})(?![\d])"
        rf"(?:{SPACES}?(?P<scale>{_alternation(scale_words)})(?!\w))?"
        rf"(?:(?:{SPACES}+(?:de|of|from){SPACES}+|{SPACES}+d['’]{SPACES}?|{SPACES}*)(?P<cur>{_bounded(forms)})(?:(?<=\p{{L}})|(?!{SPACES}?\d)))?",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def scale_pattern() -> regex.Pattern:
    words = (set(scales()["fr"]) | set(scales()["en"])) - ABBREVIATED_SCALES
    return regex.compile(
        rf"(?<![\d.,])(?P<num>{NUMBER})(?![\d]){SPACES}?(?P<scale>{_alternation(words)})(?!\w)"
        rf"(?P<link>{SPACES}+(?:de|of)(?={SPACES})|{SPACES}+d['’])?"
    )


@dataclass(frozen=True)
class Amount:
    """A number, the power of ten its scale word gives it, and optionally a currency."""

    mantissa: Decimal
    exponent: int = 0
    currency: Currency | None = None

    @property
    def value(self) -> Decimal:
        return self.mantissa.scaleb(self.exponent)

    def english(self) -> str:
        words = english_number(self.mantissa)
        if self.exponent:
            words += " " + ENGLISH_SCALE[self.exponent]
        return (self.currency.prefix if self.currency else "") + words


def _scale_exponent(word: str | None, french: bool) -> int | None:
    """The power of ten of a scale word; in English text French-only words still count."""
    if not word:
        return 0
    table_fr, table_en = scales()["fr"], scales()["en"]
    if french:
        return table_fr.get(word, table_fr.get(word.lower()))
    return table_en.get(word, table_en.get(word.lower(), table_fr.get(word, table_fr.get(word.lower()))))


def read_amount(match: regex.Match, french: bool) -> Amount | None:
    """An `Amount` from a `money_pattern` match, or None if it names no currency."""
    pre, cur = match.group("pre"), match.group("cur")
    if not (pre or cur):
        return None
    mantissa = parse_number(match.group("num"), french)
    exponent = _scale_exponent(match.group("scale"), french)
    if mantissa is None or exponent is None or exponent not in (0, *ENGLISH_SCALE):
        return None
    currency = currencies().get(regex.sub(f"{SPACES}+", " ", cur or pre).lower())
    return Amount(mantissa, exponent, currency) if currency else None


def source_amounts(source: str) -> list[Amount]:
    """Amounts of money in French text."""
    return [a for m in money_pattern().finditer(source) if (a := read_amount(m, french=True))]


def source_scaled(source: str) -> list[Amount]:
    """Numbers with a scale word ("2,5 milliards") in French text."""
    found = []
    for match in scale_pattern().finditer(source):
        mantissa = parse_number(match.group("num"), french=True)
        exponent = _scale_exponent(match.group("scale"), french=True)
        if mantissa is not None and exponent:
            found.append(Amount(mantissa, exponent))
    return found


_CENTURY_FR = regex.compile(rf"(?<!\w)(?P<n>[IVXLC]+|\d{{1,2}})(?:e|ème|eme|er){SPACES}+siècles?(?!\w)")


def source_centuries(source: str) -> set[int]:
    found = set()
    for match in _CENTURY_FR.finditer(source):
        n = match.group("n")
        found.add(int(n) if n.isdigit() else roman_value(n) or 0)
    return found


def source_number_tokens(source: str) -> set[str]:
    """French numbers as written in the source, squashed, to tell a carried-over number."""
    return {squash(m.group()) for m in FRENCH_NUMBER.finditer(source)}


_ORDINAL_FR = regex.compile(r"(?<![\w.,])(\d+)(?:er|re|ère|ers|res|e|es|ème|èmes|eme)(?!\w)")
_ORDINAL_EN = regex.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)(?!\w)")


def french_values(text: str) -> set[Decimal]:
    """Every number in French text, ordinals and centuries included, as values."""
    values = {v for m in FRENCH_NUMBER.finditer(text) if (v := parse_number(m.group(), french=True)) is not None}
    values |= {Decimal(m.group(1)) for m in _ORDINAL_FR.finditer(text)}
    values |= {Decimal(n) for n in source_centuries(text)}
    return values


def english_values(text: str, source: str = "") -> set[Decimal]:
    """Every number in English text; French-style numbers copied from `source` read as French."""
    carried = source_number_tokens(source)
    values: set[Decimal] = set()
    for match in FRENCH_STYLE.finditer(text):
        number = parse_number(match.group(), french=squash(match.group()) in carried)
        if number is not None:
            values.add(number)
    rest = FRENCH_STYLE.sub(" ", text)
    values |= {v for m in ENGLISH_NUMBER.finditer(rest) if (v := parse_number(m.group(), french=False)) is not None}
    values |= {Decimal(m.group(1)) for m in _ORDINAL_EN.finditer(text)}
    values |= {Decimal(m.group(1)) for m in _ORDINAL_FR.finditer(text)}
    return values
