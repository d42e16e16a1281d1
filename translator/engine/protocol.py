"""What the stages need from a translator, as a `typing.Protocol`.

Glossary enforcement, post-editing and the run executors talk to an engine only through
`TranslationEngine`; a backend (see `translator.engine.backends`) is any class with these three
methods. Nothing here imports a model library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

# How a piece the model could not name shows in an English text, when copying the source piece
# (CTranslate2's `replace_unknowns`) could not replace it; glossary enforcement flags it.
UNKNOWN = "<unk>"

# Called with how many more distinct texts of the current call are done (decoded or found in memory).
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Translation:
    """The English of one text, and whether it came from the translation memory."""

    text: str
    cached: bool = False


@runtime_checkable
class TranslationEngine(Protocol):
    """A loaded model that turns French texts into English ones."""

    def translate(self, texts: Sequence[str], *, progress: Progress | None = None) -> list[Translation]:
        """One Translation per text, in order; blank texts come back unchanged.

        May use a translation memory (and say so in `cached`); decodes in steps of at most one
        batch, calling `progress` after each, so a caller can show progress and be interrupted."""
        ...

    def hypotheses(
        self,
        texts: Sequence[str],
        *,
        target_prefixes: Sequence[str | None] | None = None,
        num_hypotheses: int = 1,
    ) -> list[list[str]]:
        """Up to `num_hypotheses` English renderings per text, best first, never from memory.

        A target prefix forces the start of the English (it is part of each hypothesis)."""
        ...

    def round_trips(self, texts: Sequence[str]) -> list[bool]:
        """Whether each text comes back unchanged through the model's tokenizers (every piece known,
        decoding gives the text back): glossary masking picks placeholder shapes that do."""
        ...

    def identity(self) -> dict[str, Any]:
        """What decides the output (model, its hash, options, backend): for run keys and manifests."""
        ...
