"""Glossary enforcement through the real engine on the word-for-word test model.

- placeholder shapes: which survive the test model's SentencePiece tokenizer and model;
- acceptance: 500+ generated French sentences embedding glossary terms in varied forms come out
  with every required rendering and no raw placeholder;
- model variants that drop, duplicate, reorder or alter placeholders and terms: every segment
  ends verified (masked or repaired) or flagged, never with a raw placeholder or a silently lost term;
- the seed article with the shipped glossary.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from translator.document import Segment
from translator.engine import load_engine
from translator.glossary import Glossary, load_glossaries
from translator.glossary.enforce import translate_segments
from translator.glossary.masking import SHAPES, _loose_pattern, mask
from translator.testing import build_model

SEED = Path(__file__).resolve().parents[2] / "seeds" / "microsoft-hires-meta-ai-veteran.txt"
RAW = [_loose_pattern(*shape) for shape in SHAPES]


def segments_for(texts: list[str], glossary: Glossary) -> list[Segment]:
    segments = []
    for number, text in enumerate(texts):
        segment = Segment(id=f"b000.s{number:02d}", source=text)
        segment.glossary = glossary.find(text)
        segments.append(segment)
    return segments


def has_rendering(text: str, rendering: str) -> bool:
    first, rest = regex.escape(rendering[:1]), regex.escape(rendering[1:])
    return regex.search(rf"(?<![\p{{L}}\p{{N}}])(?i:{first}){rest}(?![\p{{L}}\p{{N}}])", text) is not None


def raw_placeholders(text: str) -> list[str]:
    return [m.group() for pattern in RAW for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def engine(test_model_dir):
    return load_engine(test_model_dir, cache=False)


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries()


# --- placeholder shapes ------------------------------------------------------------------------

SHAPE_CANDIDATES = {
    "ascii letters and digits": "ZX{n}Z",
    "square brackets": "[{n}]",
    "underscores": "__T{n}__",
    "fullwidth brackets and digits": "［{n}］",
    "private-use character": "\ue000{n}",
    "fullwidth letters": "ＺＸ{n}Ｚ",
}


def shape_survives(engine, shape: str) -> bool:
    """Whether the placeholder comes back unchanged in three contexts, through the tokenizer and model."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(engine.model.source_tokenizer))
    placeholder = shape.format(n=7)
    contexts = [f"le {placeholder} de la société", f"l'{placeholder} est là", f"{placeholder}."]
    for context in contexts:
        if processor.decode(processor.encode(context)) != context:
            return False  # the normaliser rewrote it, or it became <unk>
    outputs = engine.translate_texts(contexts)
    return all(output.count(placeholder) == 1 for output in outputs)


def test_placeholder_shapes_through_the_test_model(engine):
    findings = {name: shape_survives(engine, shape) for name, shape in SHAPE_CANDIDATES.items()}
    print("placeholder shapes:", findings)
    assert findings["ascii letters and digits"]
    assert not findings["fullwidth brackets and digits"]  # NFKC turns them into ASCII
    assert not findings["fullwidth letters"]
    assert not findings["private-use character"]  # <unk>
    for opening, closing in SHAPES:  # the shapes we use: plain ASCII capitals, never "_"
        assert shape_survives(engine, opening + "{n}" + closing)
        assert regex.fullmatch(r"[A-Z]+", opening + closing)


def test_placeholder_letters_avoid_what_the_segment_contains(engine):
    text = "Le modèle ZX1Z de l'IA et zx 2 de Microsoft."
    masked = mask(text, load_glossaries().find(text))
    assert [slot.placeholder for slot in masked.slots] == ["QJ1Q", "QJ2Q"]
    assert masked.text == "Le modèle ZX1Z de l'QJ1Q et zx 2 de QJ2Q."
    (segment,) = segments_for([text], load_glossaries())
    translate_segments([segment], engine)
    assert "ZX1Z" in segment.target and "AI" in segment.target  # the source's own text is not a placeholder
    assert segment.flags == []


# --- generated acceptance set -------------------------------------------------------------------

# French form as it appears in a sentence -> the English that must appear (independent of the
# matcher's own inflector: these are the forms a reader expects).
FORMS = [
    ("IA", "AI"),
    ("l'IA", "AI"),
    ("l’IA", "AI"),
    ("d'IA", "AI"),
    ("IA générative", "generative AI"),
    ("l'intelligence artificielle", "artificial intelligence"),
    ("apprentissage automatique", "machine learning"),
    ("l'apprentissage profond", "deep learning"),
    ("grands modèles de langage", "large language models"),
    ("supercalcul", "supercomputing"),
    ("supercalculateur", "supercomputer"),
    ("supercalculateurs", "supercomputers"),
    ("directeur technique", "CTO"),
    ("directrice technique", "CTO"),
    ("directeurs techniques", "CTOs"),
    ("directeur technique adjoint", "deputy CTO"),
    ("vice-président", "vice president"),
    ("vice-présidents", "vice presidents"),
    ("vice-présidente", "vice president"),
    ("vice-président d'entreprise", "corporate vice president"),
    ("vice-présidents d’entreprise", "corporate vice presidents"),
    ("PDG", "CEO"),
    ("président-directeur général", "CEO"),
    ("start-up", "start-up"),
    ("start-ups", "start-ups"),
    ("jeune pousse", "start-up"),
    ("jeunes pousses", "start-ups"),
    ("licornes", "unicorns"),
    ("centre de données", "data center"),
    ("centres de données", "data centers"),
    ("levée de fonds", "fundraising"),
    ("chiffre d'affaires", "revenue"),
    ("cybersécurité", "cybersecurity"),
    ("géant technologique", "tech giant"),
    ("OpenAI", "OpenAI"),
    ("Microsoft", "Microsoft"),
    ("Meta", "Meta"),
    ("LinkedIn", "LinkedIn"),
    ("Stargate", "Stargate"),
    ("Copilot", "Copilot"),
    ("Kevin Scott", "Kevin Scott"),
    ("Satya Nadella", "Satya Nadella"),
    ("Nvidia", "Nvidia"),
    ("Mistral AI", "Mistral AI"),
]
TERMS = [form for form in FORMS if form[0][:1].islower() or form[0] in ("IA", "PDG")]

TEMPLATES = [
    "{a} annonce un nouveau partenariat.",
    "Selon le rapport, {a} progresse vite.",
    "Le groupe investit dans {a} cette année.",
    "{a} et {b} collaborent depuis longtemps.",
    "Pour {a}, {b} reste une priorité.",
    "Il a rencontré {a} {b} lundi.",
    "La société mise sur {a}",
    "« {a} change tout », affirme {b}.",
    "Les analystes comparent {a}, {b} et {c}.",
    "Le marché de {a} dépasse {b}.",
    "{a}",
    "Hier, {a} a présenté {b} à Paris.",
]


def title_word(word: str) -> str:
    """Capitalised as in a title, after an elided article too ("l'apprentissage" -> "L'Apprentissage")."""
    return regex.sub(r"(^|['’])(\w)", lambda m: m.group(1) + m.group(2).upper(), word)


def generate(count: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """(sentence, required English renderings), in varied cases, positions and combinations."""
    sentences = []
    while len(sentences) < count:
        template = TEMPLATES[len(sentences) % len(TEMPLATES)]
        slots = regex.findall(r"\{(\w)\}", template)
        forms = [rng.choice(FORMS) for _ in slots]
        style = rng.choice(("plain", "plain", "plain", "caps", "title"))
        if style != "plain":  # only terms change case; names are matched as written
            forms = [rng.choice(TERMS) for _ in slots]
        text = template.format(**{slot: form[0] for slot, form in zip(slots, forms, strict=True)})
        expected = [form[1] for form in forms]
        if style == "caps":
            text = text.upper()
            expected = [english.upper() for english in expected]
        elif style == "title":
            titled = [(" ".join(map(title_word, fr.split(" "))), en) for fr, en in forms]
            text = template.format(**{slot: form[0] for slot, form in zip(slots, titled, strict=True)})
            expected = [
                " ".join(w[:1].upper() + w[1:] for w in en.split(" ")) if len(fr.split(" ")) > 1 else en
                for fr, en in forms
            ]
        text = text[:1].upper() + text[1:]
        sentences.append((text, expected))
    return sentences


def test_generated_sentences_render_every_term(engine, glossary):
    cases = generate(520, random.Random(20240401))
    segments = segments_for([text for text, _ in cases], glossary)
    calls = []
    original = engine.translate

    def counting(texts, **options):
        calls.append(len(texts))
        return original(texts, **options)

    engine.translate = counting
    try:
        translate_segments(segments, engine)
    finally:
        del engine.translate
    assert calls == [len(segments)]  # one batched call for all segments
    required = present = 0
    raw = []
    for (text, expected), segment in zip(cases, segments, strict=True):
        for english in expected:
            required += 1
            present += has_rendering(segment.target, english)
            if not has_rendering(segment.target, english):
                print("MISSING", english, "|", text, "->", segment.target)
        raw.extend(raw_placeholders(segment.target))
    flagged = sum(any(f.code in ("glossary-unenforced", "glossary-fallback") for f in s.flags) for s in segments)
    statuses = {hit.status for s in segments for hit in s.glossary}
    print(
        f"generated: {len(segments)} sentences, {required} required renderings, {present} present, "
        f"{len(raw)} raw placeholders, {flagged} flagged segments, statuses {sorted(statuses)}"
    )
    assert len(segments) >= 500
    assert present == required
    assert raw == []
    assert flagged == 0
    assert statuses <= {"masked", "verified"}


# --- model variants that break placeholders and terms ------------------------------------------

VARIANTS = {
    "drop": {"ZX1Z": ""},
    "duplicate": {"ZX1Z": "ZX1Z ZX1Z"},
    "reorder": {"ZX1Z": "ZX2Z", "ZX2Z": "ZX1Z"},
    "alter_case": {"ZX2Z": "zx2z"},
    "alter_split": {"ZX1Z": "ZX 1 Z"},
    "alter_other": {"ZX2Z": "ZX9Z"},
    "drop_and_lose_terms": {"ZX1Z": "", "OpenAI": "Open", "IA": "IA", "Microsoft": "Microsoft Corporation"},
}


@pytest.fixture(scope="module")
def variant_cases():
    rng = random.Random(7)
    cases = [case for case in generate(400, rng) if case[0].count(" ") > 2]
    return cases[:120]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_broken_models_end_repaired_or_flagged(tmp_path_factory, glossary, variant_cases, name):
    model = build_model(tmp_path_factory.mktemp(name) / "model", VARIANTS[name])
    engine = load_engine(model, cache=False)
    segments = segments_for([text for text, _ in variant_cases], glossary)
    translate_segments(segments, engine)
    outcome = {"masked": 0, "repaired": 0, "flagged": 0, "order": 0}
    for segment in segments:
        assert segment.target is not None
        assert raw_placeholders(segment.target) == [], (segment.source, segment.target)
        unenforced = [f for f in segment.flags if f.code in ("glossary-unenforced", "glossary-fallback")]
        terms = [hit for hit in segment.glossary if hit.kind != "forbid"]
        if unenforced:
            outcome["flagged"] += 1
            assert all(hit.status == "flagged" for hit in segment.glossary)
            missing = [hit.rendering for hit in terms if not has_rendering(segment.target, hit.rendering)]
            for rendering in missing:  # a term the English lacks is named in the flag
                assert repr(rendering) in unenforced[0].message
        else:
            for hit in terms:
                assert hit.status in ("masked", "repaired")
                assert has_rendering(segment.target, hit.rendering), (segment.source, segment.target)
            outcome["repaired" if any(h.status == "repaired" for h in terms) else "masked"] += 1
        outcome["order"] += any(f.code == "glossary-order" for f in segment.flags)
    print(f"variant {name}: {outcome}")
    broken = [s for s in segments if "ZX1Z" in s.source or any(h.kind != "forbid" for h in s.glossary)]
    assert broken
    if name in ("drop", "duplicate", "alter_case", "alter_split", "alter_other"):
        assert outcome["repaired"] > 0  # the repair path did work
    if name == "reorder":
        assert outcome["order"] > 0
    if name == "drop_and_lose_terms":
        assert outcome["flagged"] > 0 or outcome["repaired"] > 0


def test_fallback_when_repair_is_impossible(tmp_path, glossary):
    """With repairs disabled, a model that drops placeholders and mangles names forces the
    fallback: the plain translation is used, every hit is flagged, missing terms are named."""
    model = build_model(tmp_path / "model", {"ZX1Z": "", "OpenAI": "Open", "Stargate": "Star"})
    engine = load_engine(model, cache=False)
    texts = ["Le partenariat entre ZX1Z et OpenAI avance.", "OpenAI finance le projet Stargate.", "Le marché de l'IA."]
    texts[0] = texts[0].replace("ZX1Z", "Microsoft")  # Microsoft becomes ZX1Z once masked, then vanishes
    segments = segments_for(texts, glossary)
    translate_segments(segments, engine, rounds=0)
    first, second, third = segments
    assert [f.code for f in first.flags] == ["glossary-unenforced"]
    assert "placeholder ZX1Z ('Microsoft') missing" in first.flags[0].message
    assert "required rendering 'OpenAI' missing" in first.flags[0].message
    assert first.flags[0].severity == "warning"
    assert all(hit.status == "flagged" for hit in first.glossary)
    assert "Microsoft" in first.target and "Open " in first.target  # the model's own words, unmasked
    assert [f.code for f in second.flags] == ["glossary-unenforced"]
    assert "'Stargate' missing" in second.flags[0].message
    assert third.flags == [] and [h.status for h in third.glossary] == ["masked", "verified"]
    for segment in segments:
        assert raw_placeholders(segment.target) == []


# --- the seed article ---------------------------------------------------------------------------


def test_seed_with_shipped_glossary(engine, glossary):
    from translator.extract import extract_path
    from translator.glossary import annotate
    from translator.segment import segment_article

    article = extract_path(SEED)
    segment_article(article)
    annotate(article, glossary)
    segments = article.segments()
    translate_segments(segments, engine)
    english = "\n".join(segment.target for segment in segments)
    french = "\n".join(segment.source for segment in segments)
    assert regex.search(r"\bIA\b", french)
    assert not regex.search(r"\bIA\b", english)
    assert english.count("AI") >= len(regex.findall(r"\bIA\b", french))
    for name in ("OpenAI", "Stargate", "LinkedIn", "Kevin Scott"):
        assert name in english
        hits = [h for s in segments for h in s.glossary if h.entry == name]
        assert hits and all(h.status == "masked" for h in hits)
    assert raw_placeholders(english) == []
    assert not any(f.code in ("glossary-unenforced", "glossary-fallback") for s in segments for f in s.flags)


# --- the repair budget ----------------------------------------------------------------------------

NEVER_COPIES = {f"ZX{n}Z": "" for n in range(1, 10)}  # every placeholder vanishes


class CountingHypotheses:
    """The real engine, counting the hypotheses repair asks of it (per segment text and in all)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.asked: dict[str, int] = {}

    def translate(self, texts, *, progress=None):
        return self.inner.translate(texts, progress=progress)

    def hypotheses(self, texts, *, target_prefixes=None, num_hypotheses=1):
        for text in texts:
            self.asked[text] = self.asked.get(text, 0) + num_hypotheses
        return self.inner.hypotheses(texts, target_prefixes=target_prefixes, num_hypotheses=num_hypotheses)

    def round_trips(self, texts):
        return self.inner.round_trips(texts)

    def identity(self):
        return self.inner.identity()


def test_repair_stays_within_its_budget_and_flags_every_hit(tmp_path, glossary, variant_cases):
    from translator.glossary.enforce import BUDGET_SPENT, RepairBudget

    engine = CountingHypotheses(load_engine(build_model(tmp_path / "model", NEVER_COPIES), cache=False))
    segments = segments_for([text for text, _ in variant_cases], glossary)
    budget = RepairBudget(per_segment=8, per_segment_of_call=0.25)
    translate_segments(segments, engine, budget=budget)
    masked_texts = {mask(s.source, s.glossary).text for s in segments}
    assert set(engine.asked) <= masked_texts  # only masked segments are re-decoded
    assert max(engine.asked.values()) <= budget.per_segment
    assert sum(engine.asked.values()) <= budget.for_call(len(segments))
    affected = [s for s in segments if any(h.kind != "forbid" for h in s.glossary)]
    assert affected
    spent = enforced = 0
    for segment in affected:
        codes = [f.code for f in segment.flags]
        assert raw_placeholders(segment.target) == []
        if all(hit.status in ("masked", "repaired", "verified") for hit in segment.glossary):  # e.g. "l’ZX1Z" is copied
            enforced += 1
            continue
        assert "glossary-unenforced" in codes or "glossary-fallback" in codes, (segment.source, segment.target)
        assert all(hit.status == "flagged" for hit in segment.glossary)
        spent += any(BUDGET_SPENT in f.message for f in segment.flags)
    assert spent > 0 and spent + enforced == len(affected)  # cut off by the budget, not by the rounds


def test_repair_decodes_in_steps_of_one_batch(tmp_path, glossary, variant_cases):
    """Repair never hands the engine more than one batch per decoding thread at once (Ctrl-C is seen between)."""
    from translator.engine.engine import Engine

    steps: list[int] = []

    class Steps(Engine):
        def _translate_batch(self, examples, targets, chosen, count):
            steps.append(len(chosen))
            return super()._translate_batch(examples, targets, chosen, count)

    from translator.engine.families import open_folder
    from translator.engine.options import EngineOptions

    package = open_folder(build_model(tmp_path / "model", NEVER_COPIES))
    engine = Steps(package, EngineOptions(max_batch_size=4, inter_threads=1), None)
    segments = segments_for([text for text, _ in variant_cases], glossary)
    translate_segments(segments, engine)
    assert len(steps) > 3 and max(steps) <= 4
