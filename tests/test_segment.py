"""The French sentence splitter, one real-looking news case per test, and stable segment ids."""

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.document import Article, Block, Source
from translator.segment import MAX_SEGMENT_CHARS, segment_article, split_long, split_sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "microsoft-hires-meta-ai-veteran.txt"


def assert_lossless(text: str, sentences: list[str]) -> None:
    """Every sentence is a slice of the text, in order, and only whitespace lies between them."""
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, sentence
        assert not text[position:found].strip(), text[position:found]
        position = found + len(sentence)
    assert not text[position:].strip()


CASES = {
    "titles": (
        "M. Dupont a rencontré Mme Martin mardi. MM. Durand et Petit étaient absents.",
        ["M. Dupont a rencontré Mme Martin mardi.", "MM. Durand et Petit étaient absents."],
    ),
    "doctor": (
        "Selon le Dr. Lemoine, l'épidémie recule. Le Pr. Delfraissy reste prudent.",
        ["Selon le Dr. Lemoine, l'épidémie recule.", "Le Pr. Delfraissy reste prudent."],
    ),
    "etc_ends_sentence": (
        "Le groupe vend des téléphones, des tablettes, etc. Ses ventes ont progressé de 4 %.",
        ["Le groupe vend des téléphones, des tablettes, etc.", "Ses ventes ont progressé de 4 %."],
    ),
    "etc_inside_sentence": (
        "Les géants (Apple, Google, etc.) ont été convoqués à Bruxelles.",
        ["Les géants (Apple, Google, etc.) ont été convoqués à Bruxelles."],
    ),
    "p_ex": (
        "Certains services, p. ex. Copilot, seront payants. Microsoft n'a pas donné de prix.",
        ["Certains services, p. ex. Copilot, seront payants.", "Microsoft n'a pas donné de prix."],
    ),
    "before_christ": (
        "La ville a été fondée vers 600 av. J.-C. Les fouilles continuent cette année.",
        ["La ville a été fondée vers 600 av. J.-C.", "Les fouilles continuent cette année."],
    ),
    "data_file_abbreviation": (
        "Le siège se trouve 12 bd. Haussmann à Paris. Il accueille 300 salariés.",
        ["Le siège se trouve 12 bd. Haussmann à Paris.", "Il accueille 300 salariés."],
    ),
    "month_abbreviation": (
        "Le contrat court jusqu'au 31 déc. 2025 selon la direction.",
        ["Le contrat court jusqu'au 31 déc. 2025 selon la direction."],
    ),
    "decimal_comma": (
        "Le chiffre d'affaires a atteint 3,5 milliards d'euros. La marge recule à 12,4 %.",
        ["Le chiffre d'affaires a atteint 3,5 milliards d'euros.", "La marge recule à 12,4 %."],
    ),
    "decimal_point": (
        "La version 1.5 de l'application est disponible. Elle corrige 40 failles.",
        ["La version 1.5 de l'application est disponible.", "Elle corrige 40 failles."],
    ),
    "time": (
        "La conférence débutera à 14 h 30. Elle sera retransmise en direct.",
        ["La conférence débutera à 14 h 30.", "Elle sera retransmise en direct."],
    ),
    "year_then_number": (
        "L'entreprise a été fondée en 1975. 50 ans plus tard, elle vaut 3 000 milliards.",
        ["L'entreprise a été fondée en 1975.", "50 ans plus tard, elle vaut 3 000 milliards."],
    ),
    "initials": (
        "Les ventes des livres de J. R. R. Tolkien ont doublé. L'éditeur se réjouit.",
        ["Les ventes des livres de J. R. R. Tolkien ont doublé.", "L'éditeur se réjouit."],
    ),
    "hyphenated_initials": (
        "Le publicitaire J.-C. Decaux a racheté un concurrent.",
        ["Le publicitaire J.-C. Decaux a racheté un concurrent."],
    ),
    "guillemets_sentence_ends_inside": (
        "Le ministre a prévenu : « Nous ne céderons pas. » Les syndicats appellent à la grève.",
        ["Le ministre a prévenu : « Nous ne céderons pas. »", "Les syndicats appellent à la grève."],
    ),
    "guillemets_question_then_lowercase": (
        "« Pourquoi maintenant ? » s'interroge un analyste. La question reste ouverte.",
        ["« Pourquoi maintenant ? » s'interroge un analyste.", "La question reste ouverte."],
    ),
    "curly_quotes": (
        "Il a tweeté “C'est historique.” Puis il a supprimé le message.",
        ["Il a tweeté “C'est historique.”", "Puis il a supprimé le message."],
    ),
    "next_sentence_opens_with_quote": (
        "Le patron a répondu. « Nous investirons 10 milliards », a-t-il dit.",
        ["Le patron a répondu.", "« Nous investirons 10 milliards », a-t-il dit."],
    ),
    "ellipsis_character": (
        "Les négociations traînent… Mais un accord reste possible… selon Bercy.",
        ["Les négociations traînent…", "Mais un accord reste possible… selon Bercy."],
    ),
    "ellipsis_dots": (
        "Le cours a chuté... Puis il est reparti à la hausse.",
        ["Le cours a chuté...", "Puis il est reparti à la hausse."],
    ),
    "cut_in_quotation": (
        "Il écrit : « Le marché […] Nous verrons bien. » Fin de la lettre.",
        ["Il écrit : « Le marché […] Nous verrons bien. »", "Fin de la lettre."],
    ),
    "url": (
        "Le rapport est en ligne sur https://www.example.fr/rapport-2024.Pdf. Il fait 80 pages.",
        ["Le rapport est en ligne sur https://www.example.fr/rapport-2024.Pdf.", "Il fait 80 pages."],
    ),
    "url_with_query": (
        "Voir www.example.fr/?Id=3. Le lien a été partagé 2 000 fois.",
        ["Voir www.example.fr/?Id=3.", "Le lien a été partagé 2 000 fois."],
    ),
    "email": (
        "Les lecteurs peuvent écrire à redaction@journal.fr. La rédaction répondra.",
        ["Les lecteurs peuvent écrire à redaction@journal.fr.", "La rédaction répondra."],
    ),
    "exclamation_and_question": (
        "Quel retournement ! Le titre a bondi de 20 %. Qui l'avait prévu ?! Personne.",
        ["Quel retournement !", "Le titre a bondi de 20 %.", "Qui l'avait prévu ?!", "Personne."],
    ),
    "bullet_lines": (
        "Notes clés\n  • Jason Taylor rejoint Microsoft.\n  • Il sera CVP\n  • Kevin Scott le nomme",
        ["Notes clés", "• Jason Taylor rejoint Microsoft.", "• Il sera CVP", "• Kevin Scott le nomme"],
    ),
    "numbered_lines": (
        "1. La hausse des prix\n2. Le recul de l'emploi",
        ["1. La hausse des prix", "2. Le recul de l'emploi"],
    ),
    "blank_line": (
        "Premier paragraphe sans point\n\nSecond paragraphe",
        ["Premier paragraphe sans point", "Second paragraphe"],
    ),
    "lowercase_after_period_is_not_a_sentence": (
        "Microsoft a affirmé Valérie Plante. plus tôt cette année, il a versé 620 millions.",
        ["Microsoft a affirmé Valérie Plante. plus tôt cette année, il a versé 620 millions."],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    text, expected = CASES[name]
    sentences = split_sentences(text)
    assert sentences == expected
    assert_lossless(text, sentences)


def test_empty_and_whitespace_only() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\t ") == []


def test_seed_paragraphs() -> None:
    text = SEED.read_text(encoding="utf-8")
    paragraphs = [p for p in regex.split(r"\n\s*\n", text) if p.strip()]
    for paragraph in paragraphs:
        assert_lossless(paragraph, split_sentences(paragraph))
    sentences = [s for p in paragraphs for s in split_sentences(p)]

    def starting(prefix: str) -> str:
        (found,) = [s for s in sentences if s.startswith(prefix)]
        return found

    assert starting("Kevin Scott, directeur").endswith("« pour nos efforts de supercalcul en matière d'IA.")
    assert starting("Scott reconnaît").endswith("hors de propos.")
    # a quotation that ends the sentence keeps its closing guillemet
    assert starting("Il confirme l'ambition").endswith("pour nous tous ».")
    assert starting("Mais il y a encore").endswith("des règles de concurrence.")
    assert starting("• Kevin Scott nomme Taylor")
    # "Plante. plus tôt" is a broken sentence in the seed, not a boundary (lowercase follows)
    assert starting("Microsoft\u00a0a affirmé").endswith("« liés au recrutement de masse ».")


def test_segment_article_ids_are_positional_and_stable() -> None:
    def article() -> Article:
        return Article(
            source=Source(name="x"),
            blocks=[
                Block("title", "Microsoft embauche un vétéran de l'IA"),
                Block("paragraph", "Premier. Deuxième phrase. Troisième !"),
                Block("paragraph", "   "),
                Block("paragraph", "Dernière."),
            ],
        )

    first, second = article(), article()
    segment_article(first)
    segment_article(second)
    ids = [s.id for s in first.segments()]
    assert ids == ["b000.s00", "b001.s00", "b001.s01", "b001.s02", "b003.s00"]
    assert ids == [s.id for s in second.segments()]
    assert [s.source for s in first.blocks[1].segments] == ["Premier.", "Deuxième phrase.", "Troisième !"]
    segment_article(first)  # re-segmenting replaces, it does not append
    assert [s.id for s in first.segments()] == ids


PIECES = [
    "M.",
    "Mme",
    "Dr.",
    "etc.",
    "p. ex.",
    "av. J.-C.",
    "J. R. R.",
    "3,5",
    "14 h 30",
    "1.5",
    "…",
    "...",
    "!",
    "?",
    ".",
    "« ",
    " »",
    "“",
    "”",
    "https://example.fr/a.b",
    "a@b.fr",
    "• ",
    "\n",
    "\n\n",
    " ",
    "\u00a0",
    "Le",
    "la",
    "IA",
    "OpenAI",
    "Il",
    "dit",
    "(",
    ")",
    "2024",
    "l'",
    "d’",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_no_character_is_lost_or_invented(pieces):
    text = " ".join(pieces)
    sentences = split_sentences(text)
    assert_lossless(text, sentences)
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)


# A run-on paragraph as scraped pages have them: no full stop for thousands of words.
RUN_ON_CLAUSE = "le conseil municipal a voté le budget de la ville pour l'année prochaine après un long débat"


def assert_pieces(text: str, pieces: list[str], cap: int) -> None:
    """Pieces under the cap, in order, with only whitespace between them: nothing lost or added."""
    assert all(piece and piece == piece.strip() and len(piece) <= cap for piece in pieces), pieces
    assert_lossless(text, pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


def test_run_on_paragraph_becomes_segments_under_the_cap() -> None:
    text = " ".join([RUN_ON_CLAUSE] * 500)  # about 8,000 words, 46,000 characters
    article = Article(source=Source(name="x"), blocks=[Block("paragraph", text)])
    segment_article(article)
    pieces = [s.source for s in article.segments()]
    assert len(pieces) > len(text) // MAX_SEGMENT_CHARS
    assert_pieces(text, pieces, MAX_SEGMENT_CHARS)
    assert " ".join(pieces) == text  # a cut falls on a single space: joined back, the paragraph
    assert all(text[len(" ".join(pieces[: i + 1]))] == " " for i in range(len(pieces) - 1))


def test_long_sentence_is_cut_at_the_best_clause_boundary() -> None:
    clause = "le maire a longuement défendu le budget de la ville devant le conseil"  # 70 characters
    commas = ", ".join([clause] * 12)
    pieces = split_long(commas)
    assert_pieces(commas, pieces, MAX_SEGMENT_CHARS)
    assert len(pieces) == 2 and pieces[0].endswith("conseil,")
    # a semicolon wins over the commas around it, as long as it does not leave a stub
    semicolon = ", ".join([clause] * 5) + " ; " + ", ".join([clause] * 7)
    first = split_long(semicolon)[0]
    assert first.endswith("conseil ;") and first.count(",") == 4
    # a dash opens the piece after the cut; a no-break space is not a place to cut
    dashes = " – ".join([clause.replace(" ", "\u00a0", 1)] * 12)
    pieces = split_long(dashes)
    assert_pieces(dashes, pieces, MAX_SEGMENT_CHARS)
    assert all(p.startswith("– le\u00a0maire a") for p in pieces[1:])
    # no clause mark: the last space before the cap, never inside a word
    plain = " ".join([RUN_ON_CLAUSE] * 20)
    words = set(plain.split())
    assert all(set(p.split()) <= words for p in split_long(plain))


def test_short_sentences_and_long_words() -> None:
    assert split_long("Le maire a signé.") == ["Le maire a signé."]
    exact = "x" * (MAX_SEGMENT_CHARS - 4) + " fin"
    assert split_long(exact) == [exact]
    # a "word" longer than the cap (a URL, junk) is the one thing cut without a space
    url = "https://example.fr/" + "a" * 1500
    pieces = split_long(f"voir {url} en ligne")
    assert pieces[0] == "voir" and "".join(pieces[1:-1]) + pieces[-1].split()[0] == url
    assert all(len(p) <= MAX_SEGMENT_CHARS for p in pieces)


CUT_PIECES = [
    *PIECES,
    ",",
    ";",
    " : ",
    " – ",
    "\u00a0—\u00a0",
    "anticonstitutionnellement",
    "https://example.fr/un/long/chemin",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUT_PIECES), max_size=60))
def test_cut_pieces_lose_nothing_and_stay_under_the_cap(pieces):
    for sentence in split_sentences(" ".join(pieces)):
        assert_pieces(sentence, split_long(sentence, cap=30), 30)
