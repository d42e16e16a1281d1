"""Source-side rules: each on two real-looking French sentences (one not from the seed), plus the
prose each must leave alone."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed, run

from translator.postedit.source_rules import broken_boundary, nbsp_link, reading_time, ui_icon, ui_trailing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Icône de temps de lecture 2 minute. lis", ""),
        ("Temps de lecture : 4 minutes La ville a annoncé lundi un plan.", "La ville a annoncé lundi un plan."),
        ("Le budget est adopté. 3 min. lire", "Le budget est adopté."),
    ],
)
def test_reading_time_widget_removed(text, expected):
    assert fixed(reading_time, text) == expected


@pytest.mark.parametrize(
    "prose",
    ["Il faut 5 minutes pour lire le rapport.", "Le temps de lecture moyen a baissé.", "Il lit 10 minutes par jour."],
)
def test_reading_time_leaves_prose(prose):
    assert fixed(reading_time, prose) == prose


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nous pouvons recevoir une commission. Icône d'info-bulle", "Nous pouvons recevoir une commission."),
        ("Partager cet article Icône de partage", "Partager cet article"),
        ("Icône Facebook Le maire a démissionné.", "Le maire a démissionné."),
    ],
)
def test_icon_alt_text_removed(text, expected):
    assert fixed(ui_icon, text) == expected


@pytest.mark.parametrize(
    "prose",
    ["Elle est devenue l'icône de la mode parisienne.", "Cette Icône du cinéma français est morte hier."],
)
def test_icon_leaves_prose(prose):
    assert fixed(ui_icon, prose) == prose


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lisez notre page pour savoir comment soutenir l'équipe éditoriale En savoir plus",
            "Lisez notre page pour savoir comment soutenir l'équipe éditoriale",
        ),
        ("Le maire a présenté son budget. Lire la suite", "Le maire a présenté son budget."),
        ("En savoir plus", ""),
        ("Le conseil a voté. Lire la suite »", "Le conseil a voté."),
    ],
)
def test_trailing_link_label_removed(text, expected):
    assert fixed(ui_trailing, text) == expected


@pytest.mark.parametrize(
    "prose",
    [
        "Pour en savoir plus sur le projet, consultez le site de la ville.",
        "Les élèves doivent lire la suite du roman avant lundi.",
    ],
)
def test_trailing_label_leaves_prose(prose):
    assert fixed(ui_trailing, prose) == prose


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a partagé sur\u00a0LinkedIn\u00a0lundi", "a partagé sur LinkedIn lundi"),
        ("selon\u00a0le rapport\u00a0de la Cour des comptes", "selon le rapport de la Cour des comptes"),
    ],
)
def test_nbsp_around_link_text_becomes_space(text, expected):
    out, edits = run(nbsp_link, text)
    assert out == expected
    assert [e.before for e in edits] == ["\u00a0", "\u00a0"]


@pytest.mark.parametrize(
    "typography",
    ["Il a dit\u00a0: «\u00a0non\u00a0»\u00a0!", "une hausse de 5\u00a0%", "1\u00a0234\u00a0567 habitants"],
)
def test_nbsp_keeps_french_typography(typography):
    assert fixed(nbsp_link, typography) == typography


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Microsoft a affirmé Valérie Plante. plus tôt cette année, il a versé 620 millions",
            "Microsoft a affirmé Valérie Plante plus tôt cette année, il a versé 620 millions",
        ),
        (
            "Le conseil a voté la mesure. mardi, le maire l'a signée.",
            "Le conseil a voté la mesure mardi, le maire l'a signée.",
        ),
    ],
)
def test_broken_boundary_joined(text, expected):
    assert fixed(broken_boundary, text) == expected


@pytest.mark.parametrize(
    "prose",
    [
        "Il a acheté des pommes, des poires, etc. et il est rentré.",
        "Voir p. 12 du rapport.",
        "La société (env. 300 salariés) recrute. Elle vise les U.S. marchés.",
        "Il hésita... puis il partit.",
        "Apple Inc. a annoncé ses résultats.",
        "Le site exemple.fr. puis le reste",
    ],
)
def test_broken_boundary_leaves_abbreviations(prose):
    assert fixed(broken_boundary, prose) == prose


def test_source_rules_keep_urls():
    text = "Voir https://example.fr/Icône de partage pour\u00a0plus"
    out = fixed(ui_icon, text)
    assert "https://example.fr/Icône" in out
