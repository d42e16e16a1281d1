"""Property tests: each stage on arbitrary text and HTML.

Profiles (see reliability_helpers): `reliability-ci` by default, `reliability-long` with
TRANSLATOR_RELIABILITY=long. What must hold: no stage raises anything but its documented
one-line error; segmentation loses and invents no character; mask→unmask is the identity when
the model copies; every post-edit rule is idempotent; the JSON record round-trips exactly.
"""

from __future__ import annotations

import itertools

import regex
from hypothesis import assume, given
from hypothesis import strategies as st
from reliability_helpers import PROFILE

from translator.document import BLOCK_KINDS, Article, Block, Edit, Flag, GlossaryHit, RemovedBlock, Segment, Source
from translator.errors import InputError
from translator.extract import extract_bytes
from translator.fileio import atomic_write_text
from translator.glossary import load_glossaries
from translator.glossary.masking import mask, unmask
from translator.postedit import BUILTIN
from translator.postedit.config import PosteditConfig
from translator.postedit.protect import protected_spans
from translator.postedit.rules import Context, apply_rule
from translator.segment import segment_article, split_sentences

GLOSSARY = load_glossaries()
GLOSSARY_TERMS = sorted({entry.fr for entry in GLOSSARY.active})
# Pieces of French news text with everything the stages treat specially: abbreviations, initials,
# list numbers, URLs, e-mails, handles, quantities, quotes, ellipses, bullets, glossary terms.
FRENCH = [
    "Le", "la", "président", "Microsoft", "a", "annoncé", "mardi", "que", "l’IA", "d'IA", "M.", "Mme", "Dr.",
    "J.", "R.", "etc.", "p. ex.", "av. J.-C.", "1.", "2)", "3,5", "1 234,5", "5 %", "20 km", "3 GHz",
    "100 milliards de dollars", "https://exemple.fr/a.html", "www.site.fr.", "marie@exemple.fr", "@AFP",
    "«", "»", "« Oui »", "“", "”", "(", ")", "[…]", "...", "…", "!", "?", ".", ",", ";", ":", "-", "—", "•",
    "\n", "\n\n", " ", "\u00a0", "\u202f", "\t", "ZX1Z", "QJ2Q", "Icône d'info-bulle", "Lire aussi",
]  # fmt: skip
WORD = st.sampled_from(FRENCH + GLOSSARY_TERMS) | st.text(min_size=1, max_size=8)
FRENCH_TEXT = st.lists(WORD, max_size=40).map(" ".join) | st.text(max_size=200)
ENGLISH = [
    "the", "the the", "The company", "said", "on Monday", "it", "«", "»", " : ", " ? ", " ! ", "\u00a0", "\u202f",
    "5 %", "$100 billion", "100 billion of dollars", "620 millions d'euros", "5 MILLION DOLLARS", "1 234,5",
    "3,5", "1er", "XXIe siècle", "Mr", "Mrs", "M.", "Lundi", "monday", "3 march", "https://example.com/x",
    "we will build,", "start up", "..", " .", " ,", "''", '"', "“", "”", "we we", "AI AI AI AI", "\n",
]  # fmt: skip
ENGLISH_TEXT = st.lists(st.sampled_from(ENGLISH) | st.text(max_size=6), max_size=30).map(" ".join) | st.text(
    max_size=120
)
TAGS = [
    "p",
    "div",
    "span",
    "article",
    "main",
    "section",
    "h1",
    "h2",
    "li",
    "ul",
    "a",
    "script",
    "style",
    "table",
    "td",
    "tr",
    "blockquote",
    "br",
    "img",
    "iframe",
    "svg",
]
TAGS += ["noscript", "template", "figure", "figcaption"]
ATTRIBUTES = st.sampled_from(
    ['', ' class="content"', ' href="javascript:alert(1)"', ' src="http://tracker.example/x.png"', " id=x",
     ' style="display:none"', ' onload="alert(1)"', " hidden", ' lang="fr"', ' class="share-buttons"']
)  # fmt: skip


def _html_tree(children):
    return st.builds(
        lambda tag, attrs, parts, close: f"<{tag}{attrs}>{''.join(parts)}" + (f"</{tag}>" if close else ""),
        st.sampled_from(TAGS),
        ATTRIBUTES,
        st.lists(children, max_size=5),
        st.booleans(),
    )


HTML_FRAGMENT = st.recursive(
    FRENCH_TEXT | st.sampled_from(["&amp;", "&#xD800;", "&#0;", "&nbsp;", "<!-- x -->", "<![CDATA[x]]>", "<", ">"]),
    _html_tree,
    max_leaves=30,
)
HTML_PAGE = st.builds(
    lambda head, body: f"<!doctype html><html><head>{head}</head><body>{body}</body></html>",
    st.sampled_from(["", "<title>Titre</title>", '<meta charset="utf-8">', '<meta charset="klingon">']),
    HTML_FRAGMENT,
)


def _extract_or_refuse(data: bytes, name: str) -> None:
    try:
        article = extract_bytes(data, name)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert any(block.kind != "title" for block in article.blocks)
    Article.from_json(article.to_json())


@PROFILE
@given(text=FRENCH_TEXT)
def test_extract_never_raises_on_arbitrary_text(text):
    _extract_or_refuse(text.encode("utf-8", "surrogatepass"), "page.txt")


@PROFILE
@given(page=HTML_PAGE, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_extract_never_raises_on_arbitrary_html(page, encoding):
    _extract_or_refuse(page.encode(encoding, "replace"), "page.html")


@PROFILE
@given(data=st.binary(max_size=600), name=st.sampled_from(["x.html", "x.txt", "x", "x.html.gz"]))
def test_extract_never_raises_on_arbitrary_bytes(data, name):
    _extract_or_refuse(data, name)


def _assert_lossless(text: str, sentences: list[str]) -> None:
    """Each sentence is a non-empty slice of `text`, in order, with only whitespace around them."""
    position = 0
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        found = text.find(sentence, position)
        assert found >= 0, (sentence, text)
        assert not text[position:found].strip(), text[position:found]
        position = found + len(sentence)
    assert not text[position:].strip()


@PROFILE
@given(text=FRENCH_TEXT)
def test_segmentation_loses_and_invents_no_character(text):
    sentences = split_sentences(text)
    _assert_lossless(text, sentences)
    # joined back, the segments are the input with its whitespace normalised
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())


@PROFILE
@given(texts=st.lists(FRENCH_TEXT.filter(str.strip), min_size=1, max_size=6))
def test_segment_ids_are_unique_and_positional(texts):
    article = Article(Source("x"), [Block("paragraph", text) for text in texts])
    segment_article(article)
    ids = [segment.id for segment in article.segments()]
    assert len(ids) == len(set(ids))
    assert all(regex.fullmatch(r"b\d{3}\.s\d{2}", i) for i in ids)
    for block in article.blocks:
        _assert_lossless(block.text, [segment.source for segment in block.segments])


@PROFILE
@given(text=FRENCH_TEXT)
def test_glossary_matching_finds_only_real_non_overlapping_spans(text):
    hits = GLOSSARY.find(text)
    required = [hit for hit in hits if hit.kind != "forbid"]
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.source
        assert hit.rendering.strip()
    for before, after in itertools.pairwise(required):
        assert before.end <= after.start


@PROFILE
@given(text=FRENCH_TEXT)
def test_mask_then_unmask_is_the_identity_when_the_model_copies(text):
    # keep entries and protected spans (URLs, e-mails, handles, quantities) come back as written
    hits = [hit for hit in GLOSSARY.find(text) if hit.kind == "keep"]
    masked = mask(text, hits)
    shapes = [shape for shape in ("ZX", "QJ", "XK", "JZ", "KQ") if regex.search(shape, text, regex.IGNORECASE)]
    assume(len(shapes) < 5)  # a text holding every placeholder shape cannot be masked unambiguously
    result = unmask(masked, masked.text)
    assert result.problems == [] and result.text == text


@PROFILE
@given(text=FRENCH_TEXT)
def test_unmask_puts_every_required_rendering_back_when_the_model_copies(text):
    hits = [hit for hit in GLOSSARY.find(text) if hit.kind in ("term", "keep")]
    masked = mask(text, hits)
    shapes = [shape for shape in ("ZX", "QJ", "XK", "JZ", "KQ") if regex.search(shape, text, regex.IGNORECASE)]
    assume(len(shapes) < 5)
    result = unmask(masked, masked.text)
    forbidden = [hit for hit in GLOSSARY.find(text) if hit.kind == "forbid"]
    assume(not forbidden)  # a forbidden rendering written in the French is (rightly) reported
    assert result.problems == [], result.problems
    expected = text
    for slot in sorted(masked.slots, key=lambda s: -s.start):
        expected = expected[: slot.start] + slot.rendering + expected[slot.end :]
    assert result.text.casefold() == expected.casefold()


TEXT_RULES = [rule for rule in BUILTIN if rule.id != "model-retranslate"]
CONFIG = PosteditConfig()


def _apply(rule, text: str, source: str, glossary: list[GlossaryHit]) -> str:
    context = Context(CONFIG, source=source, glossary=glossary)
    if rule.side == "source":
        return apply_rule(rule, text, context, protected_spans)[0]
    return apply_rule(rule, text, context, lambda t: protected_spans(t, source, glossary))[0]


@PROFILE
@given(data=st.data(), rule=st.sampled_from(TEXT_RULES))
def test_every_post_edit_rule_is_idempotent(data, rule):
    if rule.side == "source":
        text, source = data.draw(FRENCH_TEXT), ""
    else:
        text, source = data.draw(ENGLISH_TEXT), data.draw(FRENCH_TEXT)
    glossary = GLOSSARY.find(source)
    once = _apply(rule, text, source, glossary)
    assert _apply(rule, once, source, glossary) == once, (rule.id, text, once)


ANY_TEXT = st.text(max_size=40)
OFFSET = st.integers(0, 10**6)
FLAGS = st.lists(st.builds(Flag, ANY_TEXT, st.sampled_from(["info", "warning", "error"]), ANY_TEXT), max_size=2)
HITS = st.builds(
    GlossaryHit, ANY_TEXT, ANY_TEXT, ANY_TEXT, st.sampled_from(["term", "keep", "forbid"]), OFFSET, OFFSET, ANY_TEXT
)
EDITS = st.builds(Edit, ANY_TEXT, ANY_TEXT, ANY_TEXT, OFFSET, st.sampled_from(["source", "target"]))
SEGMENTS = st.builds(
    Segment,
    id=ANY_TEXT,
    source=ANY_TEXT,
    target=st.none() | ANY_TEXT,
    glossary=st.lists(HITS, max_size=2),
    edits=st.lists(EDITS, max_size=2),
    flags=FLAGS,
    cached=st.booleans(),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
MAYBE = st.none() | ANY_TEXT
BLOCKS = st.builds(Block, st.sampled_from(BLOCK_KINDS), ANY_TEXT, st.lists(SEGMENTS, max_size=3))
ARTICLES = st.builds(
    Article,
    source=st.builds(Source, name=ANY_TEXT, path=MAYBE, url=MAYBE, sha256=MAYBE, encoding=MAYBE, site=MAYBE),
    blocks=st.lists(BLOCKS, max_size=3),
    removed=st.lists(st.builds(RemovedBlock, ANY_TEXT, ANY_TEXT, ANY_TEXT, OFFSET), max_size=2),
    flags=FLAGS,
    provenance=st.dictionaries(ANY_TEXT, JSON_VALUES, max_size=3),
)


@PROFILE
@given(article=ARTICLES)
def test_json_record_round_trips_exactly_in_memory_and_on_disk(article, tmp_path_factory):
    assert Article.from_json(article.to_json()) == article
    path = tmp_path_factory.getbasetemp() / "record.json"
    atomic_write_text(path, article.to_json())
    assert Article.from_json(path.read_text(encoding="utf-8")) == article
