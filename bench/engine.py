"""Benchmark of the engine against argostranslate on a full-size random-weight French→English package.

The package is shaped like argos `translate-fr_en` 1.9 (OPUS-MT's Marian transformer-base converted to
CTranslate2): 6+6 layers, d_model 512, 8 heads, FFN 2048 with swish, post-norm, sinusoidal positions,
one shared 59,514-token vocabulary tied to the output layer, int8. Random weights never emit `</s>`,
so every system decodes exactly `--decode-length` tokens per sentence (min = max decoding length,
forced by a thin wrapper around `ctranslate2.Translator` that every system goes through alike).

On the same 204 French news sentences (bench/data/fr_news.txt, 41 paragraphs), each system in its own
process, with networking blocked, after one warm-up call, in `--rounds` interleaved rounds (the
fastest run of each system is kept, so a busy moment on a shared machine does not favour anyone):
1. argostranslate `translate()` per paragraph, its defaults (spaCy sentence splitting from a blank
   pipeline saved where argostranslate caches its spaCy model, ARGOS_CHUNK_TYPE=SPACY);
2. the same with its best settings (ARGOS_INTRA_THREADS=1, ARGOS_BATCH_SIZE=4096);
3. one raw `translate_batch` call over all pre-tokenized sentences at our default settings (the limit)
   and 4. our engine at its defaults (empty translation memory), in the same process, alternating
   raw, engine, engine, raw so both see the same load; then the same batch again (cached rerun);
5. our engine at beam 4.

    pip install -e '.[bench]' && python bench/engine.py [--workdir DIR] [--decode-length 40] [--rounds 2]

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "data" / "fr_news.txt"
VOCABULARY_SIZE = 59_514
DEPTH, HEADS, FFN, LAYERS = 512, 8, 2048, 6
WARM_UP = "Le ministre a présenté son projet mardi."


def read_paragraphs() -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def _train_sentencepiece() -> bytes:
    import sentencepiece

    sentences = [sentence for paragraph in read_paragraphs() for sentence in paragraph]
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="unigram",
        vocab_size=2000,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="nmt_nfkc",
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def build_full_size_model(directory: Path, seed: int = 1) -> Path:
    """Write (once) an unpacked argos package with random weights shaped like translate-fr_en 1.9."""
    import numpy as np
    import sentencepiece
    from ctranslate2.specs import common_spec, transformer_spec

    directory = Path(directory)
    if (directory / "model" / "model.bin").is_file() and (directory / "metadata.json").is_file():
        return directory
    sentencepiece_model = _train_sentencepiece()
    processor = sentencepiece.SentencePieceProcessor(model_proto=sentencepiece_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    specials = ["</s>", "<unk>", "<s>"]
    vocabulary = specials + [p for p in pieces if p not in specials]
    vocabulary += [f"<unused{i}>" for i in range(VOCABULARY_SIZE - len(vocabulary) - 1)] + ["<pad>"]

    rng = np.random.default_rng(seed)

    def weight(rows: int, columns: int) -> np.ndarray:
        return rng.normal(0.0, 0.05, size=(rows, columns)).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(DEPTH, dtype=np.float32)
        spec.beta = np.zeros(DEPTH, dtype=np.float32)

    def linear(spec, rows: int, columns: int) -> None:
        spec.weight = weight(rows, columns)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def feed_forward(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, FFN, DEPTH)
        linear(spec.linear_1, DEPTH, FFN)

    spec = transformer_spec.TransformerSpec.from_config(
        LAYERS, HEADS, pre_norm=False, activation=common_spec.Activation.SWISH
    )
    embeddings = weight(len(vocabulary), DEPTH)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    spec.decoder.projection.weight = embeddings  # tied: stored once
    spec.decoder.projection.bias = np.zeros(len(vocabulary), dtype=np.float32)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * DEPTH, DEPTH)
        linear(layer.self_attention.linear[1], DEPTH, DEPTH)
        feed_forward(layer.ffn)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * DEPTH, DEPTH)
        linear(layer.self_attention.linear[1], DEPTH, DEPTH)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], DEPTH, DEPTH)
        linear(layer.attention.linear[1], 2 * DEPTH, DEPTH)
        linear(layer.attention.linear[2], DEPTH, DEPTH)
        feed_forward(layer.ffn)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = True
    spec.validate()
    spec.optimize(quantization="int8")

    staging = directory.with_name(directory.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "model").mkdir(parents=True)
    spec.save(str(staging / "model"))
    (staging / "sentencepiece.model").write_bytes(sentencepiece_model)
    from translator.testing.builder import fr_en_metadata

    metadata = fr_en_metadata(
        "benchmark random-weight fr→en (shaped like translate-fr_en 1.9)", "1.9", "Random weights, for speed only"
    )
    (staging / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    return directory


# --- worker side: one system per process -------------------------------------------------------


def _block_network() -> None:
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the benchmark")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def _fix_decoding_length(length: int) -> None:
    """Make every translate_batch emit exactly `length` tokens (random weights never stop)."""
    import ctranslate2

    original = ctranslate2.Translator

    class FixedLengthTranslator:
        def __init__(self, *args, **kwargs):
            self._translator = original(*args, **kwargs)

        def translate_batch(self, *args, **kwargs):
            kwargs["min_decoding_length"] = kwargs["max_decoding_length"] = length
            return self._translator.translate_batch(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self._translator, name)

    ctranslate2.Translator = FixedLengthTranslator


def _fresh_memory(work: Path, name: str):
    from translator.engine.cache import TranslationMemory

    path = work / f"memory-{name}.sqlite3"
    for leftover in work.glob(path.name + "*"):
        leftover.unlink()
    return TranslationMemory(path)


def _raw_and_engine(model: Path, work: Path, sentences: list[str], pairs: int = 2) -> dict:
    """Raw translate_batch and the engine in one process, alternating (raw, engine, engine, raw...),
    so both see the same machine load; the fastest run of each is kept."""
    import ctranslate2
    import sentencepiece

    from translator.engine import load_engine
    from translator.engine.options import EngineOptions

    options = EngineOptions().resolved()
    processor = sentencepiece.SentencePieceProcessor(model_file=str(model / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(model / "model"),
        compute_type=options.compute_type,
        inter_threads=options.inter_threads,
        intra_threads=options.intra_threads,
    )
    settings = {"beam_size": options.beam_size, "max_batch_size": options.max_batch_size, "batch_type": "examples"}
    memory = _fresh_memory(work, "engine_default")
    engine = load_engine(model, offline=True, cache=memory)
    translator.translate_batch([processor.encode(WARM_UP, out_type=str)], **settings)
    engine.translate_texts([WARM_UP])
    tokens = processor.encode(sentences, out_type=str)

    def raw() -> float:
        started = time.perf_counter()
        translator.translate_batch(tokens, **settings)
        return time.perf_counter() - started

    def ours() -> float:
        memory.clear()  # a first run: nothing in the memory
        started = time.perf_counter()
        engine.translate_texts(sentences)
        return time.perf_counter() - started

    raw_runs, engine_runs = [], []
    for pair in range(pairs):
        first, second = (raw, ours) if pair % 2 == 0 else (ours, raw)
        for run in (first, second):
            (raw_runs if run is raw else engine_runs).append(run())
    started = time.perf_counter()
    rerun = engine.translate(sentences)
    cached = time.perf_counter() - started
    return {
        "raw_runs": raw_runs,
        "engine_runs": engine_runs,
        "cached_seconds": cached,
        "cached_all": all(translation.cached for translation in rerun),
        "settings": {**settings, "inter_threads": options.inter_threads, "intra_threads": options.intra_threads},
    }


def _worker(system: str, model: Path, work: Path, length: int) -> dict:
    _block_network()
    _fix_decoding_length(length)
    paragraphs = read_paragraphs()
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    result: dict = {"sentences": len(sentences)}
    if system.startswith("argos"):
        from argostranslate import translate

        translate.translate(WARM_UP, "fr", "en")
        started = time.perf_counter()
        for paragraph in paragraphs:
            translate.translate(" ".join(paragraph), "fr", "en")
        result["seconds"] = time.perf_counter() - started
    elif system == "raw_and_engine":
        result.update(_raw_and_engine(model, work, sentences))
    else:
        from translator.engine import load_engine

        engine = load_engine(model, offline=True, options={"beam_size": 4}, cache=_fresh_memory(work, system))
        engine.translate_texts([WARM_UP])
        started = time.perf_counter()
        engine.translate_texts(sentences)
        result["seconds"] = time.perf_counter() - started
    return result


# --- driver ------------------------------------------------------------------------------------


def _prepare_argos_home(model: Path, work: Path) -> dict[str, str]:
    """A private argostranslate home: the package installed, a blank spaCy pipeline in its cache."""
    import spacy

    home = work / "argos-home"
    packages = home / "packages"
    if not (packages / model.name).exists():
        packages.mkdir(parents=True, exist_ok=True)
        shutil.copytree(model, packages / model.name)
    spacy_cache = home / "cache" / "argos-translate" / "spacy"
    if not (spacy_cache / "config.cfg").exists():
        spacy_cache.parent.mkdir(parents=True, exist_ok=True)
        spacy.blank("xx").to_disk(spacy_cache)
        (spacy_cache / "senter" / "model").mkdir(parents=True)  # what argostranslate checks before downloading
    return {
        "ARGOS_PACKAGES_DIR": str(packages),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_DEVICE_TYPE": "cpu",
    }


def _run_worker(system: str, model: Path, work: Path, length: int, env: dict[str, str]) -> dict:
    command = [sys.executable, __file__, "--worker", system, "--model", str(model), "--workdir", str(work)]
    command += ["--decode-length", str(length)]
    completed = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False, cwd=ROOT
    )
    if completed.returncode != 0:
        raise SystemExit(f"{system} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--decode-length", type=int, default=40, help="tokens every system emits per sentence")
    parser.add_argument("--rounds", type=int, default=2, help="runs of every system, interleaved; best kept")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        print(json.dumps(_worker(args.worker, args.model, args.workdir, args.decode_length)))
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-engine-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    model = build_full_size_model(work / "translate-fr_en-random")
    size = sum(p.stat().st_size for p in (model / "model").iterdir()) / 1e6
    print(
        f"model: {model} ({size:.0f} MB, built/reused in {time.perf_counter() - started:.0f} s), {os.cpu_count()} CPUs"
    )
    argos = _prepare_argos_home(model, work)
    best = {**argos, "ARGOS_INTRA_THREADS": "1", "ARGOS_BATCH_SIZE": "4096"}
    own = {"TRANSLATOR_CACHE_DIR": str(work / "translator-cache")}
    systems = [
        ("argos_default", "argostranslate translate() per paragraph, defaults", argos),
        ("argos_best", "argostranslate, INTRA_THREADS=1 BATCH_SIZE=4096", best),
        ("raw_and_engine", "raw translate_batch and engine defaults, alternating", own),
        ("engine_beam4", "engine, beam 4", own),
    ]
    labels = {
        "argos_default": "argostranslate translate() per paragraph, defaults",
        "argos_best": "argostranslate, INTRA_THREADS=1 BATCH_SIZE=4096",
        "raw": "raw translate_batch, one call (our defaults)",
        "engine_default": "engine, defaults (beam 2)",
        "engine_beam4": "engine, beam 4",
    }
    results: dict[str, dict] = {}

    def keep(name: str, run: dict, round_number: int) -> None:
        seconds = run["seconds"]
        print(f"round {round_number}: {labels[name]:52} {seconds:8.2f} s {run['sentences'] / seconds:8.2f} sentences/s")
        if name not in results or seconds < results[name]["seconds"]:
            results[name] = run

    for round_number in range(1, args.rounds + 1):
        for name, _, env in systems:
            run = _run_worker(name, model, work, args.decode_length, env)
            if name != "raw_and_engine":
                keep(name, run, round_number)
                continue
            count = run["sentences"]
            keep("raw", {"sentences": count, "seconds": min(run["raw_runs"])}, round_number)
            engine_run = {
                "sentences": count,
                "seconds": min(run["engine_runs"]),
                "cached_seconds": run["cached_seconds"],
            }
            keep("engine_default", engine_run, round_number)
    cached = results["engine_default"]["cached_seconds"]
    cached_rate = results["engine_default"]["sentences"] / cached
    print(f"engine, cached rerun (same batch again): {cached:.4f} s, {cached_rate:.0f} sentences/s")
    print(f"best of {args.rounds} rounds per system:")
    for name, label in labels.items():
        seconds = results[name]["seconds"]
        print(f"  {label:52} {seconds:8.2f} s {results[name]['sentences'] / seconds:8.2f} sentences/s")

    def rate(name: str) -> float:
        return results[name]["sentences"] / results[name]["seconds"]

    summary = {
        "argos_default_sps": round(rate("argos_default"), 3),
        "argos_best_sps": round(rate("argos_best"), 3),
        "raw_ct2_sps": round(rate("raw"), 3),
        "engine_default_sps": round(rate("engine_default"), 3),
        "engine_beam4_sps": round(rate("engine_beam4"), 3),
        "cached_rerun_speedup": round(results["engine_default"]["seconds"] / cached, 1),
    }
    print(
        f"engine defaults: {summary['engine_default_sps'] / summary['argos_default_sps']:.1f}x argos defaults "
        f"(target 15x), {summary['engine_default_sps'] / summary['argos_best_sps']:.1f}x argos best (target 3x); "
        f"beam 4: {summary['engine_beam4_sps'] / summary['argos_default_sps']:.1f}x argos defaults (target 5x); "
        f"engine time / raw time {summary['raw_ct2_sps'] / summary['engine_default_sps']:.3f} (target <= 1.15); "
        f"cached rerun {summary['cached_rerun_speedup']}x faster (target 50x)"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
