"""The offline translation engine: argos packages, batched CTranslate2, translation memory.

    from translator.engine import load_engine
    engine = load_engine()                       # installed fr→en package (installs it if online)
    engine.translate(["Bonjour le monde."])      # -> [Translation("Hello world.", cached=False)]

Stages use an engine only through `TranslationEngine` (translator/engine/protocol.py); the backend
that implements it is chosen by name (`EngineOptions.backend`, translator/engine/backends.py).

Importing this package is cheap: CTranslate2 and SentencePiece load with the first engine.
"""

from __future__ import annotations

import sqlite3
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.engine.options import EngineOptions
from translator.engine.packages import ArgosPackage, resolve_package
from translator.engine.protocol import Translation, TranslationEngine

if TYPE_CHECKING:
    from translator.engine.cache import TranslationMemory

__all__ = ["ArgosPackage", "EngineOptions", "Translation", "TranslationEngine", "load_engine"]


def _notice(message: str) -> None:
    print(message, file=sys.stderr)


def download_bar() -> Callable[[int, int | None], None]:
    """A progress callback drawing a rich bar on stderr (created on the first update)."""
    bar: dict[str, Any] = {}

    def update(done: int, total: int | None) -> None:
        if not bar:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

            progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.update(progress=progress, task=progress.add_task("downloading translate-fr_en", total=total))
            progress.start()
        bar["progress"].update(bar["task"], completed=done, total=total)
        if total is not None and done >= total:
            bar["progress"].stop()

    return update


def load_engine(
    model: str | Path | None = None,
    *,
    offline: bool = False,
    options: EngineOptions | dict[str, Any] | None = None,
    cache: TranslationMemory | str | Path | bool | None = True,
    notice: Callable[[str], None] | None = _notice,
) -> TranslationEngine:
    """An engine of the configured backend (CTranslate2 by default) on `model` (an unpacked argos
    package, a .argosmodel file, or a CTranslate2 folder of a Marian, NLLB or M2M-100 model) or the
    installed French→English package, installing it from the argos index on first use unless `offline`.
    The family is detected from the folder unless `options.family` names it.

    `options`: EngineOptions or a dict of its fields. `cache`: True/None for the default
    translation memory, False for none, a path or a TranslationMemory for that one.
    Raises ModelError (one line, with install-from-file steps) when no package can be had."""
    from translator.engine.backends import backend_class
    from translator.engine.cache import TranslationMemory
    from translator.engine.families import open_folder

    options = EngineOptions.from_value(options)
    backend = backend_class(options.backend)  # an unknown name fails before any download
    if model is not None and Path(model).expanduser().is_dir():
        folder = open_folder(model, options.family)
    else:
        progress = download_bar() if notice else None
        folder = open_folder(
            resolve_package(model, offline=offline, notice=notice, progress=progress).path, options.family
        )
    memory = None
    if isinstance(cache, TranslationMemory):
        memory = cache
    elif cache is not False:
        try:
            memory = TranslationMemory(None if cache in (True, None) else cache)
        except (OSError, sqlite3.Error) as error:  # a cache we cannot open must not stop translation
            warnings.warn(f"translation memory unavailable ({error}); translating without it", stacklevel=2)
    return backend(folder, options, memory)
