"""The CTranslate2 backend: every segment of a batch decoded together, in interruptible steps.

Segments are deduplicated and looked up in the translation memory first; the rest are tokenized
with the model's tokenizer, cut at word boundaries when longer than the model's input limit,
wrapped in the model family's tokens (translator/engine/families.py),
sorted by length and decoded by CTranslate2 a step at a time (one batch per decoding thread per
`translate_batch` call, so Ctrl-C and progress are seen between steps), and joined back.
Unknown pieces are replaced by the source piece the model attended to most (CTranslate2's
`replace_unknowns`, as argostranslate does); an `<unk>` that still comes out is kept visible for
the caller to flag (`translator.engine.protocol.UNKNOWN`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from translator.engine.cache import TranslationMemory
from translator.engine.families import ModelFolder, vocabularies
from translator.engine.options import EngineOptions
from translator.engine.protocol import Progress, Translation
from translator.engine.tokenizers import load_tokenizer
from translator.errors import ModelError

_SENTENCE_END = (".", "!", "?", "…", ";", ":", "»", '"')
_CLAUSE_END = (",", ")", "–", "—")


def _last_cut_after(pieces: list[str], candidates: list[int], floor: int, ends: tuple[str, ...]) -> int | None:
    """The last candidate cut at or after `floor` whose previous piece ends with one of `ends`."""
    return next((i for i in reversed(candidates) if i >= floor and pieces[i - 1].endswith(ends)), None)


def split_pieces(pieces: list[str], limit: int, starts_word) -> list[list[str]]:
    """Cut a piece sequence longer than `limit` into parts of at most `limit` pieces.

    Each cut is at the last sentence end in the window (if it keeps at least a quarter of the
    window), else the last clause end, else the last word start, else mid-word."""
    parts: list[list[str]] = []
    start = 0
    while len(pieces) - start > limit:
        end = start + limit
        words = [i for i in range(start + 1, end + 1) if starts_word(pieces, i)]
        floor = start + limit // 4
        cut = (
            _last_cut_after(pieces, words, floor, _SENTENCE_END)
            or _last_cut_after(pieces, words, floor, _CLAUSE_END)
            or (words[-1] if words else end)
        )
        parts.append(pieces[start:cut])
        start = cut
    parts.append(pieces[start:])
    return parts


class Engine:
    """A loaded model folder with its decoding options and (optionally) a translation memory.

    Implements `translator.engine.protocol.TranslationEngine`; registered as backend "ctranslate2"."""

    backend = "ctranslate2"

    def __init__(
        self, model: ModelFolder, options: EngineOptions | None = None, memory: TranslationMemory | None = None
    ) -> None:
        import ctranslate2

        self.model = model
        self.options = (options or EngineOptions()).resolved()
        self.memory = memory
        try:
            self._translator = ctranslate2.Translator(
                str(model.model_dir),
                device=self.options.device,
                compute_type=self.options.compute_type,
                inter_threads=self.options.inter_threads,
                intra_threads=self.options.intra_threads,
            )
        except (RuntimeError, ValueError, OSError) as error:  # truncated or damaged model.bin
            raise ModelError(f"{model.path}: cannot load the model ({error}); reinstall or reconvert it") from error
        self._ctranslate2_version = ctranslate2.__version__
        self._tokenizer = load_tokenizer(model.source_tokenizer, model.from_code, model.to_code)
        self._target_tokenizer = (
            self._tokenizer
            if model.target_tokenizer == model.source_tokenizer
            else load_tokenizer(model.target_tokenizer, model.from_code, model.to_code)
        )
        self._vocabularies = vocabularies(model.model_dir)
        self._source_start, self._source_end = list(model.family.source_start), list(model.family.source_end)
        self._prefix = list(model.target_prefix)
        self._model_hash = model.content_hash()
        key = {"model": self._model_hash, "options": self.options.output_key()}
        if model.family.name != "argos":  # argos keys stay as they were, so existing memories still serve
            key["family"] = model.family.name
        self._key = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]

    def identity(self) -> dict[str, Any]:
        """What decides the output: model, hash of its files, family, decoding options (for manifests)."""
        return {
            "backend": self.backend,
            "package": self.model.name,
            "family": self.model.family.name,
            "version": self.model.version,
            "path": str(self.model.path),
            "model_hash": self._model_hash,
            "options": self.options.output_key(),
            "ctranslate2": self._ctranslate2_version,
            "cache_key": self._key,
        }

    def translate(self, texts: Sequence[str], *, progress: Progress | None = None) -> list[Translation]:
        """English for each text, in order, saying which came from memory. Blank texts come back unchanged.

        Duplicates are translated once, memory hits not at all, the rest decoded together."""
        unique = list(dict.fromkeys(text for text in texts if text.strip()))
        known = self.memory.lookup(self._key, unique) if self.memory is not None and unique else {}
        missing = [text for text in unique if text not in known]
        if progress is not None and known:
            progress(len(known))
        decoded = self._decode(missing, None, 1, progress)
        fresh = dict(zip(missing, (hyps[0] for hyps in decoded), strict=True))
        if self.memory is not None and fresh:
            self.memory.store(self._key, fresh)
        return [
            Translation(known[text], True) if text in known else Translation(fresh.get(text, text)) for text in texts
        ]

    def translate_texts(self, texts: Sequence[str]) -> list[str]:
        """Just the English of each text (`translate` without the memory flags)."""
        return [translation.text for translation in self.translate(texts)]

    def hypotheses(
        self, texts: Sequence[str], *, target_prefixes: Sequence[str | None] | None = None, num_hypotheses: int = 1
    ) -> list[list[str]]:
        """Up to `num_hypotheses` English renderings per text, best first, never cached.

        A target prefix forces the start of the English (it is part of each hypothesis); the
        model continues from it. For repairing a segment that lost a term or placeholder."""
        prefixes = list(target_prefixes) if target_prefixes is not None else [None] * len(texts)
        if len(prefixes) != len(texts):
            raise ValueError("target_prefixes must have one entry per text")
        return self._decode(list(texts), prefixes, max(1, num_hypotheses))

    def round_trips(self, texts: Sequence[str]) -> list[bool]:
        """Whether each text survives this model's tokenizers: every piece known to the source and
        target vocabularies, and decoding the target pieces gives the text back."""
        source_known, target_known = self._vocabularies
        results = []
        for text in texts:
            source, target = self._tokenizer.encode(text), self._target_tokenizer.encode(text)
            results.append(
                all(piece in source_known for piece in source)
                and all(piece in target_known for piece in target)
                and self._target_tokenizer.decode(target) == text.strip()
            )
        return results

    def _examples(
        self, texts: list[str], prefixes: list[str | None] | None
    ) -> tuple[list[list[str]], list[list[str]], list[int]]:
        """Source pieces, target prefix pieces and owning text of every part of every text."""
        limit = self.options.max_input_tokens
        examples: list[list[str]] = []
        targets: list[list[str]] = []
        owners: list[int] = []
        for index, pieces in enumerate(self._tokenizer.encode_many(texts)):
            forced = self._target_tokenizer.encode(prefixes[index]) if prefixes and prefixes[index] else []
            for part_number, part in enumerate(split_pieces(pieces, limit, self._tokenizer.starts_word)):
                examples.append(self._source_start + part + self._source_end)
                targets.append(self._prefix + (forced if part_number == 0 else []))
                owners.append(index)
        return examples, targets, owners

    def _decode(
        self, texts: list[str], prefixes: list[str | None] | None, count: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """Hypotheses per text; parts sorted by length and decoded one step (a batch per thread) at a time."""
        if not texts:
            return []
        examples, targets, owners = self._examples(texts, prefixes)
        order = sorted(range(len(examples)), key=lambda i: len(examples[i]))
        step = self.options.max_batch_size * self.options.inter_threads
        results: list[Any] = [None] * len(examples)
        remaining = [sum(1 for owner in owners if owner == index) for index in range(len(texts))]
        for start in range(0, len(order), step):
            chosen = order[start : start + step]
            for index, result in zip(chosen, self._translate_batch(examples, targets, chosen, count), strict=True):
                results[index] = result
            if progress is not None:
                for index in chosen:
                    remaining[owners[index]] -= 1
                progress(sum(1 for index in chosen if remaining[owners[index]] == 0))
        skip = len(self._prefix)
        parts: list[list[list[str]]] = [[] for _ in texts]
        for owner, result in zip(owners, results, strict=True):
            parts[owner].append([self._target_tokenizer.decode(hyp[skip:]) for hyp in result.hypotheses])
        # Alternatives come from the first part; later parts contribute their best hypothesis.
        return [
            [" ".join([hypothesis, *(part[0] for part in text_parts[1:])]).strip() for hypothesis in text_parts[0]]
            for text_parts in parts
        ]

    def _translate_batch(
        self, examples: list[list[str]], targets: list[list[str]], chosen: list[int], count: int
    ) -> list[Any]:
        """One CTranslate2 call on the chosen parts (at most one batch per decoding thread)."""
        sources = [examples[i] for i in chosen]
        prefixes = [targets[i] for i in chosen]
        return self._translator.translate_batch(
            sources,
            target_prefix=prefixes if any(prefixes) else None,
            max_batch_size=self.options.max_batch_size,
            batch_type="examples",
            beam_size=max(self.options.beam_size, count),
            num_hypotheses=count,
            max_input_length=0,  # never truncate: over-long inputs were split above
            max_decoding_length=self.options.max_decoding_length(max(map(len, sources))) + max(map(len, prefixes)),
            no_repeat_ngram_size=self.options.no_repeat_ngram_size,
            repetition_penalty=self.options.repetition_penalty,
            replace_unknowns=True,
        )
