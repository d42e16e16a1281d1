"""Package tokenizers: text → pieces for CTranslate2, and pieces → text done by us.

argostranslate's SentencePiece decoder turns every `_` into a space (breaking identifiers,
e-mail addresses and URLs); ours only turns the `▁` word marker into a space.
"""

from __future__ import annotations

import re
from pathlib import Path

WORD_MARK = "\u2581"
_BYTE_PIECE = re.compile(r"<0x([0-9A-Fa-f]{2})>")
_CONTROL_PIECES = frozenset({"<s>", "</s>", "<pad>"})
_SPACES = re.compile(r" {2,}")


class SentencePieceTokenizer:
    """SentencePiece pieces (the tokenizer of OPUS-MT based argos packages)."""

    def __init__(self, model_file: Path) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str) -> list[str]:
        return self._processor.encode(text, out_type=str)

    def encode_many(self, texts: list[str]) -> list[list[str]]:
        return self._processor.encode(texts, out_type=str) if texts else []

    @staticmethod
    def starts_word(pieces: list[str], index: int) -> bool:
        return pieces[index].startswith(WORD_MARK)

    @staticmethod
    def decode(pieces: list[str]) -> str:
        """Join pieces: `▁` becomes a space, byte pieces become their characters, nothing else changes."""
        parts: list[str] = []
        pending = bytearray()
        for piece in pieces:
            byte = _BYTE_PIECE.fullmatch(piece)
            if byte:
                pending.append(int(byte.group(1), 16))
                continue
            if pending:
                parts.append(pending.decode("utf-8", errors="replace"))
                pending.clear()
            if piece not in _CONTROL_PIECES:
                parts.append(piece)
        if pending:
            parts.append(pending.decode("utf-8", errors="replace"))
        return _SPACES.sub(" ", "".join(parts).replace(WORD_MARK, " ")).strip()


class BPETokenizer:
    """Moses tokenization + BPE (`bpe.model`), as in older argos packages; via argostranslate's own code."""

    def __init__(self, model_file: Path, from_code: str, to_code: str) -> None:
        from argostranslate.tokenizer import BPETokenizer as ArgosBPE  # no model downloads in this module

        self._tokenizer = ArgosBPE(model_file, from_code, to_code)

    def encode(self, text: str) -> list[str]:
        return self._tokenizer.encode(text)

    def encode_many(self, texts: list[str]) -> list[list[str]]:
        return [self._tokenizer.encode(text) for text in texts]

    @staticmethod
    def starts_word(pieces: list[str], index: int) -> bool:
        return index == 0 or not pieces[index - 1].endswith("@@")

    def decode(self, pieces: list[str]) -> str:
        return self._tokenizer.decode([piece for piece in pieces if piece not in _CONTROL_PIECES])


def load_tokenizer(tokenizer_file: Path, from_code: str, to_code: str) -> SentencePieceTokenizer | BPETokenizer:
    """The tokenizer in `tokenizer_file`: BPE for an argos `bpe.model`, else SentencePiece."""
    if tokenizer_file.name == "bpe.model":
        return BPETokenizer(tokenizer_file, from_code, to_code)
    return SentencePieceTokenizer(tokenizer_file)
