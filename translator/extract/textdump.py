"""Text dumps (every visible line of a page): which lines are the article.

No markup to lean on, so each block is judged by content, as jusText does for HTML paragraphs:
boilerplate rules first, then length and stopword density (good / near-good / short / bad), then
the neighbours' classes. Finally the article is taken to be one contiguous run of text: the run
with the most good text wins, and what lies outside it (menus, teasers, footers) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from translator.document import Block, RemovedBlock
from translator.extract.cleaner import apply_rules
from translator.extract.dumpfeatures import BlockView, features
from translator.extract.language import stopword_density, words
from translator.extract.linemodel import load_model
from translator.extract.rules import BoilerplateRules, word_count

LENGTH_LOW = 70  # characters: below this a block is "short" and judged by its neighbours
LENGTH_HIGH = 200  # characters: above this a stopword-rich block is "good" on its own
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
MAX_HEADING_DISTANCE = 200  # characters between a short heading and the good block it announces
TITLE_WINDOW = 8  # blocks before the article text where the headline is looked for
STANDFIRST_MIN_WORDS, STANDFIRST_MAX_WORDS = 8, 50
DEK_MIN_WORDS = 8  # a headline-shaped line this long right under another one is the dek
SHORT_PENALTY = 25  # what a short block costs the run it sits in, in characters
COMMENTS_MIN_BEFORE = 400  # characters of article text needed above a comments heading to end there
COMMENTS_MIN_SHARE = 0.3  # ... and the share of the run's good text they must be
_BULLET = regex.compile(r"^\s*(?:[•·▪●◦‣∙*–—-]|\d{1,2}[.)])\s+")
_SENTENCE_END = regex.compile(r"[.!?…:;»\"”)。！？]\s*$")
_SENTENCE_MARK = regex.compile(r"[.!?。！？](?:\s|$)|[。！？]")
_CONTINUATION_START = set(",.;:)]»”")
JOINERS_FILE = Path(__file__).with_name("words") / "joiners.txt"
CLASSIFIER = "classifier"
KEEP_PROBABILITY = 0.5  # chosen by 5-fold cross-validation on the tuning pages (bench/train_textdump.py --cv)


@dataclass
class _Candidate:
    position: int
    block: Block
    chars: int
    words: int
    cf_class: str  # context-free class: good | near | short | bad
    klass: str = ""


def split_blocks(text: str, rules: BoilerplateRules | None = None) -> list[Block]:
    """Lines to blocks: bulleted lines become list items, and fragments of one paragraph are rejoined.

    A dump splits a paragraph wherever the page had a link or emphasis, and text editors wrap
    lines: a line that does not end a sentence is joined to the next when that one goes on
    mid-sentence (lower case, punctuation) or the first stops on a function word ("de", "the").
    """
    blocks: list[Block] = []
    pending: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if _BULLET.match(line):
            _flush(pending, blocks)
            item = _BULLET.sub("", line, count=1).strip()
            if item:
                blocks.append(Block("list_item", item))
        elif pending and _continues(pending[-1], line) and not (len(pending) == 1 and _ruled(pending[0], rules)):
            pending.append(line)
        else:
            _flush(pending, blocks)
            pending.append(line)
    _flush(pending, blocks)
    return blocks


def _continues(previous: str, line: str) -> bool:
    if _SENTENCE_END.search(previous):
        return False
    first = line[:1]
    if first.islower() or first in _CONTINUATION_START:
        return True
    last_word = previous.rsplit(None, 1)[-1].lower()
    return previous.endswith((",", "(", "-", "–", "«", "“")) or last_word in _joiners() or last_word.endswith("'")


@cache
def _joiners() -> frozenset[str]:
    lines = JOINERS_FILE.read_text("utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


def _ruled(line: str, rules: BoilerplateRules | None) -> bool:
    """A line a rule removes on its own ("Vos réactions") is not the start of the paragraph below it."""
    return rules is not None and rules.block_match(line) is not None


def _flush(pending: list[str], blocks: list[Block]) -> None:
    if pending:
        text = pending[0]
        for part in pending[1:]:
            glue = "" if part[:1] in ",.;:)]»”" or text.endswith(("(", "'", "’")) else " "
            text += glue + part
        blocks.append(Block("paragraph", text))
        pending.clear()


def _context_free(block: Block, language: str | None) -> str:
    """jusText's classes; with no known language, prose is told by length and sentence punctuation."""
    chars = len(block.text)
    if "©" in block.text:
        return "bad"
    if chars < LENGTH_LOW:
        return "short"
    if language is None:
        sentences = len(_SENTENCE_MARK.findall(block.text))
        return "good" if chars > LENGTH_LOW and sentences else "near" if chars > LENGTH_HIGH else "bad"
    density = stopword_density(words(block.text), language)
    if density >= STOPWORDS_HIGH:
        return "good" if chars > LENGTH_HIGH else "near"
    return "near" if density >= STOPWORDS_LOW else "bad"


def _classify_lists_together(candidates: list[_Candidate], language: str | None) -> None:
    """A run of list items is one unit (key points, a numbered list): it gets the run's class."""
    i = 0
    while i < len(candidates):
        j = i
        while j < len(candidates) and candidates[j].block.kind == "list_item":
            j += 1
        if j - i > 1:
            joined = Block("paragraph", " ".join(c.block.text for c in candidates[i:j]))
            klass = _context_free(joined, language)
            for c in candidates[i:j]:
                c.cf_class = klass
        i = max(j, i + 1)


def _neighbour(candidates: list[_Candidate], i: int, step: int, ignore_near: bool) -> str:
    """The class of the nearest non-short neighbour in one direction; the page edge counts as bad."""
    i += step
    while 0 <= i < len(candidates):
        klass = candidates[i].klass
        if klass in ("good", "bad") or (klass == "near" and not ignore_near):
            return klass
        i += step
    return "bad"


def _looks_like_heading(block: Block) -> bool:
    text = block.text
    return 1 <= word_count(text) <= 15 and text[:1].isupper() and not text.endswith((".", ",", ";", "/", "|", "…"))


def _good_within(candidates: list[_Candidate], i: int) -> bool:
    distance = 0
    for later in candidates[i + 1 :]:
        if later.klass == "good":
            return True
        distance += later.chars
        if distance > MAX_HEADING_DISTANCE:
            return False
    return False


def _revise(candidates: list[_Candidate]) -> None:
    """jusText's context pass: short and near-good blocks take their class from their neighbours."""
    for c in candidates:
        c.klass = c.cf_class
    for i, c in enumerate(candidates):
        if c.klass == "short" and _looks_like_heading(c.block) and _good_within(candidates, i):
            c.klass = "near"
    new: dict[int, str] = {}
    for i, c in enumerate(candidates):
        if c.klass != "short":
            continue
        prev, nxt = _neighbour(candidates, i, -1, True), _neighbour(candidates, i, 1, True)
        if prev == nxt:
            new[i] = prev
        elif (prev == "bad" and _neighbour(candidates, i, -1, False) == "near") or (
            nxt == "bad" and _neighbour(candidates, i, 1, False) == "near"
        ):
            new[i] = "good"
        else:
            new[i] = "bad"
    for i, klass in new.items():
        candidates[i].klass = klass
    for i, c in enumerate(candidates):
        if c.klass == "near":
            both_bad = _neighbour(candidates, i, -1, True) == "bad" == _neighbour(candidates, i, 1, True)
            c.klass = "bad" if both_bad else "good"


def _main_run(candidates: list[_Candidate]) -> tuple[int, int]:
    """The contiguous run of candidates with the most good text (maximum-sum subarray)."""
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, c in enumerate(candidates):
        if c.klass == "good":
            score = c.chars
        elif c.cf_class == "short" or c.block.kind == "list_item":
            score = -SHORT_PENALTY
        else:
            score = -c.chars
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _before_comments(candidates: list[_Candidate], removed: list[RemovedBlock], first: int, last: int) -> int:
    """Readers' comments come after the article: a comments heading inside the run ends it."""
    if last < first:
        return last
    start = candidates[first].position
    headings = [r.position for r in removed if r.category == "comments" and r.position > start]
    if not headings:
        return last
    run = candidates[first : last + 1]
    total = sum(c.chars for c in run if c.klass == "good")
    for cut in sorted(headings):
        before = sum(c.chars for c in run if c.klass == "good" and c.position < cut)
        if before >= max(COMMENTS_MIN_BEFORE, total * COMMENTS_MIN_SHARE):
            return max(i for i in range(first, last + 1) if candidates[i].position < cut)
    return last


def _comments_follow(candidates: list[_Candidate], removed: list[RemovedBlock], last: int) -> bool:
    """Whether the article run ends on a comments heading: nothing after it is the article."""
    if not 0 <= last < len(candidates) - 1:
        return False
    start, end = candidates[last].position, candidates[last + 1].position
    return any(r.category == "comments" and start < r.position < end for r in removed)


def _headline_shaped(text: str) -> bool:
    return 4 <= word_count(text) <= 30 and text[:1].isupper() and not text.endswith((".", ",", ":"))


def _title_index(candidates: list[_Candidate], first: int, last: int) -> tuple[int | None, int | None]:
    """The headline and its dek: the nearest headline-shaped block at or before the first real text.

    When another headline-shaped block sits right above it, that one is the headline and the
    nearer one, if long enough, is the dek (standfirst) printed under it.
    """
    anchor = next((i for i in range(first, last + 1) if candidates[i].cf_class in ("good", "near")), first)
    for i in range(anchor, max(-1, anchor - TITLE_WINDOW), -1):
        text = candidates[i].block.text
        if _headline_shaped(text):
            above = candidates[i - 1].block.text if i > 0 else ""
            if _headline_shaped(above) and word_count(text) >= DEK_MIN_WORDS:
                return i - 1, i
            return i, None
    return None, None


def judge(
    text: str, rules: BoilerplateRules, language: str | None
) -> tuple[list[_Candidate], list[RemovedBlock], int, int]:
    """The rule pass and jusText's passes: candidate blocks with their classes, and the main run."""
    blocks = split_blocks(text, rules)
    kept, removed = apply_rules(blocks, rules)
    candidates = [
        _Candidate(i, b, len(b.text), word_count(b.text), _context_free(b, language))
        for i, b in enumerate(kept)
        if b is not None
    ]
    if not candidates:
        return [], removed, 0, -1
    _classify_lists_together(candidates, language)
    _revise(candidates)
    if not any(c.klass == "good" for c in candidates):
        # No block is clearly prose (a page of short lines): fall back on the near-good ones.
        for c in candidates:
            c.cf_class = "good" if c.cf_class == "near" else c.cf_class
        _revise(candidates)
    first, last = _main_run(candidates)
    last = _before_comments(candidates, removed, first, last)
    return candidates, removed, first, last


def views(candidates: list[_Candidate], first: int, last: int) -> list[BlockView]:
    return [
        BlockView(c.block.text, c.block.kind, c.cf_class, c.klass, first <= i <= last) for i, c in enumerate(candidates)
    ]


def classify_dump(text: str, rules: BoilerplateRules, language: str | None) -> tuple[list[Block], list[RemovedBlock]]:
    """The article blocks of a text dump (title first when found) and every removed block.

    The learned line model (`linemodel.py`, trained by `bench/train_textdump.py`) decides each
    block from its features, jusText's verdicts among them; the headline is then looked for
    just above the first kept block.
    """
    candidates, removed, first, last = judge(text, rules, language)
    if not candidates:
        return [], removed
    probabilities = load_model().probabilities(features(views(candidates, first, last), language))
    keep = [p >= KEEP_PROBABILITY for p in probabilities]
    if _comments_follow(candidates, removed, last):
        keep[last + 1 :] = [False] * (len(keep) - last - 1)
    kept_at = [i for i, k in enumerate(keep) if k]
    title, dek = _title_index(candidates, kept_at[0], kept_at[-1]) if kept_at else (None, None)
    result: list[Block] = []
    for i, c in enumerate(candidates):
        if i == title:
            result.append(Block("title", c.block.text))
        elif i == dek:
            result.append(Block("standfirst", c.block.text))
        elif keep[i] and (title is None or i > title):
            heading = c.cf_class == "short" and c.block.kind == "paragraph" and _looks_like_heading(c.block)
            result.append(Block("heading" if heading else c.block.kind, c.block.text))
        else:
            reason = f"line-model p={probabilities[i]:.2f}"
            removed.append(RemovedBlock(c.block.text, CLASSIFIER, reason, c.position))
    removed.sort(key=lambda r: r.position)
    return _mark_standfirst(result), removed


def _mark_standfirst(blocks: list[Block]) -> list[Block]:
    """The paragraph right under the title, when it is a one-or-two-sentence summary."""
    if (
        len(blocks) > 2
        and blocks[0].kind == "title"
        and blocks[1].kind == "paragraph"
        and STANDFIRST_MIN_WORDS <= word_count(blocks[1].text) <= STANDFIRST_MAX_WORDS
    ):
        blocks[1] = Block("standfirst", blocks[1].text)
    return blocks
