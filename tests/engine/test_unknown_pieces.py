"""Characters the model's vocabulary lacks: copied from the French (CTranslate2's `replace_unknowns`),
in the main path and in glossary repair; an `<unk>` that still comes out is flagged."""

from __future__ import annotations

import sentencepiece
from click.testing import CliRunner

from translator.cli import main
from translator.document import Segment
from translator.engine import Translation, load_engine
from translator.glossary import Glossary
from translator.glossary.enforce import translate_segments
from translator.glossary.model import Entry
from translator.testing import build_model

RARE = ["😀", "漢字", "Ω", "☃"]  # none is in the test model's vocabulary


def test_the_test_vocabulary_lacks_the_rare_characters(test_model_dir):
    processor = sentencepiece.SentencePieceProcessor(model_file=str(test_model_dir / "sentencepiece.model"))
    for text in RARE:
        assert processor.unk_id() in processor.encode(text), text


def test_unknown_characters_are_copied_not_left_as_unk(test_model_dir):
    engine = load_engine(test_model_dir, cache=False)
    texts = ["le chat 😀 de la ville.", "la maison de 漢字 et Ω ☃ est là."]
    assert engine.translate_texts(texts) == ["the cat 😀 of the city.", "the house of 漢字 and Ω ☃ is there."]
    assert all("😀" in h for h in engine.hypotheses([texts[0]], num_hypotheses=2)[0])


def test_unknown_characters_survive_glossary_repair(tmp_path):
    engine = load_engine(build_model(tmp_path / "drops", {"ZX1Z": ""}), cache=False)
    segment = Segment(id="s1", source="le chat 😀 de intelligence artificielle à 漢字 la ville.")
    segment.glossary = Glossary([Entry("intelligence artificielle", "AI")]).find(segment.source)
    translate_segments([segment], engine)
    assert segment.glossary[0].status == "repaired", segment.flags
    assert segment.target == "the cat 😀 of AI to 漢字 the city."
    assert not [f for f in segment.flags if f.code == "unknown-piece"]


def test_translate_command_prints_the_rare_characters(tmp_path, test_model_dir, monkeypatch):
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "in.txt"
    source.write_text("Le chat de 漢字 😀 la ville.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", str(source), "--model", str(test_model_dir)])
    assert result.exit_code == 0, result.output
    assert result.output == "The cat of 漢字 😀 the city.\n"


class LosesAWord:
    """The real engine, with one word of its English replaced by `<unk>` (what replace_unknowns could
    not fix): only to check that enforcement raises the flag."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def translate(self, texts, *, progress=None):
        return [Translation(t.text.replace("city", "<unk>"), t.cached) for t in self.inner.translate(texts)]

    def hypotheses(self, texts, *, target_prefixes=None, num_hypotheses=1):
        return self.inner.hypotheses(texts, target_prefixes=target_prefixes, num_hypotheses=num_hypotheses)

    def round_trips(self, texts):
        return self.inner.round_trips(texts)

    def identity(self):
        return {"backend": "loses-a-word"}


def test_a_surviving_unk_is_flagged(test_model_dir):
    engine = LosesAWord(load_engine(test_model_dir, cache=False))
    lost, literal = Segment(id="s1", source="le chat de la ville"), Segment(id="s2", source="le mot <unk> ici")
    translate_segments([lost, literal], engine)
    assert lost.target == "the cat of the <unk>"
    assert [(f.code, f.severity) for f in lost.flags] == [("unknown-piece", "warning")]
    assert literal.flags == []  # the French itself says <unk>
