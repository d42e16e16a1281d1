"""The engine protocol and the backend registry, on the real CTranslate2 engine and test model."""

from __future__ import annotations

import subprocess
import sys
from typing import ClassVar

import pytest

from translator.document import Segment
from translator.engine import EngineOptions, Translation, TranslationEngine, backends, load_engine
from translator.engine.engine import Engine
from translator.errors import SettingsError
from translator.glossary import Glossary
from translator.glossary.enforce import translate_segments
from translator.glossary.model import Entry


class Counting(Engine):
    """The real CTranslate2 engine under another backend name, recording each decoding step."""

    backend = "counting"
    steps: ClassVar[list[int]] = []

    def _translate_batch(self, examples, targets, chosen, count):
        Counting.steps.append(len(chosen))
        return super()._translate_batch(examples, targets, chosen, count)


def test_ctranslate2_engine_implements_the_protocol(test_model_dir):
    engine = load_engine(test_model_dir, cache=False)
    assert isinstance(engine, TranslationEngine)
    assert engine.translate(["le chat", ""]) == [Translation("the cat", False), Translation("", False)]
    assert engine.identity()["backend"] == "ctranslate2"


def test_backend_is_chosen_by_name(test_model_dir, monkeypatch):
    monkeypatch.setitem(backends.BACKENDS, "counting", f"{__name__}:Counting")
    Counting.steps.clear()
    engine = load_engine(test_model_dir, options={"backend": "counting"}, cache=False)
    assert type(engine).__name__ == "Counting" and engine.identity()["backend"] == "counting"
    assert engine.translate_texts(["le chat"]) == ["the cat"]
    assert Counting.steps == [1]


def test_unknown_backend_is_one_line_listing_the_known_ones(test_model_dir):
    with pytest.raises(SettingsError, match=r"^\[engine\] backend: expected one of ctranslate2, got 'onnx'$"):
        load_engine(test_model_dir, options={"backend": "onnx"}, cache=False)


def test_decoding_goes_in_steps_of_one_batch_per_thread_with_progress(test_model_dir, monkeypatch):
    monkeypatch.setitem(backends.BACKENDS, "counting", f"{__name__}:Counting")
    Counting.steps.clear()
    options = EngineOptions(backend="counting", max_batch_size=2, inter_threads=1)
    engine = load_engine(test_model_dir, options=options, cache=False)
    texts = [f"le chat {n}" for n in range(5)]
    done: list[int] = []
    out = engine.translate(texts, progress=done.append)
    assert [t.text for t in out] == [f"the cat {n}" for n in range(5)]
    assert Counting.steps == [2, 2, 1]  # no single call holds more than one batch
    assert done == [2, 2, 1]


class Delegating:
    """A backend that is not the CTranslate2 class: proves enforcement needs only the protocol."""

    def __init__(self, inner: TranslationEngine) -> None:
        self.inner = inner

    def translate(self, texts, *, progress=None):
        return self.inner.translate(texts, progress=progress)

    def hypotheses(self, texts, *, target_prefixes=None, num_hypotheses=1):
        return self.inner.hypotheses(texts, target_prefixes=target_prefixes, num_hypotheses=num_hypotheses)

    def round_trips(self, texts):
        return self.inner.round_trips(texts)

    def identity(self):
        return {"backend": "delegating"}


def test_glossary_enforcement_runs_on_any_protocol_engine(test_model_dir):
    engine = Delegating(load_engine(test_model_dir, cache=False))
    assert isinstance(engine, TranslationEngine)
    glossary = Glossary([Entry("intelligence artificielle", "AI")])
    segment = Segment(id="s1", source="le chat de intelligence artificielle")
    segment.glossary = glossary.find(segment.source)
    translate_segments([segment], engine)
    assert segment.target == "the cat of AI" and segment.glossary[0].status == "masked"


def test_glossary_enforcement_does_not_import_a_model_library():
    code = (
        "import sys, translator.glossary.enforce\n"
        "print([m for m in ('ctranslate2', 'sentencepiece') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_glossary_enforcement_reports_progress_in_segments(test_model_dir):
    engine = load_engine(test_model_dir, options={"max_batch_size": 2, "inter_threads": 1}, cache=False)
    segments = [Segment(id=f"s{n}", source=f"le chat {n}") for n in range(5)]
    done: list[int] = []
    translate_segments(segments, engine, progress=done.append)
    assert done == [2, 2, 1] and [s.target for s in segments] == [f"the cat {n}" for n in range(5)]
