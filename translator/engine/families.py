"""Model families: how a model folder is laid out and which tokens go around a segment.

Each family's conventions follow its reference tokenizer (see docs/engine.md, "Model families"):
- `argos`: an argos package (metadata.json, model/, sentencepiece.model or bpe.model); the
  CTranslate2 model adds what it needs itself; `target_prefix` from metadata.json, stripped.
- `marian`: a `ct2-transformers-converter` folder of an OPUS-MT model with `source.spm` and
  `target.spm`; source pieces + `</s>` (MarianTokenizer appends eos; models converted from
  Transformers get no implicit tokens from CTranslate2).
- `nllb`: one SentencePiece model; `fra_Latn` + pieces + `</s>` (NllbTokenizer: prefix
  [src_lang_code], suffix [eos]); `eng_Latn` as target prefix, stripped from the output.
- `m2m`: the same with `__fr__` / `__en__` (M2M100Tokenizer: prefix [lang token], suffix [eos]).

Detection reads the folder's files and vocabulary; `[engine] family` overrides it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from translator.errors import ModelError

FROM, TO = "fr", "en"
SPM_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")


@dataclass(frozen=True)
class Family:
    """A family's token conventions and what its folder must hold (for the refusal message)."""

    name: str
    expects: str
    source_start: tuple[str, ...] = ()
    source_end: tuple[str, ...] = ()
    target_start: tuple[str, ...] = ()  # forced as target prefix, stripped from the English


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("argos", "an argos package (metadata.json, model/model.bin, sentencepiece.model or bpe.model)"),
        Family(
            "marian",
            "a CTranslate2 folder (model.bin, config.json, vocabulary) with source.spm and target.spm",
            source_end=("</s>",),
        ),
        Family(
            "nllb",
            "a CTranslate2 folder with sentencepiece.bpe.model and fra_Latn/eng_Latn in its vocabulary",
            source_start=("fra_Latn",),
            source_end=("</s>",),
            target_start=("eng_Latn",),
        ),
        Family(
            "m2m",
            "a CTranslate2 folder with sentencepiece.bpe.model and __fr__/__en__ in its vocabulary",
            source_start=("__fr__",),
            source_end=("</s>",),
            target_start=("__en__",),
        ),
    )
}


def expected() -> str:
    return "; or ".join(f"{family.name}: {family.expects}" for family in FAMILIES.values())


@dataclass(frozen=True)
class ModelFolder:
    """A model on disk, whatever its family: where its files are and how to wrap a segment."""

    path: Path
    family: Family
    model_dir: Path
    source_tokenizer: Path
    target_tokenizer: Path
    name: str
    version: str = ""
    from_code: str = FROM
    to_code: str = TO
    target_prefix: tuple[str, ...] = ()
    hashed: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def languages(self) -> str:
        return f"{self.from_code or '?'}→{self.to_code or '?'}"

    def size(self) -> int:
        return sum(item.stat().st_size for item in self.path.rglob("*") if item.is_file())

    def content_hash(self) -> str:
        """SHA-256 over the files that decide translations (model, vocabularies, tokenizers, metadata)."""
        digest = hashlib.sha256()
        for item in self.hashed:
            digest.update(item.relative_to(self.path).as_posix().encode() + b"\0")
            with item.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()

    def describe(self) -> dict[str, object]:
        """What `translator models list` shows."""
        return {
            "name": self.name,
            "family": self.family.name,
            "languages": self.languages,
            "version": self.version,
            "bytes": self.size(),
            "path": str(self.path),
        }


def _read_vocabulary(folder: Path, side: str) -> set[str] | None:
    """The tokens of a CTranslate2 folder's `side` ("source", "target" or "shared") vocabulary file."""
    for suffix in (".json", ".txt"):
        path = folder / f"{side}_vocabulary{suffix}"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
                tokens = json.loads(text) if suffix == ".json" else text.splitlines()
                return {str(token) for token in tokens}
            except (OSError, UnicodeDecodeError, ValueError, TypeError) as error:
                raise ModelError(f"{path}: unreadable vocabulary ({error})") from error
    return None


def vocabularies(model_dir: Path) -> tuple[set[str], set[str]]:
    """The source and target vocabularies of a CTranslate2 model folder (the same set when shared)."""
    shared = _read_vocabulary(model_dir, "shared")
    if shared is not None:
        return shared, shared
    return _read_vocabulary(model_dir, "source") or set(), _read_vocabulary(model_dir, "target") or set()


def _vocabulary(folder: Path) -> set[str]:
    return vocabularies(folder)[0]


def _files(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted(item for item in folder.rglob("*") if item.is_file()))


def _marian_languages(folder: Path) -> tuple[str, str]:
    """OPUS-MT folders are named after their pair (opus-mt-fr-en, opus-mt-tc-big-fr-en)."""
    name = re.sub(r"opus-mt-|tc-(?:big|base)-", "", folder.name.lower())
    match = re.search(r"(?:^|[-_])([a-z]{2,3})[-_]([a-z]{2,3})(?:$|[-_])", name)
    return (match.group(1), match.group(2)) if match else ("", "")


def _argos(folder: Path) -> ModelFolder:
    from translator.engine.packages import ArgosPackage

    package = ArgosPackage.load(folder)
    hashed = [package.path / name for name in ("metadata.json", package.tokenizer_file.name)]
    return ModelFolder(
        path=package.path,
        family=FAMILIES["argos"],
        model_dir=package.model_dir,
        source_tokenizer=package.tokenizer_file,
        target_tokenizer=package.tokenizer_file,
        name=package.name,
        version=package.version,
        from_code=package.from_code,
        to_code=package.to_code,
        target_prefix=(package.target_prefix,) if package.target_prefix else (),
        hashed=(*hashed, *_files(package.model_dir)),
    )


def _marian(folder: Path) -> ModelFolder:
    source, target = folder / "source.spm", folder / "target.spm"
    if not (source.is_file() and target.is_file()):
        raise ModelError(f"{folder}: no source.spm and target.spm (copy them from the OPUS-MT model)")
    from_code, to_code = _marian_languages(folder)
    return ModelFolder(
        folder, FAMILIES["marian"], folder, source, target, folder.name, "", from_code, to_code, hashed=_files(folder)
    )


def _multilingual(name: str) -> Callable[[Path], ModelFolder]:
    family = FAMILIES[name]

    def load(folder: Path) -> ModelFolder:
        spm = next((folder / n for n in SPM_NAMES if (folder / n).is_file()), None)
        if spm is None:
            raise ModelError(f"{folder}: no sentencepiece.bpe.model (copy it from the {name.upper()} model)")
        missing = [t for t in (*family.source_start, *family.target_start) if t not in _vocabulary(folder)]
        if missing:
            raise ModelError(
                f"{folder}: the vocabulary lacks {', '.join(missing)}, so it is not a French→English {name}"
            )
        return ModelFolder(
            folder, family, folder, spm, spm, folder.name, "", FROM, TO, family.target_start, hashed=_files(folder)
        )

    return load


LOADERS: dict[str, Callable[[Path], ModelFolder]] = {
    "argos": _argos,
    "marian": _marian,
    "nllb": _multilingual("nllb"),
    "m2m": _multilingual("m2m"),
}


def detect(folder: Path) -> str | None:
    """The family a folder's files say it is, or None."""
    if (folder / "metadata.json").is_file() and (folder / "model" / "model.bin").is_file():
        return "argos"
    if not (folder / "model.bin").is_file():
        return None
    vocabulary = _vocabulary(folder)
    for name in ("nllb", "m2m"):
        if set(FAMILIES[name].source_start) <= vocabulary:
            return name
    if (folder / "source.spm").is_file() or (folder / "target.spm").is_file():
        return "marian"
    return None


def open_folder(folder: str | Path, family: str = "auto") -> ModelFolder:
    """The model in `folder`, of the detected family or of `family`; one-line ModelError otherwise."""
    folder = Path(folder).expanduser().resolve()
    if family != "auto" and family not in FAMILIES:
        raise ModelError(f"unknown model family {family!r} (known: auto, {', '.join(FAMILIES)})")
    name = detect(folder) if family == "auto" else family
    if name is None:
        raise ModelError(f"{folder}: not a model folder; expected {expected()}")
    return LOADERS[name](folder)


def find_models(roots: list[Path], *, scanning: bool) -> tuple[list[ModelFolder], list[str]]:
    """The models at or directly inside each root, and one message per root that holds none.

    `scanning` (the packages folder): an empty or foreign root is not an error; broken entries
    inside a root are skipped either way."""
    found: list[ModelFolder] = []
    refused: list[str] = []
    for root in roots:
        try:
            if detect(root.resolve()) is not None:
                found.append(open_folder(root))
                continue
        except (ModelError, OSError, ValueError) as error:
            refused.append(str(error))
            continue
        inside = []
        for entry in sorted(root.iterdir()) if root.is_dir() else []:
            if entry.is_dir() and not entry.name.startswith("."):
                try:
                    if detect(entry.resolve()) is not None:
                        inside.append(open_folder(entry))
                except (ModelError, OSError, ValueError):
                    continue
        found += inside
        if not inside and not scanning:
            refused.append(f"{root}: not a model folder; expected {expected()}")
    return found, refused
