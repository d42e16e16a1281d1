"""The folder each model family's test model is written as, like the real ones on disk.

- argos: an unpacked argos package (metadata.json, model/, sentencepiece.model); its CTranslate2
  config appends `</s>` to the source itself, as argos packages converted from Marian/OpenNMT do;
- marian: what `ct2-transformers-converter --copy_files source.spm target.spm` writes for an
  OPUS-MT model (model.bin, config.json, vocabularies, source.spm, target.spm);
- nllb / m2m: what the converter writes with `--copy_files sentencepiece.bpe.model`, with the
  language tokens (fra_Latn/eng_Latn, __fr__/__en__) in the vocabulary.
Converted Transformers models add no source tokens themselves: the engine adds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from translator.testing.builder import fr_en_metadata

README = (
    "Test model built by `python -m translator.testing build-model --family {family}`: a word-for-word\n"
    "French→English CTranslate2 model for offline tests. Not a real translation model.\n"
)


@dataclass(frozen=True)
class Layout:
    family: str
    write_files: Callable[[Path, bytes], None]
    language_tokens: dict[str, str] = field(default_factory=dict)  # source token -> its target token
    implicit_eos: bool = False  # the CTranslate2 config appends </s> to the source

    def configure(self, config) -> None:
        config.add_source_eos = self.implicit_eos
        if not self.implicit_eos:
            config.decoder_start_token = "</s>"  # as the converter sets for Marian and M2M-100/NLLB

    def write(self, directory: Path, spec, sentencepiece_model: bytes) -> None:
        model_dir = directory / "model" if self.family == "argos" else directory
        model_dir.mkdir(parents=True)
        spec.save(str(model_dir))
        self.write_files(directory, sentencepiece_model)
        (directory / "README.md").write_text(README.format(family=self.family), encoding="utf-8")


def _argos(directory: Path, model: bytes) -> None:
    (directory / "sentencepiece.model").write_bytes(model)
    metadata = fr_en_metadata(
        "translator-test-fr_en", "0.1", "Word-for-word French→English test model built by translator.testing"
    )
    (directory / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")


def _marian(directory: Path, model: bytes) -> None:
    (directory / "source.spm").write_bytes(model)
    (directory / "target.spm").write_bytes(model)


def _multilingual(directory: Path, model: bytes) -> None:
    (directory / "sentencepiece.bpe.model").write_bytes(model)


LAYOUTS: dict[str, Layout] = {
    "argos": Layout("argos", _argos, implicit_eos=True),
    "marian": Layout("marian", _marian),
    "nllb": Layout("nllb", _multilingual, {"fra_Latn": "eng_Latn", "eng_Latn": "eng_Latn", "deu_Latn": "deu_Latn"}),
    "m2m": Layout("m2m", _multilingual, {"__fr__": "__en__", "__en__": "__en__", "__de__": "__de__"}),
}
