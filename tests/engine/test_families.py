"""Model families: detection, refusal, override, each family's tokens around the source, and
placeholder shapes checked against each loaded tokenizer (real CTranslate2 on test models)."""

from __future__ import annotations

import json
import shutil

import pytest

from translator.document import Segment
from translator.engine import load_engine
from translator.engine.families import detect, open_folder
from translator.errors import ModelError
from translator.glossary import Glossary
from translator.glossary.enforce import NO_SHAPE, shapes_for, translate_segments
from translator.glossary.model import Entry
from translator.testing import build_model

FAMILIES = ("argos", "marian", "nllb", "m2m")


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("families")
    built = {family: build_model(root / f"opus-mt-fr-en-{family}", family=family) for family in FAMILIES}
    built["marian-separate"] = build_model(root / "opus-mt-fr-en-sep", family="marian", separate_vocabularies=True)
    return built


class Spy:
    def __init__(self, translator):
        self.translator, self.calls = translator, []

    def translate_batch(self, examples, **options):
        self.calls.append((examples, options))
        return self.translator.translate_batch(examples, **options)


def spied(engine) -> Spy:
    engine._translator = Spy(engine._translator)
    return engine._translator


@pytest.mark.parametrize("family", [*FAMILIES, "marian-separate"])
def test_each_family_is_detected_and_translates(models, family):
    expected = family.split("-")[0]
    assert detect(models[family]) == expected
    engine = load_engine(models[family], cache=False)
    assert engine.identity()["family"] == expected
    assert engine.translate_texts(["le chat de la ville.", "la maison"]) == ["the cat of the city.", "the house"]


# What each family's reference tokenizer puts around the source, and the forced target prefix.
CONVENTIONS = {
    "argos": ([], [], None),  # the CTranslate2 config of an argos model appends </s> itself
    "marian": ([], ["</s>"], None),
    "nllb": (["fra_Latn"], ["</s>"], [["eng_Latn"]]),
    "m2m": (["__fr__"], ["</s>"], [["__en__"]]),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_gets_its_reference_tokens(models, family):
    engine = load_engine(models[family], cache=False)
    spy = spied(engine)
    assert engine.translate_texts(["le chat"]) == ["the cat"]  # the language token is stripped
    ((examples, options),) = spy.calls
    start, end, prefix = CONVENTIONS[family]
    assert examples == [[*start, "▁le", "▁chat", *end]]
    assert options["target_prefix"] == prefix


def test_separate_vocabularies_are_read_from_their_own_files(models):
    folder = models["marian-separate"]
    source = json.loads((folder / "source_vocabulary.json").read_text())
    target = json.loads((folder / "target_vocabulary.json").read_text())
    assert source != target and set(source) == set(target)


def test_a_folder_of_no_family_gets_one_line_saying_what_was_expected(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"not really")
    with pytest.raises(ModelError) as caught:
        load_engine(tmp_path, cache=False)
    message = str(caught.value)
    assert "\n" not in message and "not a model folder" in message
    for expected in ("argos", "source.spm and target.spm", "fra_Latn", "__fr__"):
        assert expected in message


def test_family_override(models, tmp_path):
    assert load_engine(models["nllb"], options={"family": "nllb"}, cache=False).identity()["family"] == "nllb"
    with pytest.raises(ModelError, match="lacks __fr__, __en__"):
        load_engine(models["nllb"], options={"family": "m2m"}, cache=False)
    with pytest.raises(ModelError, match=r"no source\.spm and target\.spm"):
        open_folder(models["nllb"], "marian")
    renamed = tmp_path / "copy"
    shutil.copytree(models["m2m"], renamed)
    (renamed / "sentencepiece.bpe.model").unlink()
    with pytest.raises(ModelError, match=r"no sentencepiece\.bpe\.model"):
        open_folder(renamed)


def test_marian_languages_come_from_the_folder_name(models):
    assert open_folder(models["marian"]).languages == "fr→en"


def glossary_segment(text: str) -> Segment:
    segment = Segment(id="s1", source=text)
    segment.glossary = Glossary([Entry("intelligence artificielle", "AI")]).find(text)
    return segment


def test_masking_uses_a_placeholder_shape_the_tokenizer_keeps(tmp_path):
    engine = load_engine(build_model(tmp_path / "m", family="nllb", missing_characters="ZX"), cache=False)
    shapes = shapes_for(engine)
    assert shapes and all("Z" not in o + c and "X" not in o + c for o, c in shapes)
    spy = spied(engine)
    segment = glossary_segment("le chat de intelligence artificielle")
    translate_segments([segment], engine)
    assert segment.target == "the cat of AI" and segment.glossary[0].status == "masked"
    assert "QJ1Q" in "".join(spy.calls[0][0][0])


def test_without_any_surviving_shape_the_plain_translation_is_checked_and_flagged(tmp_path):
    engine = load_engine(build_model(tmp_path / "m", family="m2m", missing_characters="ZXQJK"), cache=False)
    assert shapes_for(engine) == ()
    segment = glossary_segment("le chat de intelligence artificielle")
    translate_segments([segment], engine)
    assert segment.target == "the cat of intelligence artificial"  # the word list translates word for word
    assert [f.code for f in segment.flags] == ["glossary-unenforced"] and NO_SHAPE in segment.flags[0].message
    assert segment.glossary[0].status == "flagged"


def test_a_damaged_vocabulary_is_one_line(models, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(models["nllb"], damaged)
    (damaged / "shared_vocabulary.json").write_bytes(b"\xff\xfe not json")
    with pytest.raises(ModelError, match="unreadable vocabulary"):
        load_engine(damaged, cache=False)
