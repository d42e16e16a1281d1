"""Finding glossary terms in French: longest match, whole words, case, elision, inflection."""

import pytest

from translator.glossary import Glossary, load_glossaries
from translator.glossary.model import CASE_SENSITIVE, EXACT, FORBID, KEEP, NO_FEMININE, Entry


def glossary(*entries: Entry) -> Glossary:
    return Glossary(list(entries))


BASE = glossary(
    Entry("IA", "AI"),
    Entry("IA générative", "generative AI"),
    Entry("directeur technique", "CTO"),
    Entry("vice-président", "vice president"),
    Entry("vice-président d'entreprise", "corporate vice president"),
    Entry("jeune pousse", "start-up"),
    Entry("start-up", "start-up"),
    Entry("supercalculateur", "supercomputer", modifiers=frozenset({NO_FEMININE})),
    Entry("OpenAI", kind=KEEP),
    Entry("Orange", kind=KEEP, modifiers=frozenset({CASE_SENSITIVE})),
    Entry("directeur technique", "technical director", kind=FORBID),
)


def found(text: str, g: Glossary = BASE) -> list[tuple[str, str, str]]:
    return [(h.source, h.rendering, h.kind) for h in g.find(text) if h.kind != FORBID]


def test_longest_match_wins():
    assert found("L'IA générative progresse.") == [("IA générative", "generative AI", "term")]
    assert found("le vice-président d'entreprise de Microsoft") == [
        ("vice-président d'entreprise", "corporate vice president", "term")
    ]


def test_whole_words_only():
    assert found("Les IAs, la via ferrata, MIAOU et IAG") == []
    assert found("un supercalculateurX") == []


@pytest.mark.parametrize("text", ["l'IA", "l’IA", "d'IA", "qu'IA", "jusqu’à l’IA"])
def test_elisions(text):
    assert found(text) == [("IA", "AI", "term")]


def test_apostrophe_inside_a_term_matches_either_form():
    expected = [("vice-président d’entreprise", "corporate vice president", "term")]
    assert found("le vice-président d’entreprise") == expected


def test_multi_word_across_spaces_and_line_breaks():
    assert found("le directeur\u00a0technique et le directeur\ntechnique") == [
        ("directeur\u00a0technique", "CTO", "term"),
        ("directeur\ntechnique", "CTO", "term"),
    ]


def test_inflected_forms_render_plural():
    assert found("deux vice-présidents et des directrices techniques") == [
        ("vice-présidents", "vice presidents", "term"),
        ("directrices techniques", "CTOs", "term"),
    ]
    assert found("les jeunes pousses et les start-ups") == [
        ("jeunes pousses", "start-ups", "term"),
        ("start-ups", "start-ups", "term"),
    ]
    assert found("la directrice technique") == [("directrice technique", "CTO", "term")]


def test_no_feminine_and_exact_flags():
    assert found("une supercalculatrice") == []
    assert found("des supercalculateurs") == [("supercalculateurs", "supercomputers", "term")]
    exact = glossary(Entry("réseau social", "social network", modifiers=frozenset({EXACT})))
    assert found("les réseaux sociaux", exact) == []
    assert found("le réseau social", exact) == [("réseau social", "social network", "term")]


def test_case_rules():
    assert found("ia") == [("ia", "AI", "term")]  # matched case-blind, rendered as written
    assert found("DIRECTEUR TECHNIQUE") == [("DIRECTEUR TECHNIQUE", "CTO", "term")]
    assert found("la Jeune pousse") == [("Jeune pousse", "Start-up", "term")]
    assert found("LES JEUNES POUSSES") == [("JEUNES POUSSES", "START-UPS", "term")]
    titled = glossary(Entry("centre de données", "data center"))
    assert found("Le Centre de Données", titled) == [("Centre de Données", "Data Center", "term")]
    assert found("le Supercalculateur") == [("Supercalculateur", "Supercomputer", "term")]


def test_a_capital_that_only_opens_the_sentence_is_left_to_the_english():
    assert found("Supercalculateur géant.") == [("Supercalculateur", "supercomputer", "term")]
    assert found("« Jeune pousse » est le terme officiel.") == [("Jeune pousse", "start-up", "term")]
    assert found("Jeune Pousse") == [("Jeune Pousse", "Start-up", "term")]  # every word capitalised: a title


def test_nothing_is_found_inside_urls_emails_and_handles():
    assert found("Voir https://ia.example.fr/openai, écrire à ia@openai.com ou à @OpenAI.") == []


def test_case_sensitive_entries_match_only_as_written():
    assert found("Orange et orange") == [("Orange", "Orange", "keep")]


def test_keep_renders_the_french_as_found():
    assert found("OpenAI et OPENAI") == [("OpenAI", "OpenAI", "keep"), ("OPENAI", "OPENAI", "keep")]


def test_adjacent_terms_and_positions():
    text = "IA directeur technique OpenAI"
    hits = [h for h in BASE.find(text) if h.kind != FORBID]
    assert [(h.start, h.end) for h in hits] == [(0, 2), (3, 22), (23, 29)]
    assert all(text[h.start : h.end] == h.source for h in hits)


def test_forbidden_renderings_are_reported_alongside():
    hits = BASE.find("Le directeur technique")
    assert [(h.kind, h.rendering) for h in hits] == [("term", "CTO"), ("forbid", "technical director")]


def test_later_entry_wins():
    g = glossary(Entry("PDG", "CEO", origin="a.tsv"), Entry("PDG", "chief executive", origin="b.tsv"))
    assert found("le PDG", g) == [("PDG", "chief executive", "term")]


def test_own_form_beats_another_entrys_variant():
    # "licences" is a plural variant of "licence", but also an entry of its own
    g = glossary(Entry("licences", "licensing"), Entry("licence", "licence"))
    assert found("les licences", g) == [("licences", "licensing", "term")]


def test_user_glossary_overrides_default(tmp_path):
    user = tmp_path / "user.tsv"
    user.write_text("fr\ten\nIA\tA.I.\n", encoding="utf-8")
    assert found("l'IA", load_glossaries([user])) == [("IA", "A.I.", "term")]
    assert found("l'IA", load_glossaries()) == [("IA", "AI", "term")]
    assert found("l'IA", load_glossaries([user], use_default=False)) == [("IA", "A.I.", "term")]
    assert found("Microsoft", load_glossaries([user], use_default=False)) == []
