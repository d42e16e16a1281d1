"""Model artefacts: doubled words, loops, and the detectors behind re-translation and QA."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.postedit.artefacts import doubled_word, french_share, function_share, has_loop, loop


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("the the company said", "the company said"),
        ("prices rose rose sharply in May", "prices rose sharply in May"),
        ("The The board met", "The board met"),
        ("what he had had was enough", "what he had had was enough"),  # English allows it
    ],
)
def test_doubled_word(target, expected):
    assert fixed(doubled_word, target, "la société a dit") == expected


def test_doubled_word_kept_when_the_french_doubles_it():
    assert fixed(doubled_word, "nous nous saw each other", "nous nous sommes vus") == "nous nous saw each other"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("the board of the board of the board approved it", "the board of the board approved it"),
        ("we will build, we will build, we will build.", "we will build."),
        ("The company the company said", "The company said"),
        ("the company the company the company said", "the company said"),
        ("systems that push the frontiers that push the frontiers of AI", "systems that push the frontiers of AI"),
    ],
)
def test_loop_collapsed(target, expected):
    assert fixed(loop, target) == expected


def test_loop_leaves_ordinary_repetition():
    text = "step by step, little by little, again and again"
    assert fixed(loop, text) == text


def test_loop_kept_when_the_french_repeats_the_group_as_often():
    slogan = "the cat sleeps, the cat sleeps, the cat sleeps."
    assert fixed(loop, slogan, "le chat dort, le chat dort, le chat dort.") == slogan
    # the model repeats more than the French does: a loop
    assert fixed(loop, "the cat the cat the cat sleeps", "le chat le chat dort") == "the cat sleeps"


def test_loop_detection_for_retranslation():
    assert has_loop("of the company of the company of the company")
    assert has_loop("the new supercomputer the new supercomputer")  # a long group twice
    assert not has_loop("the company said the company would grow")


def test_french_share_counts_carried_over_french():
    share, leftovers = french_share(
        "But there is still rumeurs saying the plan could fail",
        "Mais il y a encore rumeurs disant que le plan pourrait échouer",
    )
    assert leftovers == ["rumeurs"]
    assert 0 < share < 0.5
    share, _ = french_share("Le projet est lancé dans la ville", "Le projet est lancé dans la ville")
    assert share >= 0.5


def test_function_share_tells_prose_from_salad():
    assert function_share("The council voted on the budget for the city in the spring") > 0.3
    assert function_share("supercomputer ambition complexity partners frontiers systems project") < 0.1
