"""Dates and titles: days, months and honorifics the French way, made English."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.postedit.config import PosteditConfig
from translator.postedit.dates import capitalise, french_names, honorifics


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("lundi, le conseil a voté", "on monday the council voted", "on Monday the council voted"),
        ("publié le 3 mars 2024", "published on 3 march 2024", "published on 3 March 2024"),
        ("en mai dernier", "last may", "last may"),  # "may" without a day number stays: it may be the verb
        ("il va marcher", "he will march on", "he will march on"),  # no "mars" in the French
    ],
)
def test_capitalise(source, target, expected):
    assert fixed(capitalise, target, source) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("a partagé sur LinkedIn Lundi", "shared on LinkedIn Lundi", "shared on LinkedIn Monday"),
        ("le 12 janvier, la firme a dit", "on 12 janvier the firm said", "on 12 January the firm said"),
        ("la planète Mars", "the planet Mars", "the planet Mars"),  # no day number: the planet
    ],
)
def test_french_day_and_month_names(source, target, expected):
    assert fixed(french_names, target, source) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("M. Dupont a dit", "M. Dupont said", "Mr Dupont said"),
        ("Mme Hidalgo a annoncé", "Mrs Hidalgo announced", "Ms Hidalgo announced"),
        ("M. Dupont a dit", "Mr. Dupont said", "Mr Dupont said"),
        ("Le maire a dit", "The Mr. said", "The Mr. said"),  # no French title: nothing to check against
    ],
)
def test_honorifics_british(source, target, expected):
    assert fixed(honorifics, target, source) == expected


def test_honorifics_american_house_style():
    config = PosteditConfig(honorifics="american")
    assert fixed(honorifics, "Mme Plante and M. Legault met", "Mme Plante et M. Legault", config=config) == (
        "Ms. Plante and Mr. Legault met"
    )
