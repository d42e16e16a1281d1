"""User glossaries: the file format, the matcher, validation, editing, and loading a run's set.

`load_glossaries(paths, use_default, packs)` gives the run's `Glossary` (the shipped packs are
listed by `translator.glossary.packs.available_packs`); `Glossary.find(text)` lists the entries
found in French text; `annotate(article, glossary)` records them on every segment. Enforcement
in the English lives in `translator.glossary.enforce`.
"""

from translator.glossary.load import annotate, default_dir, default_paths, load_glossaries
from translator.glossary.matcher import Glossary
from translator.glossary.model import Entry, Problem

__all__ = ["Entry", "Glossary", "Problem", "annotate", "default_dir", "default_paths", "load_glossaries"]
