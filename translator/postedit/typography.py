"""Target-side typography: French conventions the model copies into English.

French puts a (no-break) space before : ; ! ? and %, quotes with « » and ‹ ›, and uses thin
and no-break spaces; English does none of that.
"""

from __future__ import annotations

import regex

from translator.postedit.rules import Context, regex_changes, rule

_SPACES = "[ \u00a0\u202f\u2009\u2007]"
_GUILLEMETS = regex.compile(rf"«{_SPACES}*|{_SPACES}*»|‹{_SPACES}*|{_SPACES}*›")
_CURLY = {"«": "“", "»": "”", "‹": "‘", "›": "’"}


@rule("typo-guillemets", "Turn « » and ‹ › into English curly quotes", category="typography", side="target")
def guillemets(text: str, context: Context):
    """French quotation marks, with the spaces inside them, become “ ” and ‘ ’.

    Examples: "the CTO « for our supercomputing efforts »" → "the CTO “for our supercomputing efforts”";
    "he called it ‹ a mistake › on Tuesday" → "he called it ‘a mistake’ on Tuesday".
    """
    return regex_changes(_GUILLEMETS, text, lambda m: _CURLY[m.group().strip(" \u00a0\u202f\u2009\u2007")])


_SPACE_BEFORE = regex.compile(rf"(?<=[^\s(\[«“‘])({_SPACES}+)(?=[:;!?,.]+(?:\s|$|[”’)\]]))")


@rule("typo-space-before-punct", "No space before : ; ! ? , .", category="typography", side="target")
def space_before_punctuation(text: str, context: Context):
    """French spacing before high punctuation (and the model's stray space before , .).

    Examples: "The answer is clear : no" → "The answer is clear: no";
    "Who pays ? The taxpayer !" → "Who pays? The taxpayer!".
    """
    return regex_changes(_SPACE_BEFORE, text, lambda m: "")


_PERCENT = regex.compile(rf"(?<=\d){_SPACES}+(?=%)")


@rule("typo-percent", "Write '5 %' as '5%'", category="typography", side="target")
def percent(text: str, context: Context):
    """French puts a space between a number and the percent sign; English does not.

    Examples: "inflation rose 5 % in May" → "inflation rose 5% in May";
    "a 12,5 % stake" → "a 12,5% stake" (the decimal comma is the numbers rules' job).
    """
    return regex_changes(_PERCENT, text, lambda m: "")


_ODD_SPACES = regex.compile(r"[ \u00a0\u202f\u2009\u2007\u2060]{2,}|[\u00a0\u202f\u2009\u2007\u2060]")


@rule(
    "typo-spaces",
    "Replace thin and no-break spaces with plain ones, collapse doubled spaces",
    category="typography",
    side="target",
)
def spaces(text: str, context: Context):
    """Thin, narrow and no-break spaces (and doubled spaces) become one plain space.

    Examples: "on\\u00a0LinkedIn\\u00a0Monday" → "on LinkedIn Monday";
    "costs\\u202f rose  sharply" → "costs rose sharply".
    """
    return regex_changes(_ODD_SPACES, text, lambda m: " ")


_STRAIGHT_APOSTROPHE = regex.compile(r"(?<=\p{L})'(?=\p{L})")


@rule(
    "typo-apostrophe",
    "Use a typographic apostrophe (’) inside words (house style, off by default)",
    category="typography",
    side="target",
    default=False,
)
def apostrophe(text: str, context: Context):
    """A straight apostrophe between letters becomes ’ for publications that set curly quotes.

    Examples: "Microsoft's plan" → "Microsoft’s plan"; "it doesn't add up" → "it doesn’t add up".
    """
    return regex_changes(_STRAIGHT_APOSTROPHE, text, lambda m: "’")


TYPOGRAPHY_RULES = (guillemets, space_before_punctuation, percent, spaces, apostrophe)
