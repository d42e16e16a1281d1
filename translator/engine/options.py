"""Decoding options of the engine, with the defaults and their speed/quality trade-offs.

- `beam_size` (2): beam 1 is greedy and fastest; 4 (argostranslate's) decoded 3.5x slower than 2
  in bench/engine.py, for a quality gain that is usually small in MT (not measured here).
- `device` ("auto"): the GPU when CTranslate2 sees one, else the CPU.
- `compute_type` ("default"): int8 on CPU (weights 4x smaller than float32 and faster; the argos
  package ships int8 weights), CTranslate2's `auto` choice on GPU.
- `inter_threads` (cores, up to 4) x `intra_threads` (1): batches decoded in parallel, one core
  each; that beats many threads on one batch for many short segments.
- `max_batch_size` (32 segments): CTranslate2 sorts inputs by length and cuts them into batches of
  this size; smaller batches waste less on padding, larger ones use the matrix units better.
- `length_ratio` (2.0) and `length_margin` (10): a hypothesis stops at
  ratio x longest source + margin pieces, so a looping hypothesis cannot run away.
- `no_repeat_ngram_size` (0 = off) and `repetition_penalty` (1.0 = off): repetition control;
  off by default because real repetitions ("de plus en plus") are legitimate and the post-editor
  flags loops; raise them when a model loops on a kind of text.
- `backend` ("ctranslate2"): which registered backend runs the model (`translator.engine.backends`).
- `family` ("auto"): the model family's token conventions (argos, marian, nllb, m2m); "auto"
  detects it from the model folder's files (`translator.engine.families`).
- `max_input_tokens` (256): longer segments are cut at sentence, clause or word boundaries and
  translated in parts, never truncated (OPUS-MT models are trained on at most 256 pieces).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from translator.engine.backends import BACKENDS
from translator.engine.families import FAMILIES
from translator.schema import check, setting

# Options that change the translation (the cache key); threads and batch sizes only change speed.
OUTPUT_OPTIONS = (
    "beam_size",
    "compute_type",
    "length_ratio",
    "length_margin",
    "no_repeat_ngram_size",
    "repetition_penalty",
    "max_input_tokens",
)


@dataclass(frozen=True)
class EngineOptions:
    """How the engine decodes; see the module docstring for what each option trades."""

    backend: str = setting("ctranslate2", help="Engine backend that runs the model.", choices=BACKENDS)
    family: str = setting(
        "auto", help="Model family (token conventions); auto detects it from the folder.", choices=("auto", *FAMILIES)
    )
    beam_size: int = setting(2, help="Beam size (larger is slower).", flag="--beam", low=1, high=16)
    device: str = setting("auto", help="Where to decode.", choices=("auto", "cpu", "cuda"))
    compute_type: str = setting(
        "default",
        help="Weight type.",
        choices=("default", "auto", "int8", "int8_float16", "int16", "float16", "float32"),
    )
    inter_threads: int = setting(
        0, help="Batches decoded in parallel (0: one per core, up to 4).", flag="--threads", low=0, high=64
    )
    intra_threads: int = setting(1, help="Threads per batch.", low=0, high=64)
    max_batch_size: int = setting(32, help="Segments per decoding batch.", low=1, high=4096)
    length_ratio: float = setting(2.0, help="Longest output, as a multiple of the source length.", low=0.1, high=10)
    length_margin: int = setting(10, help="Pieces allowed beyond the length ratio.", low=0, high=1000)
    no_repeat_ngram_size: int = setting(0, help="Forbid repeating n-grams of this size (0: off).", low=0, high=64)
    repetition_penalty: float = setting(1.0, help="Penalty on repeated pieces (1: off).", low=0.1, high=10)
    max_input_tokens: int = setting(256, help="Longer segments are translated in parts.", low=8, high=4096)

    def __post_init__(self) -> None:
        check(self, "engine")

    @classmethod
    def from_value(cls, value: EngineOptions | dict[str, Any] | None) -> EngineOptions:
        """Options from an EngineOptions, a dict of option names (None values ignored), or None."""
        if value is None:
            return cls()
        if isinstance(value, EngineOptions):
            return value
        known = {field.name for field in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown engine options: {', '.join(sorted(unknown))}")
        return replace(cls(), **{name: item for name, item in value.items() if item is not None})

    def resolved(self) -> EngineOptions:
        """The same options with 'auto' device, 'default' compute type and 0 threads made concrete."""
        device = self.device
        if device == "auto":
            import ctranslate2

            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute_type = self.compute_type
        if compute_type == "default":
            compute_type = "int8" if device == "cpu" else "auto"
        inter_threads = self.inter_threads or max(1, min(os.cpu_count() or 1, 4))
        return replace(self, device=device, compute_type=compute_type, inter_threads=inter_threads)

    def output_key(self) -> dict[str, Any]:
        """The options that change the translation, for the cache key and the run identity."""
        values = asdict(self.resolved())
        return {name: values[name] for name in OUTPUT_OPTIONS}

    def max_decoding_length(self, longest_source: int) -> int:
        return int(self.length_ratio * longest_source) + self.length_margin
