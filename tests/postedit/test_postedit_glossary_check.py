"""glossary-restore: renderings damaged in spacing, hyphen or apostrophe are put back; others untouched."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.document import GlossaryHit
from translator.postedit.glossary_check import restore


def _hit(french: str, english: str, kind: str = "term") -> GlossaryHit:
    return GlossaryHit(french, french, english, kind, 0, len(french))


@pytest.mark.parametrize(
    ("hit", "target", "expected"),
    [
        (_hit("start-up", "start-up"), "the start up raised $5 million", "the start-up raised $5 million"),
        (_hit("Wi-Fi", "Wi-Fi"), "free Wi Fi in every carriage", "free Wi-Fi in every carriage"),
        (
            _hit("vice-président d'entreprise", "corporate vice president"),
            "a corporate vice-president",
            "a corporate vice president",
        ),
        (_hit("L'Oréal", "L'Oréal", "keep"), "shares of L Oréal fell", "shares of L'Oréal fell"),
    ],
)
def test_damaged_rendering_restored(hit, target, expected):
    assert fixed(restore, target, glossary=[hit]) == expected


@pytest.mark.parametrize(
    ("hit", "target"),
    [
        (_hit("supercalcul", "supercomputing"), "Supercomputing is next."),  # sentence case is fine
        (_hit("supercalcul", "supercomputing"), "The super computer is next."),  # a different word: QA flags it
        (_hit("IA", "artificial intelligence", "forbid"), "artificial intel ligence"),  # forbidden: never restored
    ],
)
def test_other_texts_left_alone(hit, target):
    assert fixed(restore, target, glossary=[hit]) == target
