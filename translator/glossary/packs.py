"""Glossary packs: named glossary files shipped with the package, added to a run on request.

A pack is an ordinary glossary file: `politics-fr`, `justice-fr`, `economy-fr`, `society-fr`
live in the `packs/` folder of the shipped glossaries, and the shipped default files
(`tech-business`, `do-not-translate`) are packs too. The folder is `glossaries/` of the source
checkout the package runs from, else the copy installed as package data (kept identical by a
test), as for the default glossary; `$TRANSLATOR_GLOSSARY_DIR` moves the default set only.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from translator.errors import GlossaryError
from translator.glossary.load import PACKAGED, checkout_dir

PACKS_FOLDER = "packs"


def shipped_dir() -> Path:
    """The shipped glossaries: the checkout's `glossaries/` if running from one, else the package's copy."""
    return checkout_dir() or Path(str(PACKAGED))


def available_packs() -> dict[str, Path]:
    """Every pack name and its file, in name order."""
    folder = shipped_dir()
    files = [*folder.glob("*.tsv"), *(folder / PACKS_FOLDER).glob("*.tsv")]
    return {path.stem: path for path in sorted(files, key=lambda path: path.stem)}


def pack_paths(names: tuple[str, ...] | list[str]) -> list[Path]:
    """The files of the named packs, in the order given; an unknown name is a one-line GlossaryError."""
    packs = available_packs()
    paths = []
    for name in names:
        if name not in packs:
            close = difflib.get_close_matches(name, list(packs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise GlossaryError(f"unknown glossary pack {name!r}{hint}; available: {', '.join(packs)}")
        paths.append(packs[name])
    return paths
