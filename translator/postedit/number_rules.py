"""Target-side numbers and money: English formats, checked against the segment's French.

Every rule here rewrites a number only when the same quantity is in the source segment, so a
figure the model got wrong is left for the QA flags to report, never "fixed" into another one.
"""

from __future__ import annotations

import regex

from translator.postedit import quantities as q
from translator.postedit.rules import Change, Context, rule


@rule(
    "numbers-money",
    "Write amounts as '$100 billion' / '€620 million', checked against the French amount",
    category="numbers",
    side="target",
)
def money(text: str, context: Context):
    """An amount of money, whatever shape the model gave it, in English news style.

    The target amount must match one in the French: same number and currency (the French scale
    word then decides: French "milliard" is a billion and French "billion" a trillion), or the
    same total value. Unmatched amounts are left alone.
    Examples: "a plan of 100 billions of dollars" (from "100 milliards de dollars") → "a plan of $100 billion";
    "it paid 620 million euros" (from "620 millions d'euros") → "it paid €620 million";
    "1 billion dollars" (from "1 billion de dollars") → "$1 trillion".
    """
    sources = q.source_amounts(context.source)
    if not sources:
        return
    carried = q.source_number_tokens(context.source)
    for match in q.money_pattern().finditer(text):
        amount = q.read_amount(match, french=q.squash(match.group("num")) in carried)
        if amount is None:
            continue
        same_number = [s for s in sources if s.mantissa == amount.mantissa and s.currency == amount.currency]
        if same_number:
            yield Change(match.start(), match.end(), same_number[0].english())
        elif any(s.value == amount.value and s.currency == amount.currency for s in sources):
            yield Change(match.start(), match.end(), amount.english())


@rule(
    "numbers-scale",
    "Render French scale words (milliard, billion) as English ones, checked against the French",
    category="numbers",
    side="target",
)
def scale(text: str, context: Context):
    """A number with a scale word: French "milliard" is an English billion, French "billion" a trillion.

    Examples: "2,5 milliards of people" (from "2,5 milliards de personnes") → "2.5 billion people";
    "1 billion inhabitants" (from "1 billion d'habitants") → "1 trillion inhabitants".
    """
    sources = q.source_scaled(context.source)
    if not sources:
        return
    carried = q.source_number_tokens(context.source)
    for match in q.scale_pattern().finditer(text):
        mantissa = q.parse_number(match.group("num"), french=q.squash(match.group("num")) in carried)
        found = next((s for s in sources if s.mantissa == mantissa), None)
        if found is None:
            continue
        replacement = found.english()
        link = match.group("link") or ""
        if link.endswith(("'", "’")):
            replacement += " "
        yield Change(match.start(), match.end(), replacement)


@rule(
    "numbers-format",
    "French digit grouping and decimal comma to English (1 234,5 → 1,234.5) for carried-over numbers",
    category="numbers",
    side="target",
)
def number_format(text: str, context: Context):
    """A number the model copied from the French as written, with French grouping or decimal comma.

    Only numbers found verbatim in the source are converted, so an English "1,234" is left alone.
    Examples: "a budget of 1 234,5 euros" (from "1 234,5") → "a budget of 1,234.5 euros";
    "growth of 2,7% in 2023" (from "2,7 %") → "growth of 2.7% in 2023".
    """
    carried = q.source_number_tokens(context.source)
    for match in q.FRENCH_STYLE.finditer(text):
        if q.squash(match.group()) not in carried:
            continue
        value = q.parse_number(match.group(), french=True)
        if value is not None:
            yield Change(match.start(), match.end(), q.english_number(value))


_ORDINAL = regex.compile(r"(?<![\w.,])(\d+)(er|re|ère|ers|res|e|es|ème|èmes|eme)(?!\w)")


@rule("numbers-ordinal", "French ordinals to English: 1er → 1st, 3e → 3rd", category="numbers", side="target")
def ordinal(text: str, context: Context):
    """A French ordinal suffix copied into English; only ordinals found in the French are touched.

    Examples: "the 1er quarter" (from "1er trimestre") → "the 1st quarter";
    "the 22e edition of the festival" (from "22e édition") → "the 22nd edition of the festival".
    """
    written = {m.group().lower() for m in _ORDINAL.finditer(context.source)}
    for match in _ORDINAL.finditer(text):
        if match.group().lower() in written:
            yield Change(match.start(), match.end(), q.english_ordinal(int(match.group(1))))


_CENTURY = regex.compile(
    rf"(?<!\w)(?P<n>[IVXLC]+|\d{{1,2}})(?:e|ème|eme|er|st|nd|rd|th)?{q.SPACES}+(?P<word>siècles?|century|centuries)(?!\w)"
)


@rule(
    "numbers-century",
    "Roman-numeral centuries to English: XXIe siècle → 21st century",
    category="numbers",
    side="target",
)
def century(text: str, context: Context):
    """A French century ("XXIe siècle") kept in the English, wholly or in part.

    Examples: "the challenges of the XXIe siècle" → "the challenges of the 21st century";
    "a XIXe century building" (from "un bâtiment du XIXe siècle") → "a 19th century building".
    """
    centuries = q.source_centuries(context.source)
    for match in _CENTURY.finditer(text):
        n = match.group("n")
        value = int(n) if n.isdigit() else q.roman_value(n)
        if value and value in centuries:
            noun = "centuries" if match.group("word") in ("siècles", "centuries") else "century"
            yield Change(match.start(), match.end(), f"{q.english_ordinal(value)} {noun}")


NUMBER_RULES = (money, scale, number_format, ordinal, century)
