"""The engine end to end on the word-for-word test model: batching, dedup, memory, splitting, decoding."""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest
import regex

from translator.engine import EngineOptions, load_engine
from translator.engine.cache import TranslationMemory
from translator.engine.engine import split_pieces
from translator.engine.tokenizers import SentencePieceTokenizer
from translator.testing import build_model, load_word_list

WORDS = load_word_list()


def english(french: str) -> str:
    """What the word-for-word model must say: listed words translated, the rest passed through."""
    return regex.sub(r"[\w'’-]+", lambda word: WORDS.get(word.group(), word.group()), french)


class CountingTranslator:
    """Calls the real CTranslate2 translator and records what it was asked (not a mock)."""

    def __init__(self, translator):
        self.translator = translator
        self.calls = []

    def translate_batch(self, examples, **options):
        self.calls.append((examples, options))
        return self.translator.translate_batch(examples, **options)


@pytest.fixture
def memory(tmp_path):
    return TranslationMemory(tmp_path / "memory.sqlite3")


def counted(engine):
    engine._translator = CountingTranslator(engine._translator)
    return engine._translator


def test_translates_all_texts_in_one_call_deduplicated(test_model_dir, memory):
    engine = load_engine(test_model_dir, cache=memory)
    spy = counted(engine)
    texts = ["le chat de la ville", "la maison", "le chat de la ville", "", "  ", "un vétéran"]
    assert engine.translate_texts(texts) == [
        english("le chat de la ville"),
        english("la maison"),
        english("le chat de la ville"),
        "",
        "  ",
        english("un vétéran"),
    ]
    assert len(spy.calls) == 1
    assert len(spy.calls[0][0]) == 3  # duplicates and blanks never reach the model
    assert spy.calls[0][1]["beam_size"] == 2 and spy.calls[0][1]["max_batch_size"] == 32


def test_rerun_is_served_from_memory_without_decoding(test_model_dir, memory):
    texts = ["le chat", "la maison de Meta"]
    first = load_engine(test_model_dir, cache=memory)
    expected = first.translate_texts(texts)
    assert [t.cached for t in first.translate(["une phrase neuve", *texts])] == [False, True, True]
    again = load_engine(test_model_dir, cache=memory)
    spy = counted(again)
    again_out = again.translate([*texts, "le chat de la ville"])
    assert [t.text for t in again_out] == [*expected, english("le chat de la ville")]
    assert [t.cached for t in again_out] == [True, True, False]
    assert [len(examples) for examples, _ in spy.calls] == [1]


def test_memory_is_keyed_by_model_and_output_options(test_model_dir, memory, tmp_path):
    load_engine(test_model_dir, cache=memory).translate_texts(["le chat"])
    beam4 = load_engine(test_model_dir, options={"beam_size": 4}, cache=memory)
    assert [t.cached for t in beam4.translate(["le chat"])] == [False]
    threads = load_engine(test_model_dir, options={"inter_threads": 1}, cache=memory)
    assert [t.cached for t in threads.translate(["le chat"])] == [True]  # threads do not change the output
    variant = load_engine(build_model(tmp_path / "variant", {"chat": "dog"}), cache=memory)
    assert variant.translate_texts(["le chat"]) == ["the dog"]
    assert variant.identity()["model_hash"] != beam4.identity()["model_hash"]


def test_no_cache_writes_nothing(test_model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    load_engine(test_model_dir, cache=False).translate_texts(["le chat"])
    assert not (tmp_path / "cache").exists()


def test_underscores_and_unknown_text_survive_decoding(test_model_dir):
    engine = load_engine(test_model_dir, cache=False)
    source = "le fichier x_rapport_final.txt de paul_dupont@example.com 2024 ⦗1⦘ « x »"
    expected = "the fichier x_rapport_final.txt of paul_dupont@example.com 2024 ⦗1⦘ « x »"
    assert engine.translate_texts([source]) == [expected]


def test_decoding_handles_byte_pieces_and_word_marks():
    decode = SentencePieceTokenizer.decode
    assert decode(["▁le", "_", "x", "▁", "<0xE2>", "<0x82>", "<0xAC>", "</s>"]) == "le_x €"
    assert decode(["▁a", "▁", "▁b"]) == "a b"


def test_long_segments_are_split_not_truncated(test_model_dir):
    sentence = "le chat de la ville est là."
    text = " ".join([sentence] * 60)  # 480 pieces, more than the 256 the model takes
    engine = load_engine(test_model_dir, cache=False)
    spy = counted(engine)
    assert engine.translate_texts([text, "la maison"]) == [english(text), english("la maison")]
    examples = spy.calls[0][0]
    assert len(spy.calls) == 1 and len(examples) == 3
    assert max(len(example) for example in examples) <= 256
    parts = [example for example in examples if len(example) > 2]  # the long text's (calls are length-sorted)
    assert len(parts) == 2 and all(part[-1] == "." for part in parts)  # cut after a sentence end


def test_input_limit_is_an_option(test_model_dir):
    engine = load_engine(test_model_dir, options={"max_input_tokens": 8}, cache=False)
    text = "le chat de la ville, la maison de Meta, le chat de la maison de la ville"
    assert engine.translate_texts([text]) == [english(text)]


def test_split_prefers_sentence_then_clause_then_word_boundaries():
    def starts(pieces, i):
        return pieces[i].startswith("▁")

    pieces = ["▁a", "▁b", ".", "▁c", ",", "▁d", "▁e", "▁f"]
    assert split_pieces(pieces, 6, starts) == [["▁a", "▁b", "."], ["▁c", ",", "▁d", "▁e", "▁f"]]
    assert split_pieces(["▁a", "b", "c", "d"], 2, starts) == [["▁a", "b"], ["c", "d"]]
    assert split_pieces(pieces, 100, starts) == [pieces]


def test_hypotheses_honour_prefixes_and_are_not_cached(test_model_dir, memory):
    engine = load_engine(test_model_dir, cache=memory)
    texts = ["le chat de la ville", "la maison"]
    results = engine.hypotheses(texts, target_prefixes=["The dog", None], num_hypotheses=3)
    assert results[0][0] == "The dog of the city"
    assert all(hypothesis.startswith("The dog") for hypothesis in results[0])
    assert results[1][0] == english("la maison") and len(results[1]) == 3
    assert memory.stats()["entries"] == 0


def test_identity_names_package_hash_and_options(test_model_dir):
    identity = load_engine(test_model_dir, options=EngineOptions(beam_size=3), cache=False).identity()
    assert identity["package"] == "translate-fr_en"
    assert len(identity["model_hash"]) == 64
    assert identity["options"]["beam_size"] == 3 and identity["options"]["compute_type"] == "int8"


def test_unknown_option_is_refused(test_model_dir):
    with pytest.raises(ValueError, match="beam"):
        load_engine(test_model_dir, options={"beams": 3}, cache=False)


def test_package_with_stanza_folder_runs_offline_without_argos_translation_code(test_model_dir, tmp_path):
    """The real package ships stanza/; argostranslate's translate() would fetch models for it."""
    package = tmp_path / "translate-fr_en-1_9"
    shutil.copytree(test_model_dir, package)
    (package / "stanza" / "fr").mkdir(parents=True)
    code = textwrap.dedent(
        f"""
        import json, socket, sys
        def refuse(*args, **kwargs):
            raise OSError("network blocked")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from translator.engine import load_engine
        engine = load_engine({str(package)!r}, offline=False, cache=False)
        out = engine.translate_texts(["le chat de la ville"])
        heavy = [m for m in ("torch", "stanza", "spacy", "minisbd", "argostranslate.translate") if m in sys.modules]
        print(json.dumps({{"out": out, "heavy": heavy}}))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"out": [english("le chat de la ville")], "heavy": []}


def test_two_processes_translating_into_one_memory_lose_nothing(test_model_dir, tmp_path):
    path = tmp_path / "shared.sqlite3"
    words = ["chat", "maison", "ville", "vétéran", "société", "équipe", "marché", "rapport"]
    code = textwrap.dedent(
        f"""
        import sys
        from translator.engine import load_engine
        from translator.engine.cache import TranslationMemory
        words = {words!r}
        start = int(sys.argv[1])
        engine = load_engine({str(test_model_dir)!r}, cache=TranslationMemory({str(path)!r}))
        for round in range(40):
            texts = [f"le {{words[(start + round + i) % len(words)]}} {{round}} {{i}} de la ville" for i in range(15)]
            engine.translate_texts(texts)
        """
    )
    processes = [subprocess.Popen([sys.executable, "-c", code, str(offset)]) for offset in (0, 3)]
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    memory = TranslationMemory(path)
    assert memory.stats()["entries"] == 2 * 40 * 15 - sum(  # texts both processes produced once each
        1 for r in range(40) for i in range(15) if (0 + r + i) % 8 == (3 + r + i) % 8
    )
    assert memory._connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert memory._connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_unusable_memory_location_warns_and_translates_anyway(test_model_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="translation memory unavailable"):
        engine = load_engine(test_model_dir, cache=blocker / "memory.sqlite3")
    assert engine.memory is None
    assert engine.translate_texts(["le chat"]) == ["the cat"]


def test_package_target_prefix_is_forced_and_stripped(test_model_dir, tmp_path):
    """Multilingual argos packages name the target language in metadata (`target_prefix`)."""
    package = tmp_path / "prefixed"
    shutil.copytree(test_model_dir, package)
    metadata = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    (package / "metadata.json").write_text(json.dumps({**metadata, "target_prefix": "▁the"}), encoding="utf-8")
    engine = load_engine(package, cache=False)
    spy = counted(engine)
    # The word-for-word model spends its first step on the forced prefix, so the first word's
    # translation is replaced by it; the prefix itself is removed from the English.
    assert engine.translate_texts(["le chat de la ville"]) == ["cat of the city"]
    assert spy.calls[0][1]["target_prefix"] == [["▁the"]]
