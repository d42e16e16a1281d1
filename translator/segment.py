"""French sentence splitting for news text, and stable segment ids.

A sentence ends at `.`, `!`, `?` or an ellipsis (with any closing quotes or brackets after
it) when whitespace and a capitalised word, a digit, an opening quote or a bullet follow,
unless the period belongs to an abbreviation (data files under `data/segment/`), an
initial ("J. R. R. Tolkien"), a list number, a URL or an e-mail address. Bullet lines and
blank lines also end a sentence. Sentences are slices of the input: nothing is lost or
invented apart from the whitespace between them. Every check looks only near the position it
judges (never back to the start of the text), so segmenting takes time in proportion to the
text's length.

`segment_article` then cuts any sentence longer than `MAX_SEGMENT_CHARS` at its last clause
boundary before the cap (`split_long`), so a paragraph without full stops cannot become one
giant segment.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import regex

from translator.datafiles import list_lines
from translator.document import Article, Block, Segment
from translator.links import LINK

_DATA = files("translator") / "data" / "segment"

# A terminator, then closing quotes/brackets: `»` may follow a (narrow) no-break space as
# French typography wants; other closers only directly.
_END = regex.compile(r"(?:[.!?…]+)(?:[ \u00a0\u202f]*»|[”’\"')\]])*")
_BULLET = regex.compile(r"[ \t\u00a0]*(?:[•◦▪▸‣●■◆*·–—-]|\d{1,3}[.)])[ \t\u00a0]")
_INITIALS = regex.compile(r"\p{Lu}(?:\.-?\p{Lu})*\.")
_LIST_NUMBER = regex.compile(r"(?:^|\n)[ \t\u00a0]*\d{1,3}\.$")
_OPENERS = "«“‘\"'([—–-¿¡ \u00a0\u202f"
_TOKEN_STRIP = "«“‘\"'([{"
_TOKEN_SPACES = " \t\n\u00a0\u202f"

# The longest segment, in characters. MT models are trained on sentences (OpenNMT-py, which
# trains the argos models, drops training pairs over 200 pieces by default; OPUS-MT models saw
# at most 256, the engine's own input limit) and a long input decodes slowly and badly (a 40 KB
# paragraph: 28 s to translate as one segment, 2.9 s in 600-character ones, test model). 600
# characters is about 100 French words, roughly 150 pieces: the longest of the 784 sentences of
# the shipped French pages (bench/data/extraction/french-dev, seeds) has 633, the 99th
# percentile 317, so real sentences are almost never cut; a run-on paragraph always is.
MAX_SEGMENT_CHARS = 600
# Where a long sentence may be cut, best first; each pattern's group 1 is the whitespace the cut
# falls in. Marks stay with the text before them, a dash opens the piece after it. No-break
# spaces are only a last resort: French typography puts them where a break is unwanted.
_BREAKABLE = r"[^\S\u00a0\u2007\u202f]+"
_CLAUSE_CUTS = tuple(
    regex.compile(pattern)
    for pattern in (
        rf"[;:]({_BREAKABLE})",
        rf",({_BREAKABLE})",
        rf"\S({_BREAKABLE})[–—]\s",
    )
)
_WORD_CUTS = (regex.compile(rf"({_BREAKABLE})"), regex.compile(r"(\s+)"))
# A clause cut must keep at least this share of the cap before it, so a ";" near the start
# does not leave a stub; a plain space may fall anywhere.
_CLAUSE_FLOOR = 1 / 3


@dataclass(frozen=True)
class _Abbreviations:
    nonfinal: frozenset[str]
    final: tuple[str, ...]


@lru_cache(maxsize=1)
def _abbreviations() -> _Abbreviations:
    nonfinal = list_lines(_DATA / "nonfinal_abbreviations.txt")
    return _Abbreviations(frozenset(nonfinal), tuple(list_lines(_DATA / "final_abbreviations.txt")))


def _matches(entry: str, text: str, end: int) -> bool:
    """Whether `entry` is written in `text` ending at `end`, as a whole word."""
    start = end - len(entry)
    if start < 0:
        return False
    found = text[start:end]
    if found != entry and not (entry.islower() and found == entry[0].upper() + entry[1:]):
        return False
    return start == 0 or not text[start - 1].isalnum()


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the text at `start` looks like the beginning of a new sentence."""
    if _BULLET.match(text, start):
        return True
    position = start
    while position < len(text) and text[position] in _OPENERS:
        position += 1
    if position >= len(text):
        return False  # only quotes or dashes left: they stay with the sentence before
    char = text[position]
    return char.isupper() or char.isdigit()


def _is_boundary(text: str, stop: int, end: int, next_start: int, urls: list[tuple[int, int]]) -> bool:
    """Decide whether the terminator text[stop:end] ends a sentence (`urls`: spans in order)."""
    inside = bisect_right(urls, stop, key=lambda span: span[0]) - 1
    if inside >= 0 and stop < urls[inside][1]:
        return False
    if next_start >= len(text) or not _opens_sentence(text, next_start):
        return False
    mark = text[stop:end].rstrip("»”’\"')] \u00a0\u202f")
    if mark in ("…", "...") and stop > 0 and text[stop - 1] in "[(":
        return False  # "[…]" marks a cut inside a quotation
    if mark != ".":
        return True
    dot = stop + 1
    abbreviations = _abbreviations()
    if any(_matches(entry, text, dot) for entry in abbreviations.final):
        return True
    if any(_matches(entry, text, dot) for entry in abbreviations.nonfinal):
        return False
    token_start = stop
    while token_start > 0 and text[token_start - 1] not in _TOKEN_SPACES:
        token_start -= 1
    token = text[token_start:dot].lstrip(_TOKEN_STRIP)
    if _INITIALS.fullmatch(token):
        return False
    line_start = token_start
    while line_start > 0 and text[line_start - 1] in " \t\u00a0":
        line_start -= 1
    # searching from the line's start, not the text's, keeps a long block linear
    return not _LIST_NUMBER.match(text, max(line_start - 1, 0), dot)


def _line_breaks(text: str) -> list[int]:
    """Positions of line breaks that end a sentence: blank lines and around bullet lines."""
    breaks = []
    lines = text.split("\n")
    offset = 0
    for index, line in enumerate(lines[:-1]):
        offset += len(line) + 1
        following = lines[index + 1]
        if (
            not line.strip()
            or not following.strip()
            or _BULLET.match(following)
            or (_BULLET.match(line) and _opens_sentence(following, 0))
        ):
            breaks.append(offset - 1)
    return breaks


def split_sentences(text: str) -> list[str]:
    """Split French text into sentences; each is a slice of `text`, stripped of outer whitespace."""
    urls = [m.span() for m in LINK.finditer(text)]
    cuts = set(_line_breaks(text))
    for match in _END.finditer(text):
        stop, end = match.span()
        following = end
        while following < len(text) and text[following].isspace():
            following += 1
        if following == end and end < len(text):
            continue  # no whitespace after: "1.5", "www.example.fr", "etc.)"
        if _is_boundary(text, stop, end, following, urls):
            cuts.add(end)
    sentences = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        piece = text[start:cut].strip()
        if piece:
            sentences.append(piece)
        start = cut
    return sentences


def _cut(text: str, start: int, cap: int) -> int:
    """Where the piece beginning at `start` ends: at the last clause boundary of the best kind
    within `cap` characters, else at the last space, else at `cap` itself."""
    window = text[start : start + cap + 1]  # whitespace just past `cap` characters is a cut too
    floor = int(cap * _CLAUSE_FLOOR)
    for pattern in _CLAUSE_CUTS:
        cuts = [m.start(1) for m in pattern.finditer(window) if m.start(1) >= floor]
        if cuts:
            return start + cuts[-1]
    for pattern in _WORD_CUTS:
        cuts = [m.start(1) for m in pattern.finditer(window) if m.start(1) > 0]
        if cuts:
            return start + cuts[-1]
    return start + cap  # no space at all (a long URL, junk): cut inside the word


def split_long(sentence: str, cap: int = MAX_SEGMENT_CHARS) -> list[str]:
    """`sentence` (stripped) in pieces of at most `cap` characters, cut at clause boundaries where
    it can be; the pieces are slices of it with only whitespace between them (none after a cut
    inside a word)."""
    pieces = []
    start = 0
    while len(sentence) - start > cap:
        end = _cut(sentence, start, cap)
        pieces.append(sentence[start:end].rstrip())
        start = end
        while start < len(sentence) and sentence[start].isspace():
            start += 1
    pieces.append(sentence[start:])
    return pieces


def segment_id(block_index: int, sentence_index: int) -> str:
    return f"b{block_index:03d}.s{sentence_index:02d}"


def sentence_pieces(text: str) -> list[str]:
    """The sentences of `text`, over-long ones cut to the cap: what the engine gets, one by one."""
    return [piece for whole in split_sentences(text) for piece in split_long(whole)]


def segment_article(article: Article) -> None:
    """Fill every block's segments from its sentences, over-long ones cut to the cap; ids depend
    only on positions, so reruns agree."""
    for block_index, block in enumerate(article.blocks):
        block.segments = [
            Segment(id=segment_id(block_index, sentence_index), source=sentence)
            for sentence_index, sentence in enumerate(sentence_pieces(block.text))
        ]


def line_block(number: int, line: str) -> Block:
    """A line given to translate as one unit (`translate` on text, the API on a list of strings).

    It stays one segment unless it is longer than the cap: then its sentences, cut to the cap,
    are its segments (so a run-on line costs what a paragraph does) and `line_english` joins
    their English back into one line.
    """
    if len(line) <= MAX_SEGMENT_CHARS:
        return Block("paragraph", line, [Segment(f"line{number:05d}", line)])
    pieces = sentence_pieces(line)
    return Block("paragraph", line, [Segment(f"line{number:05d}.{k:03d}", text) for k, text in enumerate(pieces)])


def line_english(block: Block) -> str:
    """The English of a `line_block`, one line."""
    return " ".join(segment.target for segment in block.segments if segment.target)
