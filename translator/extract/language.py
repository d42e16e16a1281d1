"""Which language an article is in, from stopword frequencies (jusText's stoplists).

Good enough to tell French from the languages a scraper meets, with no model to download.
It also gives the stoplist the text-dump classifier uses.
"""

from __future__ import annotations

from functools import cache

CANDIDATES = {
    "fr": "French",
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
MIN_WORDS = 40  # below this the guess is not reliable enough to act on
SENTENCE_WORDS = 8
MAX_TOKENS = 800  # enough to decide; a longer text only costs time
MAX_CHARS = 6_000  # about MAX_TOKENS words of running text
_EDGE_PUNCT = "\"'«»“”‘’()[]{}.,;:!?…-–—"


@cache
def stoplist(code: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(CANDIDATES[code]))


def words(text: str) -> list[str]:
    """Lower-cased whitespace tokens without edge punctuation, the way the stoplists were counted."""
    tokens = (token.strip(_EDGE_PUNCT) for token in text.lower().replace("’", "'").split())
    return [token for token in tokens if token and not token.isdigit()]


def stopword_density(tokens: list[str], code: str) -> float:
    if not tokens:
        return 0.0
    return sum(map(stoplist(code).__contains__, tokens)) / len(tokens)


def detect(text: str) -> str | None:
    """The best-scoring language code, or None if the text is too short or has no stopwords.

    Only sentence-sized lines count, so that a page's menus and buttons do not dilute the prose.
    """
    lines = [line for line in text.splitlines() if len(line.split(maxsplit=SENTENCE_WORDS - 1)) >= SENTENCE_WORDS]
    sample = "\n".join(lines[:200]) if len(lines) >= 2 else text
    tokens = words(sample[:MAX_CHARS])[:MAX_TOKENS]
    if len(tokens) < MIN_WORDS:
        return None
    scores = {code: stopword_density(tokens, code) for code in CANDIDATES}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.12 else None
