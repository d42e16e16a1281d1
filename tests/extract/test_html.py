"""HTML pages: the three seed pages keep their article and lose their boilerplate."""

import json
from pathlib import Path

import pytest

from translator.document import Article
from translator.extract import extract_bytes, extract_path
from translator.outputs.text import render_text

SEEDS = Path(__file__).parents[2] / "seeds"

# seed -> (title, standfirst or None, sentences that must be kept, boilerplate that must be gone)
CASES = {
    "batteries-sodium-start-up-lyonnaise.html": (
        "Batteries : la start-up lyonnaise Voltaïs lève 40 millions d'euros pour le sodium-ion",
        "La jeune pousse lyonnaise veut produire dès 2026 des batteries sans lithium pour le stockage stationnaire.",
        [
            "annonce ce mercredi une levée de fonds de 40 millions d'euros",
            "Une usine dans la vallée de la chimie",
            "une durée de vie supérieure à 6 000 cycles de charge",
            "dont les résultats seront publiés à l'automne.",
        ],
        [
            "min de lecture",
            "Icône",
            "commission",
            "En savoir plus",
            "Lire aussi",
            "Partager",
            "newsletter",
            "cookies",
            "Crédits photo",
            "Sur le même sujet",
            "Répondre",
            "Marc_69",
            "Tous droits réservés",
        ],
    ),
    "teletravail-pme-enquete.html": (
        "Télétravail : les PME françaises y prennent goût, selon une enquête",
        "Près d'une petite entreprise sur deux propose désormais au moins un jour de télétravail par semaine, "
        "contre une sur cinq avant la crise sanitaire.",
        [
            "47 % des PME proposent aujourd'hui au moins une journée de travail à distance",
            "Un tiers des patrons de PME estiment",
            "un investissement que toutes ne peuvent pas assumer.",
        ],
        [
            "Lecture : 3 min",
            "Partager sur",
            "À lire aussi",
            "abonnez-vous",
            "Déjà abonné",
            "Illustration",
            "les plus lus",
            "newsletter",
            "cookies",
            "Mots-clés",
        ],
    ),
    "smartphones-reconditionnes-marche.html": (
        "Smartphones reconditionnés : le marché français ralentit après trois ans de croissance",
        None,
        [
            "Les ventes de smartphones reconditionnés ont reculé de 4 % en volume l'an dernier.",
            "2,9 millions d'appareils remis à neuf ont été vendus en France",
            "un quart des volumes d'ici trois ans.",
        ],
        [
            "Icône",
            "minute. lis",
            "commission",
            "Photo :",
            "Lire aussi",
            "Partager",
            "Articles similaires",
            "Laisser un commentaire",
            "Suivez-nous",
            "cookies",
        ],
    ),
}


@pytest.mark.parametrize("seed", sorted(CASES))
def test_seed_page_keeps_article_and_drops_boilerplate(seed):
    title, standfirst, kept, gone = CASES[seed]
    article = extract_path(SEEDS / seed)
    assert article.title == title
    assert article.blocks[0].kind == "title"
    if standfirst:
        assert article.blocks[1].kind == "standfirst" and article.blocks[1].text == standfirst
    text = render_text(article)
    for sentence in kept:
        assert sentence in text, sentence
    for phrase in gone:
        assert phrase not in text.replace(title, ""), phrase
    assert article.source.language == "fr" and not article.flags


def test_seed_structure_headings_and_key_points():
    article = extract_path(SEEDS / "smartphones-reconditionnes-marche.html")
    items = [b.text for b in article.blocks if b.kind == "list_item"]
    assert len(items) == 3 and items[1].startswith("Le prix moyen")
    battery = extract_path(SEEDS / "batteries-sodium-start-up-lyonnaise.html")
    headings = [b.text for b in battery.blocks if b.kind == "heading"]
    assert headings == ["Une usine dans la vallée de la chimie", "Une concurrence asiatique déjà installée"]


def test_legacy_encoded_seed_is_decoded():
    article = extract_path(SEEDS / "smartphones-reconditionnes-marche.html")
    assert article.source.encoding == "cp1252"
    assert "reconditionnés" in article.title


def test_removed_blocks_are_recorded_with_rule_and_survive_json():
    article = extract_path(SEEDS / "smartphones-reconditionnes-marche.html")
    assert article.removed
    for removed in article.removed:
        assert removed.category and removed.rule and removed.text
    assert {r.category for r in article.removed} >= {"credits", "related"}
    again = Article.from_json(article.to_json())
    assert again == article
    assert json.loads(article.to_json())["removed"][0]["rule"]


def test_user_rules_apply_to_html(tmp_path):
    rules_file = tmp_path / "extra.rules"
    rules_file.write_text("custom  no-chinese-makers  drop  -  fabricants chinois\n", encoding="utf-8")
    from translator.extract import load_rules

    article = extract_path(SEEDS / "batteries-sodium-start-up-lyonnaise.html", rules=load_rules([rules_file]))
    assert "fabricants chinois" not in render_text(article)
    assert any(r.rule == "no-chinese-makers" for r in article.removed)


def test_page_with_no_main_content_falls_back_to_the_visible_text():
    body = "".join(
        f"<div>{sentence}</div>"
        for sentence in [
            "Accueil",
            "Le conseil municipal a voté lundi soir la création de trois nouvelles pistes cyclables dans le "
            "centre-ville, un projet attendu depuis longtemps par les associations d'usagers du vélo.",
            "Les travaux commenceront au printemps et dureront environ six mois, selon la mairie, qui prévoit "
            "aussi de planter deux cents arbres le long des nouveaux aménagements de la ville.",
        ]
    )
    article = extract_bytes(f"<html><body>{body}</body></html>".encode(), "velo.html")
    assert "trois nouvelles pistes cyclables" in render_text(article)
    assert "Accueil" not in render_text(article)


def test_page_without_text_is_an_input_error():
    from translator.errors import InputError

    with pytest.raises(InputError, match="no article text"):
        extract_bytes(b"<html><body><img src='a.png'><div>Menu</div></body></html>", "empty.html")


def _article_page(extra: str) -> bytes:
    prose = " ".join(
        f"<p>Le conseil municipal a voté le budget {n} après un long débat sur les investissements "
        f"prévus dans les écoles, les routes et les transports publics de la ville.</p>"
        for n in range(6)
    )
    return (
        "<html><head><title>Le budget voté</title></head><body><nav><a href='/'>Accueil</a></nav>"
        f"<article><h1>Le budget voté</h1>{prose}{extra}</article></body></html>"
    ).encode()


def test_a_sentence_that_is_mostly_a_link_is_prose_not_a_menu():
    extra = (
        "<p><a href='/rapport'>Consultez le rapport complet de la chambre régionale des comptes</a>.</p>"
        "<p>À lire : <a href='/dossier'>tous nos articles sur le budget municipal de la ville</a></p>"
    )
    article = extract_bytes(_article_page(extra), "page.html")
    text = render_text(article)
    assert "Consultez le rapport complet de la chambre régionale des comptes." in text
    assert "tous nos articles" not in text
    menu = "À lire : tous nos articles sur le budget municipal de la ville"
    assert menu in {r.text for r in article.removed if r.rule == "link-list"}


def test_line_breaks_and_headings_inside_a_list_item_keep_its_words_apart():
    extra = (
        "<h2>Où consulter</h2><ul>"
        "<li><a href='/a'>Centre Pasteur</a><br>12 rue des Écoles<br>Consultations sans rendez-vous</li>"
        "<li><h3>Maison de santé</h3><h4>Ouverte le samedi matin</h4></li>"
        "<li>Permanence téléphonique<br>du lundi au vendredi</li></ul>"
    )
    text = render_text(extract_bytes(_article_page(extra), "page.html"))
    assert "Centre Pasteur 12 rue des Écoles Consultations sans rendez-vous" in text
    assert "Maison de santé Ouverte le samedi matin" in text
    assert "Permanence téléphonique du lundi au vendredi" in text


def _long_paragraph(n: int) -> str:
    return (
        f"<p>Pour la randonnée numéro {n}, le guide rappelle que le sac doit rester léger, que l'eau compte plus "
        "que tout le reste et que chaque gramme superflu se paie dans les montées, surtout quand la chaleur arrive "
        "en fin de matinée sur les crêtes exposées.</p>"
    )


def test_a_list_of_links_inside_the_article_is_content_and_the_same_list_after_it_a_menu():
    items = ("Tente légère", "Sac de couchage", "Réchaud à gaz", "Lampe frontale", "Trousse de secours")
    checklist = (
        "<ul>" + "".join(f"<li><a href='/p{i}'>{item}</a> (1 kg)</li>" for i, item in enumerate(items)) + "</ul>"
    )
    before, after = _long_paragraph(1) + _long_paragraph(2), _long_paragraph(3) + _long_paragraph(4)
    for body, kept in ((before + checklist + after, True), (before + after + checklist, False)):
        title = "<title>Le sac du randonneur</title>"
        page = f"<html><head>{title}</head><body><article><h1>Le sac</h1>{body}</article></body></html>"
        article = extract_bytes(page.encode(), "sac.html")
        assert ("Réchaud à gaz (1 kg)" in render_text(article)) is kept
        assert ("Réchaud à gaz (1 kg)" in {r.text for r in article.removed if r.rule == "link-list"}) is not kept
