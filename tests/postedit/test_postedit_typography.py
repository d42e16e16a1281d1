"""Typography rules: French conventions carried into English."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.postedit.config import PosteditConfig
from translator.postedit.typography import apostrophe, guillemets, percent, space_before_punctuation, spaces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the CTO « for our supercomputing efforts »", "the CTO “for our supercomputing efforts”"),
        ("he called it ‹\u00a0a mistake\u00a0› on Tuesday", "he called it ‘a mistake’ on Tuesday"),
        ("a “Stargate” AI supercomputer «\u202fStargate\u202f»", "a “Stargate” AI supercomputer “Stargate”"),
    ],
)
def test_guillemets(text, expected):
    assert fixed(guillemets, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The answer is clear : no", "The answer is clear: no"),
        ("Who pays ? The taxpayer !", "Who pays? The taxpayer!"),
        ("He said “yes” ; then he left .", "He said “yes”; then he left."),
    ],
)
def test_no_space_before_punctuation(text, expected):
    assert fixed(space_before_punctuation, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("built on .NET and C# : ok", "built on .NET and C#: ok"),
        ("the score was 2 - 1 ; a draw", "the score was 2 - 1; a draw"),
    ],
)
def test_space_before_punctuation_keeps_leading_dots_and_dashes(text, expected):
    assert fixed(space_before_punctuation, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("inflation rose 5 % in May", "inflation rose 5% in May"), ("a 12.5\u00a0% stake", "a 12.5% stake")],
)
def test_percent(text, expected):
    assert fixed(percent, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on\u00a0LinkedIn\u00a0Monday", "on LinkedIn Monday"), ("costs\u202f rose  sharply", "costs rose sharply")],
)
def test_spaces(text, expected):
    assert fixed(spaces, text) == expected


def test_apostrophe_is_off_by_default_and_works_when_enabled():
    assert apostrophe.default is False
    config = PosteditConfig(enable=frozenset({"typo-apostrophe"}))
    assert fixed(apostrophe, "Microsoft's plan doesn't add up", config=config) == "Microsoft’s plan doesn’t add up"
