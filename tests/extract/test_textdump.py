"""Text dumps: the seed article, and the classifier's building blocks."""

from pathlib import Path

from translator.extract import extract_path, load_rules
from translator.extract.hygiene import tidy
from translator.extract.textdump import classify_dump, split_blocks
from translator.outputs.text import render_text

SEED = Path(__file__).parents[2] / "seeds" / "microsoft-hires-meta-ai-veteran.txt"


def test_seed_keeps_the_article_and_drops_its_boilerplate():
    article = extract_path(SEED)
    kinds = {b.text: b.kind for b in article.blocks}
    seed_lines = tidy(SEED.read_text("utf-8")).splitlines()  # no-break spaces become plain ones (hygiene.py)
    lines = [line.strip().lstrip("•").strip() for line in seed_lines if line.strip()]
    title, standfirst = lines[0], lines[1]
    key_points = [line for line in lines if line.startswith(("L'ancien", "Kevin Scott nomme", "Microsoft et OpenAI"))]
    body = [line for line in lines if len(line) > 250]
    assert kinds[title] == "title" and article.title == title
    assert kinds[standfirst] == "standfirst"
    assert len(key_points) == 3 and all(kinds[p] == "list_item" for p in key_points)
    assert len(body) == 5 and all(kinds[p] == "paragraph" for p in body)
    text = render_text(article)
    for gone in ("temps de lecture", "commission", "Icône d'info-bulle", "page de divulgation", "En savoir plus"):
        assert gone not in text
    removed = {r.rule.split("-")[0] + ":" + r.category for r in article.removed}
    assert {"reading:reading-time", "disclosure:disclosure"} <= removed


def test_seed_removed_blocks_keep_their_text_and_order():
    article = extract_path(SEED)
    by_category = {r.category: r for r in article.removed}
    assert by_category["reading-time"].text.startswith("Icône de temps de lecture")
    assert "page de divulgation" in next(r.text for r in article.removed if "divulgation" in r.text)
    positions = [r.position for r in article.removed]
    assert positions == sorted(positions)


def test_fragments_of_one_paragraph_are_rejoined():
    dump = "Le gouvernement a présenté\n\nmardi\n\nun plan de\n\nrelance de 2 milliards d'euros.\n\nMenu"
    texts = [b.text for b in split_blocks(dump)]
    assert texts == ["Le gouvernement a présenté mardi un plan de relance de 2 milliards d'euros.", "Menu"]


def test_bullets_become_list_items():
    blocks = split_blocks("Points clés\n  • Premier point.\n  - Second point.\n1. Troisième.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Points clés"),
        ("list_item", "Premier point."),
        ("list_item", "Second point."),
        ("list_item", "Troisième."),
    ]


def _page_dump(paragraphs: list[str], tail: list[str]) -> str:
    menu = ["Accueil", "Économie", "Tech", "Sport", "Culture", "Se connecter"]
    title = "La Banque centrale européenne maintient ses taux directeurs inchangés"
    return "\n\n".join([*menu, title, "Par Anne Lefèvre", *paragraphs, *tail])


PARAGRAPHS = [
    "La Banque centrale européenne a décidé jeudi de laisser ses taux directeurs inchangés, comme l'attendaient "
    "la plupart des économistes, en invoquant une inflation qui reste supérieure à son objectif de deux pour cent.",
    "Sa présidente a toutefois laissé entendre qu'une baisse pourrait intervenir dès le mois de juin si les "
    "prochaines données confirment le ralentissement de la hausse des prix dans la zone euro.",
    "Les marchés ont salué cette annonce : la Bourse de Paris a terminé la séance en hausse de près d'un pour "
    "cent, portée par les valeurs bancaires et immobilières qui profiteraient d'un crédit moins cher.",
]


def test_menus_before_and_comments_after_the_article_are_dropped():
    comments = [
        "Commentaires",
        "Je trouve que la banque centrale aurait dû baisser ses taux depuis longtemps, les ménages souffrent "
        "et les entreprises n'investissent plus, c'est une erreur qui coûtera cher à toute l'Europe.",
        "Répondre",
    ]
    blocks, removed = classify_dump(_page_dump(PARAGRAPHS, comments), load_rules(), "fr")
    kept = [b.text for b in blocks]
    assert blocks[0].kind == "title" and blocks[0].text.startswith("La Banque centrale européenne maintient")
    assert all(p in kept for p in PARAGRAPHS)
    assert not any(t in kept for t in ("Accueil", "Se connecter", "Commentaires", "Répondre"))
    assert not any("ménages souffrent" in t for t in kept)
    assert any(r.category == "comments" for r in removed)
    assert any(r.category == "classifier" for r in removed)


def test_related_teasers_after_a_section_heading_are_dropped():
    related = ["Sur le même sujet", "L'inflation ralentit en France", "Le prix de l'essence repart à la hausse"]
    blocks, removed = classify_dump(_page_dump(PARAGRAPHS, related), load_rules(), "fr")
    kept = [b.text for b in blocks]
    assert "L'inflation ralentit en France" not in kept
    assert {r.rule for r in removed if r.category == "related"} == {"related-heading-fr"}


def test_a_dump_of_the_article_alone_keeps_its_first_and_last_paragraphs():
    """A scraper's cleaner dump has no menu or footer: its edges are the article, not boilerplate."""
    title = "La Banque centrale européenne maintient ses taux directeurs inchangés"
    blocks, _removed = classify_dump("\n\n".join([title, *PARAGRAPHS]), load_rules(), "fr")
    assert blocks[0].kind == "title" and blocks[0].text == title
    assert [b.text for b in blocks[1:]] == PARAGRAPHS


def test_footer_lines_after_the_article_are_dropped():
    footer = ["Mentions légales", "Plan du site", "© 2026 Le Journal du Soir. Tous droits réservés.", "Nous contacter"]
    blocks, _removed = classify_dump(_page_dump(PARAGRAPHS, footer), load_rules(), "fr")
    kept = " ".join(b.text for b in blocks)
    assert all(p in kept for p in PARAGRAPHS)
    assert not any(line in kept for line in footer)


def test_the_shipped_line_model_matches_the_features_the_runtime_computes():
    from translator.extract.dumpfeatures import feature_names
    from translator.extract.linemodel import load_model

    model = load_model()
    assert model.feature_names == feature_names()
    probabilities = model.probabilities([[0.0] * len(feature_names())] * 3)
    assert probabilities.shape == (3,) and ((probabilities >= 0) & (probabilities <= 1)).all()
