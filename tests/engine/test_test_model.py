"""The word-for-word test model: a real CTranslate2 + SentencePiece package that behaves predictably."""

import json
import zipfile

import ctranslate2
import pytest
import sentencepiece

from translator.testing import build_model, expand_dictionary, load_word_list, package_model
from translator.testing.__main__ import main as build_command


def _translate(directory, texts, **options):
    processor = sentencepiece.SentencePieceProcessor(model_file=str(directory / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(directory / "model"), compute_type="int8")
    batch = [processor.encode(text, out_type=str) for text in texts]
    results = translator.translate_batch(batch, max_decoding_length=300, **options)
    return batch, [result.hypotheses[0] for result in results]


def test_package_layout_is_an_argos_package(test_model_dir):
    metadata = json.loads((test_model_dir / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["from_code"], metadata["to_code"], metadata["type"]) == ("fr", "en", "translate")
    assert (test_model_dir / "model" / "model.bin").is_file()
    assert (test_model_dir / "sentencepiece.model").is_file()


def test_each_listed_word_is_one_piece_and_translated_in_place(test_model_dir):
    words = load_word_list()
    batch, outputs = _translate(test_model_dir, ["le chat", "Le vétéran de Microsoft 2024 x_y"])
    assert batch[0] == ["▁le", "▁chat"]
    assert outputs[0] == ["▁" + words["le"], "▁" + words["chat"]]
    assert "".join(outputs[1]).replace("▁", " ").strip() == "The veteran of Microsoft 2024 x_y"


def test_outputs_one_piece_per_source_piece_even_for_long_inputs(test_model_dir):
    text = " ".join(["le chat de la maison"] * 50)
    batch, outputs = _translate(test_model_dir, [text], beam_size=2)
    assert len(outputs[0]) == len(batch[0]) == 250
    assert outputs[0][:5] == ["▁the", "▁cat", "▁of", "▁the", "▁house"]


def test_dictionary_variants_drop_duplicate_and_swap(tmp_path):
    directory = build_model(tmp_path / "variant", {"⦗1⦘": "", "⦗2⦘": "⦗3⦘ ⦗3⦘", "chat": "dog"})
    _, outputs = _translate(directory, ["le ⦗1⦘ chat ⦗2⦘"])
    assert "".join(outputs[0]).replace("▁", " ").split() == ["the", "dog", "⦗3⦘", "⦗3⦘"]


def test_expand_dictionary_adds_capitals_and_apostrophes_without_overriding():
    pieces = expand_dictionary({"l'": "the", "le": "the", "Le": "It"})
    assert pieces["▁L’"] == "▁The▁"
    assert pieces["▁Le"] == "▁It"
    with pytest.raises(ValueError):
        expand_dictionary({" chat": "cat"})


def test_command_line_writes_directory_and_archive(tmp_path, capsys):
    assert build_command(["build-model", str(tmp_path / "pkg")]) == 0
    archive = tmp_path / "pkg.argosmodel"
    with zipfile.ZipFile(archive) as bundle:
        assert "pkg/metadata.json" in bundle.namelist()
    assert package_model(tmp_path / "pkg", tmp_path / "again.argosmodel").is_file()
