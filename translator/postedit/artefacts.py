"""Model artefacts: doubled words and n-gram loops (fixed), and the detectors the QA checks and
the re-translation step share: loops, truncation, untranslated French, word salad."""

from __future__ import annotations

import regex

from translator.postedit.rules import Change, Context, rule
from translator.postedit.wordlists import word_set

WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
_TOKEN = regex.compile(r"\S+")
DOUBLED = regex.compile(r"(?<![\w'’-])(\p{L}[\p{L}'’-]*)((?:\s+\1)+)(?![\w'’-])", regex.IGNORECASE)
_EDGE_PUNCTUATION = '.,;:!?…"“”‘’«»()[]'
MAX_LOOP_WORDS = 8
_ELISION = regex.compile(r"^(?:[cdjlmnst]|qu)['’]")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


@rule("artefact-doubled-word", "Remove a word the model wrote twice ('the the')", category="artefact", side="target")
def doubled_word(text: str, context: Context):
    """The same word twice in a row, unless the French has the doubling too or English allows it ("had had").

    Examples: "the the company said" → "the company said";
    "prices rose rose sharply in May" → "prices rose sharply in May".
    """
    allowed = word_set("en_doubling_ok.txt")
    for match in DOUBLED.finditer(text):
        word = match.group(1).lower()
        doubled_in_source = rf"(?<!\w){regex.escape(word)}\s+{regex.escape(word)}(?!\w)"
        if word in allowed or regex.search(doubled_in_source, context.source, regex.IGNORECASE):
            continue
        yield Change(match.start(2), match.end(2), "")


def _key(token: str) -> str:
    return token.strip(_EDGE_PUNCTUATION).lower()


def find_loops(text: str, smallest: int = 2) -> list[tuple[int, int, int]]:
    """Runs of a repeated word group of `smallest` words or more: (first token index, group size,
    repetitions), left to right."""
    keys = [_key(t) for t in _TOKEN.findall(text)]
    loops = []
    index = 0
    while index < len(keys):
        best = None
        for size in range(smallest, MAX_LOOP_WORDS + 1):
            unit = keys[index : index + size]
            if len(unit) < size or not any(unit):
                break
            count = 1
            while keys[index + count * size : index + (count + 1) * size] == unit:
                count += 1
            if count >= 2 and (best is None or count * size > best[1] * best[2]):
                best = (index, size, count)
        if best:
            loops.append(best)
            index += best[1] * best[2]
        else:
            index += 1
    return loops


@rule(
    "artefact-loop",
    "Collapse a word group the model repeated ('of the company of the company')",
    category="artefact",
    side="target",
    repeat=True,
)
def loop(text: str, context: Context):
    """A decoding loop: a group of two to eight words repeated back to back, more times than the
    French repeats any group ("le chat dort, le chat dort, le chat dort" is a slogan, not a loop).

    One copy stays, with the first copy's wording and the last copy's closing punctuation.
    Examples: "the company the company the company said" → "the company said";
    "we will build, we will build, we will build." → "we will build.".
    """
    loops = find_loops(text)
    if not loops:
        return  # the common case: the French is not searched at all
    tokens = list(_TOKEN.finditer(text))
    in_french = max((count for _, _, count in find_loops(context.source)), default=1)
    for first, size, count in loops:
        if count <= in_french:
            continue
        start = tokens[first].start()
        last = tokens[first + count * size - 1]
        kept_head = text[start : tokens[first + size - 1].start()]
        yield Change(start, last.end(), kept_head + last.group())


def has_loop(text: str) -> bool:
    """Whether the text holds a loop worth re-translating: a word or group three times, or a group
    of three words or more twice."""
    return any(count >= 3 or size >= 3 for _, size, count in find_loops(text, smallest=1))


def looks_truncated(source: str, target: str, low: float) -> bool:
    """A long French sentence whose English stops short of half its length."""
    return len(source) >= 40 and len(target) < low * 0.8 * len(source)


def _unelided(word: str) -> str:
    """ "l'infrastructure" → "infrastructure": French elision glued to the next word."""
    return _ELISION.sub("", word)


def french_share(text: str, source: str) -> tuple[float, list[str]]:
    """The share of words that are French, and the French words carried over from `source`.

    A word counts as French if it is a French function word, or a lowercase French word (from the
    word list) that also appears in the source segment: the model copied it instead of translating
    it. Capitalised words are names ("Plante", "Lafleur") and never leftovers.
    """
    written = WORD.findall(text)
    tokens = [w.lower() for w in written]
    if not tokens:
        return 0.0, []
    french_function = word_set("fr_function_words.txt")
    french_words = word_set("fr_words.txt")
    english_function = word_set("en_function_words.txt")
    source_stems = {_unelided(w) for w in words(source)}
    leftovers = []
    french = 0
    for original, token in zip(written, tokens, strict=True):
        stem = _unelided(token)
        if token in english_function:
            continue
        if stem in french_function or token in french_function:
            french += 1
        elif stem in french_words and stem in source_stems and not original[:1].isupper():
            french += 1
            leftovers.append(stem)
    return french / len(tokens), leftovers


def function_share(text: str) -> float:
    """The share of English function words: prose has a third or more; salad has few."""
    tokens = words(text)
    if not tokens:
        return 0.0
    english_function = word_set("en_function_words.txt")
    return sum(t in english_function for t in tokens) / len(tokens)


# Doubled words go first: removing one can leave a loop ("the 0 the the 0" → "the 0 the 0"),
# which the loop rule then collapses in the same pass; the other order needs a second pass.
ARTEFACT_RULES = (doubled_word, loop)
