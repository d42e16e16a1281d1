"""What the learned line classifier sees of each block of a text dump: numbers, not rules.

One row of features per candidate block (after the boilerplate rules ran): its own shape
(length, stopword density, sentence punctuation, capitals, digits, list item), where it sits
(position, distance to prose), how often the page repeats it, jusText's classes for it, and the
same shape for its neighbours. `bench/train_textdump.py` fits the model on these rows and the
runtime (`linemodel.py`) scores them; both call `features` so they cannot drift apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from translator.extract.language import stoplist, words

_SENTENCE_END = regex.compile(r"[.!?…:;»\"”)。！？]\s*$")
_SENTENCE_MARK = regex.compile(r"[.!?。！？](?:\s|$)")
_LINKISH = regex.compile(r"https?://|www\.|@\w|\.(?:com|org|net|fr)\b", regex.IGNORECASE)
_SEPARATORS = regex.compile(r"\s[|»›/·•]\s")
_CAPITALISED = regex.compile(r"\b\p{Lu}")
_WORD = regex.compile(r"\w+")
_LETTER = regex.compile(r"\p{L}")
_UPPER = regex.compile(r"\p{Lu}")
_DIGIT = regex.compile(r"\d")
_PUNCT = regex.compile(r"[^\w\s]")
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
WINDOW = 3  # blocks either side for the share of prose around a block
CLASSES = ("good", "near", "short", "bad")


@dataclass(frozen=True)
class BlockView:
    """The inputs of `features` for one block: its text, kind and jusText's verdicts on it."""

    text: str
    kind: str  # paragraph | list_item
    cf_class: str  # jusText's context-free class
    klass: str  # jusText's class after the context pass
    in_run: bool  # inside the maximum-sum run of good text


def _own(text: str, kind: str, stops: frozenset[str]) -> list[float]:
    tokens = words(text)
    chars = len(text)
    n_words = len(_WORD.findall(text))
    density = sum(1 for t in tokens if t in stops) / len(tokens) if tokens else 0.0
    letters = len(_LETTER.findall(text)) or 1
    return [
        math.log1p(chars),
        math.log1p(n_words),
        density,
        float(bool(_SENTENCE_END.search(text))),
        math.log1p(len(_SENTENCE_MARK.findall(text))),
        float(text[:1].isupper()),
        len(_CAPITALISED.findall(text)) / max(1, n_words),
        len(_DIGIT.findall(text)) / max(1, chars),
        len(_PUNCT.findall(text)) / max(1, chars),
        len(_UPPER.findall(text)) / letters,
        (sum(len(t) for t in tokens) / len(tokens)) if tokens else 0.0,
        float(kind == "list_item"),
        float("©" in text),
        float(bool(_LINKISH.search(text))),
        float(bool(_SEPARATORS.search(text))),
    ]


OWN_NAMES = (
    "log_chars",
    "log_words",
    "stop_density",
    "ends_sentence",
    "log_sentences",
    "starts_upper",
    "capitalised_share",
    "digit_share",
    "punct_share",
    "upper_share",
    "mean_word_len",
    "list_item",
    "copyright",
    "linkish",
    "separators",
)
NEIGHBOUR_NAMES = ("log_chars", "stop_density", "ends_sentence")


def feature_names() -> list[str]:
    names = list(OWN_NAMES)
    names += [f"cf_{c}" for c in CLASSES] + ["jt_good", "in_run"]
    names += [
        "rel_position",
        "rel_char_position",
        "repeats",
        "prose_window",
        "log_dist_good",
        "before_prose",
        "after_prose",
    ]
    for offset in NEIGHBOUR_OFFSETS:
        names += [f"n{offset:+d}_{name}" for name in NEIGHBOUR_NAMES] + [f"n{offset:+d}_good"]
    return names


def features(blocks: Sequence[BlockView], language: str | None) -> list[list[float]]:
    """One feature row per block, in `feature_names()` order."""
    stops = stoplist(language) if language else stoplist("en") | stoplist("fr")
    own = [_own(b.text, b.kind, stops) for b in blocks]
    n = len(blocks)
    chars = [len(b.text) for b in blocks]
    total = sum(chars) or 1
    counts = Counter(b.text.casefold() for b in blocks)
    good = [b.cf_class == "good" for b in blocks]
    good_at = [i for i, g in enumerate(good) if g]
    first_good, last_good = (good_at[0], good_at[-1]) if good_at else (n, -1)
    dist_good = _distances(good)
    rows = []
    before = 0
    for i, block in enumerate(blocks):
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        window_chars = sum(chars[lo:hi]) or 1
        prose = sum(chars[j] for j in range(lo, hi) if good[j]) / window_chars
        row = list(own[i])
        row += [float(block.cf_class == c) for c in CLASSES] + [float(block.klass == "good"), float(block.in_run)]
        row += [
            i / max(1, n - 1),
            before / total,
            float(counts[block.text.casefold()] > 1),
            prose,
            math.log1p(dist_good[i]),
            float(i < first_good),
            float(i > last_good),
        ]
        for offset in NEIGHBOUR_OFFSETS:
            j = i + offset
            if 0 <= j < n:
                row += [own[j][0], own[j][2], own[j][3], float(good[j])]
            else:
                row += [0.0, 0.0, 0.0, 0.0]
        rows.append(row)
        before += chars[i]
    return rows


def _distances(marks: list[bool]) -> list[int]:
    """For each position, how many blocks away the nearest marked one is (the count if none)."""
    n = len(marks)
    out = [n] * n
    last = None
    for i in range(n):
        if marks[i]:
            last = i
        if last is not None:
            out[i] = i - last
    last = None
    for i in range(n - 1, -1, -1):
        if marks[i]:
            last = i
        if last is not None:
            out[i] = min(out[i], last - i)
    return out
