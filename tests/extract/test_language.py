"""Language: French passes, other languages are flagged, or refused when French is required."""

import pytest

from translator.errors import InputError
from translator.extract import extract_bytes
from translator.extract.language import detect

FRENCH = (
    "Le gouvernement a présenté mercredi un projet de loi pour encadrer l'usage de l'intelligence "
    "artificielle dans les services publics. Le texte prévoit la création d'une autorité de contrôle "
    "et des sanctions pour les administrations qui ne respecteraient pas les règles de transparence. "
)
ENGLISH = (
    "The government presented a bill on Wednesday to regulate the use of artificial intelligence in "
    "public services. The text provides for the creation of a supervisory authority and penalties for "
    "administrations that do not comply with the transparency rules that it sets out for them. "
)
GERMAN = (
    "Die Regierung hat am Mittwoch einen Gesetzentwurf vorgestellt, der den Einsatz von künstlicher "
    "Intelligenz in öffentlichen Diensten regeln soll. Der Text sieht die Schaffung einer Aufsichtsbehörde "
    "und Sanktionen für Verwaltungen vor, die sich nicht an die Regeln der Transparenz halten. "
)


@pytest.mark.parametrize("text, code", [(FRENCH, "fr"), (ENGLISH, "en"), (GERMAN, "de")])
def test_detects_the_language_of_prose(text, code):
    assert detect(text * 2) == code


def test_too_little_text_is_undetermined():
    assert detect("Bonjour à tous") is None


def test_french_page_has_no_language_flag():
    article = extract_bytes((FRENCH * 2).encode(), "fr.txt")
    assert article.source.language == "fr" and not article.flags


def test_non_french_page_is_flagged_not_refused_by_default():
    article = extract_bytes((ENGLISH * 2).encode(), "en.txt")
    assert article.source.language == "en"
    assert [f.code for f in article.flags] == ["not-french"]


def test_non_french_page_is_refused_when_french_is_required():
    with pytest.raises(InputError, match="not French"):
        extract_bytes((GERMAN * 2).encode(), "de.txt", require_french=True)
