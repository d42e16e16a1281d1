"""Boilerplate rules: one test per category on our own examples, plus the rule file format."""

import pytest

from translator.errors import RulesError
from translator.extract.rules import load_rules, parse_rules

RULES = load_rules()

# category -> (lines a French or English page shows that the rule must remove)
BOILERPLATE = {
    "disclosure": [
        "Les lecteurs aident à soutenir TechActu. Nous pouvons recevoir une commission si vous achetez via nos liens.",
        "Lisez notre page de divulgation pour savoir comment nous financer En savoir plus",
        "Cet article contient des liens d'affiliation.",
        "We may earn a commission when you buy through links on our site.",
        "Purchases made through our links may earn us a commission.",
        "Products are chosen independently by our editors.",
        "Prices were accurate at the time this article was published but may change over time.",
        "Les produits sont sélectionnés en toute indépendance par notre rédaction.",
        "Les prix indiqués sont valables au moment de la publication.",
    ],
    "reading-time": [
        "Icône de temps de lecture 3 minute. lis",
        "4 min de lecture",
        "Lecture : 6 min",
        "5 min read",
    ],
    "icon": ["Icône de partage", "Share icon"],
    "share": [
        "Partager",
        "Partager sur Facebook",
        "Facebook Twitter LinkedIn E-mail",
        "Share this article",
        "Suivez-nous sur Instagram et TikTok",
    ],
    "newsletter": [
        "Inscrivez-vous à notre newsletter pour recevoir l'actualité tech chaque matin.",
        "Recevez gratuitement nos lettres d'information",
        "Vous pouvez vous désinscrire à tout moment.",
        "Sign up for our daily newsletter",
    ],
    "cookies": [
        "Nous utilisons des cookies pour vous offrir la meilleure expérience sur notre site.",
        "Tout accepter",
        "Continuer sans accepter",
        "This website uses cookies to improve your experience.",
    ],
    "related": [
        "Lire aussi : Apple présente un nouvel iPad",
        "À lire aussi - Les ventes de voitures électriques progressent",
        "En savoir plus",
        "Read more: Tesla cuts prices again",
    ],
    "paywall": [
        "Cet article est réservé aux abonnés.",
        "Pour lire la suite, abonnez-vous",
        "Déjà abonné ? Connectez-vous",
        "Subscribe now to continue reading",
    ],
    "credits": [
        "Crédits photo : Jean Martin / AFP",
        "© Reuters",
        "Photo : Hans Lucas",
        "Photo by Jane Doe",
    ],
    "comments": [
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
        "Vous devez être connecté pour publier un commentaire.",
        "Leave a reply",
    ],
    "navigation": [
        "Accueil",
        "Accueil > Tech > Smartphones",
        "Mentions légales",
        "Tous droits réservés",
        "Publié le 12 mars 2025 à 10h30",
        "Par Julien Morel — mis à jour le 3 février 2025 à 17h05",
        "Thank you!",
        "Publicité",
    ],
}

# sentences from real article bodies that happen to contain a trigger word: must survive
ARTICLE_SENTENCES = [
    "Le ministre a dit vouloir en savoir plus sur les pratiques de la plateforme avant de légiférer.",
    "Les cookies tiers seront supprimés du navigateur d'ici la fin de l'année, selon Google, qui promet "
    "une alternative respectueuse de la vie privée pour les annonceurs et les éditeurs de sites.",
    "La newsletter de l'entreprise, envoyée à ses 40 000 clients, contenait par erreur les adresses de tous "
    "les destinataires, ce qui a déclenché une enquête de la CNIL la semaine suivante.",
    "Par ailleurs, le gouvernement a annoncé mardi trois mesures pour les PME.",
    "Les abonnés du service de streaming devront payer deux euros de plus par mois à partir de juin, a "
    "annoncé la plateforme mardi, invoquant la hausse du coût des droits sportifs.",
    "Il faut compter environ 20 minutes de lecture pour venir à bout du rapport, qui détaille les "
    "défaillances du système informatique de l'hôpital pendant la cyberattaque.",
    "The new tariffs may earn the treasury a share of the import revenue, economists say.",
    "Les prix indiqués par l'Insee sont en hausse de 2 % sur un an, tirés par l'énergie.",
    "Prices were accurate enough for traders to react within minutes of the announcement.",
]


@pytest.mark.parametrize("category", sorted(BOILERPLATE))
def test_each_category_removes_its_own_examples(category):
    for line in BOILERPLATE[category]:
        match = RULES.block_match(line)
        assert match is not None, f"{category}: {line!r} was kept"
        assert match.rule.category == category, (line, match.rule.id)


@pytest.mark.parametrize("sentence", ARTICLE_SENTENCES)
def test_article_sentences_with_trigger_words_are_kept(sentence):
    assert RULES.block_match(sentence) is None
    assert RULES.strip_spans(sentence) == (sentence, [])


def test_every_shipped_category_is_tested():
    assert set(RULES.categories()) == set(BOILERPLATE)


def test_tooltip_icon_text_is_cut_out_of_a_paragraph():
    text, cut = RULES.strip_spans("Le prix baisse de 10 % cette semaine. Icône d'info-bulle")
    assert text == "Le prix baisse de 10 % cette semaine."
    assert [(rule.category, span.strip()) for rule, span in cut] == [("icon", "Icône d'info-bulle")]


def test_curly_apostrophes_and_spaces_are_normalised_before_matching():
    assert RULES.block_match("À\u00a0lire aussi\u202f: l’IA générative au bureau").rule.category == "related"


def test_user_rule_file_adds_and_replaces_rules(tmp_path):
    rules_file = tmp_path / "site.rules"
    rules_file.write_text(
        "# our site's promo box\n"
        "promo  promo-podcast  drop  20  ^écoutez notre podcast\\b\n"
        "related  related-en-savoir-plus  drop  15  ^pour aller plus loin\\b\n",
        encoding="utf-8",
    )
    rules = load_rules([rules_file])
    assert rules.block_match("Écoutez notre podcast sur toutes les plateformes").rule.id == "promo-podcast"
    assert rules.block_match("Pour aller plus loin").rule.origin.endswith("site.rules:3")
    assert rules.block_match("En savoir plus") is None  # the shipped rule with that id was replaced
    assert len(rules) == len(RULES) + 1


def test_max_words_keeps_long_paragraphs_that_start_with_a_phrase():
    short = "Lire aussi : les rapports annuels"
    long = short + " permettent aux investisseurs de comprendre la stratégie du groupe." * 5
    assert RULES.block_match(short).rule.category == "related"
    assert RULES.block_match(long) is None


@pytest.mark.parametrize(
    "line, message",
    [
        ("only three fields", "expected"),
        ("cat  id  explode  5  x", "unknown action"),
        ("cat  id  drop  many  x", "max_words"),
        ("cat  id  drop  5  (unclosed", "bad pattern"),
    ],
)
def test_malformed_rule_lines_name_file_and_line(line, message):
    with pytest.raises(RulesError, match=message) as error:
        parse_rules(f"# header\n{line}\n", "mine.rules")
    assert "mine.rules:2" in str(error.value)


def test_unreadable_rule_file_is_a_rules_error(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules([tmp_path / "missing.rules"])


def test_rule_file_with_bom_and_windows_line_endings(tmp_path):
    rules_file = tmp_path / "windows.rules"
    rules_file.write_bytes("\ufeff# site rules\r\npromo  promo-x  drop  5  ^offre spéciale\\b\r\n".encode("utf-8"))
    assert load_rules([rules_file]).block_match("Offre spéciale !").rule.id == "promo-x"
