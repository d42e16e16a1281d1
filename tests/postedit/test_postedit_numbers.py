"""Numbers and money: English forms, always checked against the French, never invented."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.postedit.number_rules import century, money, number_format, ordinal, scale

SUPERCOMPUTER = "un plan de supercalculateur de 100 milliards de dollars"


@pytest.mark.parametrize(
    "model_output",
    [
        "a plan of 100 billion of dollars",  # the word-for-word test model
        "a plan of 100 billions of dollars",
        "a plan of 100 billion dollars",  # a real model
        "a plan of 100 milliards de dollars",  # left untranslated
        "a plan of 100 billion USD",
        "a plan of $100 billion",  # already right: unchanged
    ],
)
def test_billions_of_dollars(model_output):
    assert fixed(money, model_output, SUPERCOMPUTER) == "a plan of $100 billion"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("il a versé 620 millions d'euros", "it paid 620 million euros", "it paid €620 million"),
        ("il a versé 620 millions de dollars", "it paid 620 million of dollars", "it paid $620 million"),
        ("la dette atteint 1 billion de dollars", "the debt reaches 1 billion dollars", "the debt reaches $1 trillion"),
        ("un coût de 1 500 milliards de dollars", "a cost of 1.5 trillion dollars", "a cost of $1.5 trillion"),
        ("une amende de 2,5 millions de livres sterling", "a fine of 2,5 million pounds", "a fine of £2.5 million"),
        ("le billet coûte 45 euros", "the ticket costs 45 euros", "the ticket costs €45"),
        ("une levée de 10 M$", "a raise of 10 M$", "a raise of $10 million"),
        ("un prêt de 5 millions de $\u00a0CA", "a loan of 5 million $\u00a0CA", "a loan of C$5 million"),
        ("5 MILLIONS DE DOLLARS", "5 MILLION DOLLARS", "$5 million"),
    ],
)
def test_money_forms(source, target, expected):
    assert fixed(money, target, source) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("un plan de 100 milliards de dollars", "a plan of 200 billion dollars"),  # a wrong figure: QA's job
        ("un plan de 100 milliards de dollars", "a plan of 100 billion euros"),  # a wrong currency
        ("un plan ambitieux", "a plan of 100 billion dollars"),  # no amount in the French at all
    ],
)
def test_money_never_invents(source, target):
    assert fixed(money, target, source) == target


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("2,5 milliards de personnes", "2,5 billion of people", "2.5 billion people"),
        ("1 billion d'habitants", "1 billion d'habitants", "1 trillion habitants"),
        ("3 millions de visiteurs", "3 millions of visitors", "3 million visitors"),
    ],
)
def test_scale_words(source, target, expected):
    assert fixed(scale, target, source) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("un budget de 1 234,5 euros", "a budget of 1 234,5 euro", "a budget of 1,234.5 euro"),
        ("une croissance de 2,7 %", "growth of 2,7%", "growth of 2.7%"),
        ("12\u00a0000 manifestants", "12\u00a0000 protesters", "12,000 protesters"),
    ],
)
def test_number_format(source, target, expected):
    assert fixed(number_format, target, source) == expected


def test_number_format_only_touches_numbers_carried_over():
    # "1,5" is not in the French: the model wrote it, so it is left for the QA flags
    assert fixed(number_format, "about 1,5 million", "environ 2 millions") == "about 1,5 million"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("les résultats du 1er trimestre", "the results of the 1er quarter", "the results of the 1st quarter"),
        ("la 22e édition du festival", "the 22e edition of the festival", "the 22nd edition of the festival"),
        ("la 3e place", "the 3ème place", "the 3ème place"),  # "3ème" is not what the French wrote
    ],
)
def test_ordinals(source, target, expected):
    assert fixed(ordinal, target, source) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("les défis du XXIe siècle", "the challenges of the XXIe siècle", "the challenges of the 21st century"),
        ("un bâtiment du XIXe siècle", "a XIXe century building", "a 19th century building"),
        ("aux XVIIe et XVIIIe siècles", "in the XVIIe and XVIIIe centuries", "in the XVIIe and 18th centuries"),
    ],
)
def test_centuries(source, target, expected):
    assert fixed(century, target, source) == expected
