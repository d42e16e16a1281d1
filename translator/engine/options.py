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

    backend: str = "ctranslate2"
    family: str = "auto"
    beam_size: int = 2
    device: str = "auto"  # "cuda" when CTranslate2 sees a GPU, else "cpu"
    compute_type: str = "default"
    inter_threads: int = 0  # 0: one per core, up to 4
    intra_threads: int = 1
    max_batch_size: int = 32
    length_ratio: float = 2.0
    length_margin: int = 10
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    max_input_tokens: int = 256

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
