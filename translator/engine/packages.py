"""Argos translation packages: find the installed ones, open one by path, install, remove.

Packages live where argostranslate keeps them (`ARGOS_PACKAGES_DIR`, else argostranslate's
settings, else `~/.local/share/argos-translate/packages`), so a package installed with argospm or
for LibreTranslate is used as is. Nothing here imports argostranslate's translation code (which
would fetch Stanza or MiniSBD models from the internet).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from translator.engine.cache import cache_root
from translator.errors import ModelError

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
HASHED_FILES = ("metadata.json", *TOKENIZER_FILES)
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*")  # fr, en, zt, pt_BR, zh-Hant


@dataclass(frozen=True)
class ArgosPackage:
    """One unpacked argos package: metadata.json, model/ (CTranslate2) and a tokenizer model."""

    path: Path
    metadata: dict = field(hash=False, compare=False)

    @classmethod
    def load(cls, path: str | Path) -> ArgosPackage:
        """Open an unpacked package, or raise ModelError saying what is missing."""
        path = Path(path)
        metadata_file = path / "metadata.json"
        if not metadata_file.is_file():
            raise ModelError(f"{path}: not an argos package (no metadata.json)")
        try:
            metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"{metadata_file}: unreadable package metadata ({error})") from error
        if not isinstance(metadata, dict):
            raise ModelError(f"{metadata_file}: package metadata is not a JSON object")
        package = cls(path.resolve(), metadata)
        if not (path / "model" / "model.bin").is_file():
            raise ModelError(f"{path}: not a translation package (no model/model.bin)")
        if package.tokenizer_file is None:
            raise ModelError(f"{path}: package has no sentencepiece.model or bpe.model")
        for key in ("from_code", "to_code"):
            if not (isinstance(metadata.get(key), str) and LANGUAGE_CODE.fullmatch(metadata[key])):
                raise ModelError(f"{metadata_file}: {key} is not a language code (got {metadata.get(key)!r})")
        return package

    @property
    def from_code(self) -> str:
        return str(self.metadata.get("from_code", ""))

    @property
    def to_code(self) -> str:
        return str(self.metadata.get("to_code", ""))

    @property
    def version(self) -> str:
        return str(self.metadata.get("package_version", ""))

    @property
    def name(self) -> str:
        """The argospm name, e.g. `translate-fr_en`."""
        return f"{self.metadata.get('type', 'translate')}-{self.from_code}_{self.to_code}"

    @property
    def target_prefix(self) -> str:
        return str(self.metadata.get("target_prefix", "") or "")

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer_file(self) -> Path | None:
        for name in TOKENIZER_FILES:
            if (self.path / name).is_file():
                return self.path / name
        return None

    def size(self) -> int:
        return sum(item.stat().st_size for item in self.path.rglob("*") if item.is_file())

    def content_hash(self) -> str:
        """SHA-256 over the files that decide translations (metadata, model/, tokenizer)."""
        digest = hashlib.sha256()
        files = [self.path / name for name in HASHED_FILES if (self.path / name).is_file()]
        files += sorted(item for item in self.model_dir.rglob("*") if item.is_file())
        for item in files:
            digest.update(item.relative_to(self.path).as_posix().encode() + b"\0")
            _hash_file(digest, item)
        return digest.hexdigest()


def packages_dir() -> Path:
    """Where packages are installed: ARGOS_PACKAGES_DIR, else argostranslate's setting."""
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    from argostranslate import settings  # reads settings.json; imports no model code

    return Path(settings.package_data_dir)


def installed_packages() -> list[ArgosPackage]:
    """Every valid package in the packages folder (broken folders are skipped)."""
    root = packages_dir()
    if not root.is_dir():
        return []
    found = []
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.name.startswith("."):
            try:
                found.append(ArgosPackage.load(entry))
            except ModelError:
                continue
    return found


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.replace("-", ".").split("."))


def find_installed(from_code: str = "fr", to_code: str = "en") -> ArgosPackage | None:
    """The installed package for a language pair (the highest version when several are)."""
    matching = [p for p in installed_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    return max(matching, key=lambda p: _version_key(p.version), default=None)


def _extract(archive: Path, destination_parent: Path) -> tuple[Path, Path]:
    """Unzip an .argosmodel safely into a staging folder under destination_parent.

    Returns (staging folder, package folder inside it); the caller removes the staging folder."""
    if not zipfile.is_zipfile(archive):
        raise ModelError(f"{archive}: not an .argosmodel file (not a zip archive)")
    destination_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=destination_parent))
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                if not (staging / member).resolve().is_relative_to(staging.resolve()):
                    raise ModelError(f"{archive}: unsafe path in archive: {member}")
            bundle.extractall(staging)
        if (staging / "metadata.json").is_file():
            return staging, staging
        folders = [entry for entry in staging.iterdir() if entry.is_dir()]
        if len(folders) != 1 or not (folders[0] / "metadata.json").is_file():
            raise ModelError(f"{archive}: not an argos package (no metadata.json in one top-level folder)")
        return staging, folders[0]
    except (zipfile.BadZipFile, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelError(f"{archive}: cannot unpack ({error})") from error
    except ModelError:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _move_into_place(staging: Path, unpacked: Path, destination: Path, *, replace: bool) -> ArgosPackage:
    """Validate an unpacked package and move it to destination.

    An existing destination is replaced when `replace`, else kept (another process unpacked
    the same archive first, and may be using it)."""
    try:
        ArgosPackage.load(unpacked)
        if destination.exists() and replace:
            retired = destination.with_name(f".removing-{destination.name}-{os.getpid()}")
            destination.rename(retired)
            shutil.rmtree(retired, ignore_errors=True)
        try:
            unpacked.rename(destination)
        except OSError:
            if replace or not destination.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ArgosPackage.load(destination)


def _hash_file(digest: hashlib._Hash, path: Path) -> None:
    """Feed a file to `digest` a megabyte at a time (model files are tens of megabytes)."""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)


def open_model(model: str | Path) -> ArgosPackage:
    """A package given by path: an unpacked folder, or a .argosmodel file (unpacked once into the cache)."""
    path = Path(model).expanduser()
    if path.is_dir():
        return ArgosPackage.load(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model (give a model folder, argos or CTranslate2, or a .argosmodel file)")
    digest = hashlib.sha256()
    _hash_file(digest, path)
    destination = cache_root() / "models" / digest.hexdigest()[:24]
    if destination.is_dir():
        try:
            return ArgosPackage.load(destination)
        except ModelError:
            shutil.rmtree(destination, ignore_errors=True)
    staging, unpacked = _extract(path, destination.parent)
    return _move_into_place(staging, unpacked, destination, replace=False)


def install_from_file(archive: str | Path) -> ArgosPackage:
    """Install a .argosmodel file into the packages folder (as argospm would); returns it."""
    archive = Path(archive).expanduser()
    if not archive.is_file():
        raise ModelError(f"{archive}: no such file")
    root = packages_dir()
    staging, unpacked = _extract(archive, root)
    try:
        _check_loads(ArgosPackage.load(unpacked), archive)
    except ModelError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    name = archive.stem if unpacked == staging else unpacked.name
    return _move_into_place(staging, unpacked, root / name, replace=True)


class Removal(NamedTuple):
    """What `remove_package` removed: the package, the entry in the packages folder, and whether
    that entry was a symbolic link (then only the link went; the folder it points to is kept)."""

    package: ArgosPackage
    entry: Path
    link: bool


def _check_loads(package: ArgosPackage, archive: Path) -> None:
    """Open the model with CTranslate2 as the engine does (CPU, one thread), so a package whose
    model.bin is damaged is refused before it replaces a working one."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(package.model_dir), device="cpu", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        raise ModelError(f"{archive}: cannot load the model ({error}); nothing was installed") from error


def remove_package(name_or_path: str) -> Removal:
    """Remove an installed package, named by argospm name (translate-fr_en), folder name or path.

    Only the entry in the packages folder goes: a symbolic link is unlinked, never followed,
    so a folder elsewhere that a link points to is never deleted."""
    root = packages_dir()
    entries = sorted(root.iterdir()) if root.is_dir() else []
    names = set()
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            package = ArgosPackage.load(entry)
        except ModelError:
            continue
        names.add(package.name)
        if name_or_path in (package.name, entry.name, str(entry), str(package.path)):
            if entry.is_symlink():
                entry.unlink()
                return Removal(package, entry, link=True)
            shutil.rmtree(entry)
            return Removal(package, entry, link=False)
    raise ModelError(f"no installed package named {name_or_path!r} (installed: {', '.join(sorted(names)) or 'none'})")


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    return base.rstrip("/") + "/index.json" if base else DEFAULT_INDEX


def how_to_install(from_code: str = "fr", to_code: str = "en") -> str:
    """The exact steps to install a package without internet on this machine."""
    return (
        f"on a machine with internet, download translate-{from_code}_{to_code} (.argosmodel; the links are in "
        f"{index_url()}), copy it here and run `translator models install FILE.argosmodel`, "
        "or pass `--model PATH` (an unpacked package folder or a .argosmodel file)"
    )


def _fetch(url: str, timeout: float = 30.0):
    try:
        return urllib.request.urlopen(url, timeout=timeout)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ModelError(f"cannot reach {url} ({reason})") from error


def available_packages() -> list[dict]:
    """The package index (metadata dicts); raises ModelError when it cannot be fetched."""
    with _fetch(index_url()) as response:
        try:
            index = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"{index_url()}: unreadable package index ({error})") from error
    return [entry for entry in index if isinstance(entry, dict)]


def install_from_index(
    from_code: str = "fr", to_code: str = "en", *, progress: Callable[[int, int | None], None] | None = None
) -> ArgosPackage:
    """Download and install the newest index package for a language pair.

    `progress(bytes_done, bytes_total)` is called while downloading. Raises ModelError with the
    install-from-file steps when the index or the download cannot be reached."""
    try:
        candidates = [
            entry
            for entry in available_packages()
            if (entry.get("from_code"), entry.get("to_code")) == (from_code, to_code)
            and entry.get("type", "translate") == "translate"
        ]
        if not candidates:
            raise ModelError(f"the package index has no {from_code}→{to_code} translation package")
        chosen = max(candidates, key=lambda entry: _version_key(str(entry.get("package_version", ""))))
        archive = _download(chosen.get("links") or [], progress)
        try:
            return install_from_file(archive)
        finally:
            archive.unlink(missing_ok=True)
    except ModelError as error:
        raise ModelError(f"{error}; to install without internet: {how_to_install(from_code, to_code)}") from error


def _download(links: list[str], progress: Callable[[int, int | None], None] | None) -> Path:
    downloads = cache_root() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    failures = []
    for link in links:
        try:
            with _fetch(link, timeout=60.0) as response:
                total = response.headers.get("Content-Length")
                total = int(total) if total and total.isdigit() else None
                handle, name = tempfile.mkstemp(suffix=".argosmodel", dir=downloads)
                done = 0
                with os.fdopen(handle, "wb") as output:
                    for block in iter(lambda: response.read(1 << 16), b""):
                        output.write(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
                return Path(name)
        except (ModelError, OSError) as error:
            failures.append(str(error))
    raise ModelError("download failed: " + ("; ".join(failures) or "the index lists no download link"))


def resolve_package(
    model: str | Path | None = None,
    *,
    offline: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ArgosPackage:
    """The package to translate with: `model` if given, else the installed French→English one,
    else (unless offline) one installed from the index now, announced through `notice`."""
    if model is not None:
        return open_model(model)
    installed = find_installed("fr", "en")
    if installed is not None:
        return installed
    if offline:
        raise ModelError(f"no French→English translation package is installed (--offline); {how_to_install()}")
    if notice:
        notice(f"No French→English package installed: installing translate-fr_en from {index_url()}")
    return install_from_index("fr", "en", progress=progress)
