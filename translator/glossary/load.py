"""Finding and loading the glossaries of a run, with their precedence.

The project default glossary is every `*.tsv` in the default folder, in name order. That
folder is, first, `$TRANSLATOR_GLOSSARY_DIR` if set; else `glossaries/` at the root of the
source checkout the package runs from (so an editable install uses the files you edit);
else the copy shipped inside the package (`translator/data/glossaries/`, installed as
package data and kept identical to `glossaries/` by a test). Packs the user asks for
(`translator.glossary.packs`) come next, then user glossaries, in the order given: the later
file wins where two define the same term.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from translator.document import Article, Segment
from translator.errors import GlossaryError
from translator.glossary import tsv
from translator.glossary.check import check_files
from translator.glossary.matcher import Glossary

ENV_DIR = "TRANSLATOR_GLOSSARY_DIR"
PACKAGED = files("translator") / "data" / "glossaries"


def checkout_dir() -> Path | None:
    """`glossaries/` of the source checkout the package runs from, if it runs from one."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "glossaries").is_dir():
        return checkout / "glossaries"
    return None


def default_dir() -> Path:
    """The folder holding the project default glossary (see the module docstring for the order)."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    return checkout_dir() or Path(str(PACKAGED))


def default_paths() -> list[Path]:
    return sorted(default_dir().glob("*.tsv"))


def load_glossaries(
    paths: tuple[str | Path, ...] | list[str | Path] = (),
    use_default: bool = True,
    packs: tuple[str, ...] | list[str] = (),
) -> Glossary:
    """The effective glossary: the default files (unless disabled), the named packs, then `paths`; later wins.

    A file with any problem (see `translator glossary check`) is refused with a one-line
    GlossaryError naming the first problems, so a run never starts on a broken glossary; so is
    an unknown pack name (with the closest name and the list).
    """
    from translator.glossary.packs import pack_paths

    defaults = default_paths() if use_default else []
    chosen = [*defaults, *(path for path in pack_paths(packs) if path not in defaults), *(Path(p) for p in paths)]
    documents = [tsv.read(path) for path in chosen]
    problems = check_files(documents)
    if problems:
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = f" (and {len(problems) - 3} more; run `translator glossary check`)" if len(problems) > 3 else ""
        raise GlossaryError(f"invalid glossary: {shown}{more}")
    entries = [entry for document in documents for entry in document.entries]
    return Glossary(entries, sources=[str(path) for path in chosen])


def annotate(article: Article, glossary: Glossary) -> None:
    """Record on every segment the glossary entries its French contains."""
    annotate_segments(article.segments(), glossary)


def annotate_segments(segments: list[Segment], glossary: Glossary) -> None:
    """`annotate` for segments that belong to no article (`translator translate` on text lines)."""
    for segment in segments:
        segment.glossary = glossary.find(segment.source)
