"""Build a tiny, deterministic French→English argos package that translates word for word.

The package is real: a SentencePiece model and a CTranslate2 Transformer, loaded and run by the
same code as the real `translate-fr_en` package, so tests exercise the true code path offline.

How the weights make it translate word for word (one encoder without layers, one decoder layer,
one attention head; every weight row has a single non-zero magnitude, so int8 is exact):
- the hidden state holds a source-piece code, a target-piece code (binary codes written as
  one-hot pairs), a one-hot position and a constant;
- the encoder embeds source piece i at position s as code(i) + onehot(position s);
- the decoder embeds every target piece as onehot(constant) + onehot(position t), so decoder
  step t only knows its position;
- cross-attention queries and keys read the position dimensions only, so step t attends to
  source position t; the values and output copy the source piece's code;
- the decoder's feed-forward layer has one unit per piece, firing only on that piece's code,
  which writes the code of the piece's dictionary translation (identity for pieces the
  dictionary does not mention); the output projection scores each piece by its code.
The source ends with `</s>` (``add_source_eos`` as in converted Marian models), which maps to
itself, so the output has exactly one piece per source piece and then stops.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np

WORD_LIST = "fr_en.tsv"
SPACE = "\u2581"  # SentencePiece's word-boundary marker
SPECIAL_TOKENS = ("<unk>", "<s>", "</s>")
# Largest number of source pieces (plus the appended `</s>`) the model can align.
MAX_POSITIONS = 258
# Decoding may run longer than the source (up to a caller's max_decoding_length); those
# positions all look at the last source position.
MAX_DECODING_POSITIONS = 1024

# Every character that should pass through the model unchanged (names, numbers, placeholders).
_CHARACTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "àâäæçéèêëîïôœùûüÿÀÂÄÆÇÉÈÊËÎÏÔŒÙÛÜŸñÑáíóúÁÍÓÚßøØåÅ"
    ".,;:!?¿¡'\"’‘“”«»‹›„()[]{}<>⟨⟩⟦⟧⦃⦄⦗⦘【】〔〕-‐–—―·•*/\\|_~^`@#$%&+=§¶©®°€£¥¢×÷±"
)


def load_word_list() -> dict[str, str]:
    """The shipped French→English word list (`fr_en.tsv`: one `french<TAB>english` pair a line)."""
    text = resources.files(__package__).joinpath(WORD_LIST).read_text(encoding="utf-8")
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, _, target = line.partition("\t")
        pairs[source.strip()] = target.strip()
    return pairs


def _piece(text: str) -> str:
    """The single SentencePiece piece standing for a word or phrase ('' is a bare boundary)."""
    return SPACE + text.replace(" ", SPACE)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def expand_dictionary(dictionary: Mapping[str, str]) -> dict[str, str]:
    """Source piece → target piece for every entry, plus derived entries that the dictionary
    does not set itself: both apostrophes (' and ’) and a Capitalized form of each entry."""
    entries = {source: target.strip() for source, target in dictionary.items()}
    for source, target in list(entries.items()):
        for apostrophe, other in (("'", "’"), ("’", "'")):
            if apostrophe in source:
                entries.setdefault(source.replace(apostrophe, other), target)
    for source, target in list(entries.items()):
        entries.setdefault(_capitalized(source), _capitalized(target))
    pieces: dict[str, str] = {}
    for source, target in entries.items():
        if not source or source != source.strip():
            raise ValueError(f"dictionary key must be a non-empty trimmed word or phrase: {source!r}")
        piece = _piece(target)
        if target and source.endswith(("'", "’")):
            piece += SPACE  # an elided article ("l'") is glued to the next word: keep them apart
        pieces[_piece(source)] = piece
    return pieces


def _vocabulary(pieces: list[str]) -> list[str]:
    """`<unk>`, `<s>` and the pieces, padded to a power of two with `</s>` last.

    Piece codes are binary indices, so `</s>` (all ones) would otherwise be one bit away from some
    pieces (and from `<unk>`), and its bias would make it a near tie there: beam search then ends
    hypotheses early after such a piece. The pieces one bit away from `</s>` are unused fillers."""
    body = ["<unk>", "<s>", *pieces]
    bits = 1
    while len(body) > 2**bits - 1 - bits:
        bits += 1
    end = 2**bits - 1
    neighbours = {end - (1 << j) for j in range(bits)}
    rest = iter(body)
    vocabulary = [f"<unused{i}>" if i in neighbours else next(rest, f"<unused{i}>") for i in range(end)]
    return [*vocabulary, "</s>"]


def _train_sentencepiece(symbols: list[str], missing: str = "") -> bytes:
    """A SentencePiece model whose pieces are `symbols` and the known characters except `missing`."""
    import sentencepiece

    characters = "".join(c for c in _CHARACTERS if c not in missing)
    symbols = [symbol for symbol in symbols if not set(symbol) & set(missing)]
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter([" ".join(characters)]),
        model_writer=model,
        model_type="unigram",
        vocab_size=len(symbols) + len(characters) + 8,
        hard_vocab_limit=False,
        user_defined_symbols=symbols,
        character_coverage=1.0,
        required_chars=characters,
        normalization_rule_name="nmt_nfkc",  # as in OPUS-MT models: no-break spaces become spaces
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _layer_norm(vector: np.ndarray) -> np.ndarray:
    return (vector - vector.mean()) / np.sqrt(vector.var() + 1e-6)


def _codes(count: int) -> tuple[int, np.ndarray]:
    """Binary codes as one-hot pairs: piece i gets a 1 on dimension 2j + (bit j of i is 0).

    Every code has the same number of ones (one per bit), so layer norms treat all pieces alike,
    and two different pieces share at most bits - 1 of them."""
    bits = max(1, (count - 1).bit_length())
    codes = np.zeros((count, 2 * bits), dtype=np.float32)
    for j in range(bits):
        bit = (np.arange(count) >> j) & 1
        codes[np.arange(count), 2 * j + (1 - bit)] = 1.0
    return bits, codes


def _transformer_spec(vocabulary: list[str], output_of: list[int], target: list[str] | None = None):
    """The CTranslate2 spec whose output at step t is output_of[source piece at position t].

    `target`: the target vocabulary when it differs from the source one (same pieces, another
    order); `output_of` then holds target indices.

    Hidden layout: source code | target code | one-hot position | constant. Cross-attention copies
    the source piece's code from position t; the decoder's feed-forward layer has one unit per
    piece that fires on that code and writes the code of the piece's translation; the output
    projection scores each piece by its code."""
    from ctranslate2.specs import transformer_spec

    size = len(vocabulary)
    bits, codes = _codes(size)
    source_code = np.arange(2 * bits)
    target_code = 2 * bits + source_code
    position0 = 4 * bits
    constant = position0 + MAX_POSITIONS
    depth = constant + 1
    positions = np.arange(MAX_POSITIONS)

    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1)
    encoder, decoder = spec.encoder, spec.decoder

    def unit_norm(norm) -> None:
        norm.gamma = np.ones(depth, dtype=np.float32)
        norm.beta = np.zeros(depth, dtype=np.float32)

    position_table = np.zeros((MAX_POSITIONS, depth), dtype=np.float32)
    position_table[positions, position0 + positions] = 1.0

    encoder.scale_embeddings = False
    source_embeddings = np.zeros((size, depth), dtype=np.float32)
    source_embeddings[:, source_code] = codes
    encoder.embeddings[0].weight = source_embeddings
    encoder.position_encodings.encodings = position_table
    unit_norm(encoder.layer_norm)
    _silence_layer(encoder.layer[0], depth, unit_norm)

    decoder.scale_embeddings = False
    decoder_embeddings = np.zeros((size, depth), dtype=np.float32)
    decoder_embeddings[:, constant] = 1.0
    decoder.embeddings.weight = decoder_embeddings
    decoder_positions = np.minimum(np.arange(MAX_DECODING_POSITIONS), MAX_POSITIONS - 1)
    decoder_position_table = np.zeros((MAX_DECODING_POSITIONS, depth), dtype=np.float32)
    decoder_position_table[np.arange(MAX_DECODING_POSITIONS), position0 + decoder_positions] = 1.0
    decoder.position_encodings.encodings = decoder_position_table
    unit_norm(decoder.layer_norm)

    layer = decoder.layer[0]
    _silence_layer(layer, depth, unit_norm)
    attention = layer.attention
    unit_norm(attention.layer_norm)
    query = np.zeros((depth, depth), dtype=np.float32)
    query[position0 + positions, position0 + positions] = 4.0
    keys_values = np.zeros((2 * depth, depth), dtype=np.float32)
    keys_values[position0 + positions, position0 + positions] = 4.0
    keys_values[depth + source_code, source_code] = 1.0
    copy_code = np.zeros((depth, depth), dtype=np.float32)
    copy_code[source_code, source_code] = 1.0
    attention.linear[0].weight = query
    attention.linear[1].weight = keys_values
    attention.linear[2].weight = copy_code

    # What the feed-forward layer sees at a step: simulate the norms on one example.
    memory = _layer_norm(source_embeddings[0] + position_table[0])
    state = decoder_embeddings[0] + decoder_position_table[0]
    state[source_code] += memory[source_code]
    normed = _layer_norm(state)[source_code]
    on, off = normed[codes[0] == 1][0], normed[codes[0] == 0][0]
    lookup = np.zeros((size, depth), dtype=np.float32)
    lookup[:, source_code] = codes
    layer.ffn.linear_0.weight = lookup
    # A unit fires (value (on - off) / 2) only when all `bits` of its piece's code match.
    layer.ffn.linear_0.bias = np.full(size, -(bits * off + (bits - 0.5) * (on - off)), dtype=np.float32)
    write = np.zeros((depth, size), dtype=np.float32)
    write[target_code, :] = 8.0 * codes[output_of].T
    layer.ffn.linear_1.weight = write

    projection = np.zeros((size, depth), dtype=np.float32)
    projection[:, target_code] = 4.0 * codes
    decoder.projection.weight = projection
    # Past the end of the source no unit fires and every piece scores the same: a bias of half
    # the gap between a match and the best non-match makes `</s>` win there, so even lower-ranked
    # hypotheses stop instead of rambling, while a real match still beats `</s>`.
    state[target_code] += 8.0 * 0.5 * (on - off) * codes[output_of[0]]
    logits = projection @ _layer_norm(state)
    gap = logits[output_of[0]] - np.max(np.delete(logits, output_of[0]))
    bias = np.zeros(size, dtype=np.float32)
    bias[(target or vocabulary).index("</s>")] = gap / 2
    decoder.projection.bias = bias

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(target or vocabulary)
    return spec


def _silence_layer(layer, depth: int, unit_norm) -> None:
    """Zero a layer's self-attention and feed-forward blocks so the residual passes unchanged."""
    unit_norm(layer.self_attention.layer_norm)
    layer.self_attention.linear[0].weight = np.zeros((3 * depth, depth), dtype=np.float32)
    layer.self_attention.linear[1].weight = np.zeros((depth, depth), dtype=np.float32)
    unit_norm(layer.ffn.layer_norm)
    layer.ffn.linear_0.weight = np.zeros((1, depth), dtype=np.float32)
    layer.ffn.linear_1.weight = np.zeros((depth, 1), dtype=np.float32)


def build_model(
    directory: str | Path,
    dictionary: Mapping[str, str] | None = None,
    *,
    family: str = "argos",
    separate_vocabularies: bool = False,
    missing_characters: str = "",
) -> Path:
    """Write a test model of `family`'s shape at `directory` and return its path.

    `family`: "argos" (an unpacked argos package), or a `ct2-transformers-converter` folder of
    "marian" (source.spm, target.spm; `separate_vocabularies` writes source and target
    vocabularies in different orders), "nllb" or "m2m" (sentencepiece.bpe.model and language
    tokens in the vocabulary, mapped to each other). `missing_characters` are left out of the
    tokenizer's vocabulary (they become `<unk>`).

    `dictionary` maps French words or phrases to English ones and is merged over the shipped
    word list (its entries win). Each key becomes one SentencePiece piece (`"pomme de terre"` is
    one piece too, matched where it starts a word), and the model outputs the value's piece in
    its place. Lowercase keys also get a Capitalized entry. Special values:
    - `""` makes the word vanish (the model emits a bare word boundary, decoded as a space);
    - a value with spaces is one multi-word piece (`"⦗1⦘": "⦗1⦘ ⦗1⦘"` duplicates a placeholder);
    - a value that is another key's piece (`"⦗1⦘": "⦗2⦘", "⦗2⦘": "⦗1⦘"`) swaps or alters it.
    Everything the dictionary does not mention (names, numbers, characters) is copied as is.
    """
    from ctranslate2.specs import model_spec  # noqa: F401  (fail early if ctranslate2 is missing)

    from translator.testing.layouts import LAYOUTS

    if family not in LAYOUTS:
        raise ValueError(f"unknown family {family!r} (known: {', '.join(LAYOUTS)})")
    layout = LAYOUTS[family]
    words = load_word_list()
    words.update(dictionary or {})
    mapping = expand_dictionary(words)
    languages = list(dict.fromkeys([*layout.language_tokens, *layout.language_tokens.values()]))
    symbols = sorted((set(mapping) | set(mapping.values()) - {SPACE}) - set(languages))
    mapping.update(layout.language_tokens)
    sentencepiece_model = _train_sentencepiece(symbols, missing_characters)

    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_proto=sentencepiece_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary = _vocabulary([piece for piece in pieces if piece not in SPECIAL_TOKENS] + languages)
    target = _reordered(vocabulary) if separate_vocabularies else vocabulary
    index = {piece: i for i, piece in enumerate(target)}
    # a translation the tokenizer cannot spell (missing characters) leaves the piece as it is
    output_of = [index.get(mapping.get(piece, piece), index[piece]) for piece in vocabulary]

    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    spec = _transformer_spec(vocabulary, output_of, target if separate_vocabularies else None)
    layout.configure(spec.config)
    spec.validate()
    spec.optimize(quantization="int8")
    layout.write(directory, spec, sentencepiece_model)
    return directory


def _reordered(vocabulary: list[str]) -> list[str]:
    """The same vocabulary with its real pieces in reverse order (specials and fillers in place)."""
    movable = [i for i, piece in enumerate(vocabulary) if not piece.startswith("<")]
    reordered = list(vocabulary)
    for i, j in zip(movable, reversed(movable), strict=True):
        reordered[i] = vocabulary[j]
    return reordered


def fr_en_metadata(name: str, package_version: str, description: str) -> dict:
    """An argos French→English package's `metadata.json`, as argospm and LibreTranslate read it."""
    return {
        "package_version": package_version,
        "argos_version": "1.9.0",
        "from_code": "fr",
        "from_name": "French",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "name": name,
        "description": description,
        "links": [],
    }


def package_model(directory: str | Path, archive: str | Path | None = None) -> Path:
    """Zip an unpacked package as `.argosmodel` (one top-level folder, as argospm expects)."""
    directory = Path(directory)
    archive = Path(archive) if archive else directory.with_name(directory.name + ".argosmodel")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                bundle.write(path, Path(directory.name) / path.relative_to(directory))
    return archive
