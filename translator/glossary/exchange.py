"""CSV and TBX import and export of glossary entries.

CSV uses the TSV's columns (`fr,en,flags,note`, header required). TBX is read in both the
2008 form (martif / termEntry / langSet / tig) and TBX v3 (tbx / conceptEntry / langSec /
termSec): per concept, the French terms each get the English term whose administrative
status is preferred or admitted (the first one if none is marked), English terms marked
deprecated, superseded or forbidden become forbidden renderings, an English term equal to
the French makes a keep entry. Export writes TBX 2008 (TBX-Basic) that this reader reads back.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from translator.errors import GlossaryError
from translator.fileio import atomic_write_text
from translator.glossary.model import COLUMNS, FORBID, KEEP, TERM, Entry
from translator.glossary.tsv import entry_from_cells

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BAD_STATUSES = ("deprecated", "superseded", "forbidden", "notrecommended")
FLAGS_NOTE = "x-translator-flags"


def format_of(path: str | Path, given: str | None = None) -> str:
    name = given or Path(path).suffix.lstrip(".").lower()
    if name not in ("tsv", "csv", "tbx"):
        raise GlossaryError(f"unknown glossary format {name!r} for {path} (use tsv, csv or tbx)")
    return name


def read_csv(path: str | Path) -> list[Entry]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(f"cannot read CSV glossary {path}: {error}") from error
    reader = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "fr" not in fields or "en" not in fields:
        raise GlossaryError(f"CSV glossary {path} needs a header with fr and en columns")
    entries = []
    for number, row in enumerate(reader, start=2):
        cells = {key.strip().lower(): (value or "") for key, value in row.items() if key}
        entry, unknown = entry_from_cells(cells, str(path), number)
        if unknown:
            raise GlossaryError(f"{path}:{number}: unknown flag {unknown[0]!r}")
        entries.append(entry)
    return entries


def write_csv(entries: list[Entry], path: str | Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([entry.fr, entry.en, ",".join(entry.flags), entry.note])
    atomic_write_text(path, buffer.getvalue())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, *names: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) in names]


def _language(element: ElementTree.Element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").lower().split("-")[0]


def _text(element: ElementTree.Element) -> str:
    return "".join(element.itertext()).strip()


def _note(element: ElementTree.Element) -> str:
    """The element's own notes and definitions (not those of its descendants)."""
    notes = [
        _text(child)
        for child in element
        if _local(child.tag) == "note" or (_local(child.tag) == "descrip" and child.get("type") == "definition")
    ]
    return " ".join(n for n in notes if n)


def _terms(lang_set: ElementTree.Element) -> list[tuple[str, str, str | None, str]]:
    """(term, administrative status, our flags note if any, note) for each term of a language section."""
    found = []
    for holder in _children(lang_set, "tig", "ntig", "termSec"):
        term_element = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
        if term_element is None or not _text(term_element):
            continue
        status, flags = "", None
        for note in holder.iter():
            kind = note.get("type", "")
            if _local(note.tag) in ("termNote", "descrip", "admin") and kind in (
                "administrativeStatus",
                "normativeAuthorization",
            ):
                status = _text(note).lower().replace("-admn", "").replace("term", "")
            elif kind == FLAGS_NOTE:
                flags = _text(note)
        found.append((_text(term_element), status, flags, _note(holder)))
    return found


def read_tbx(path: str | Path) -> list[Entry]:
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise GlossaryError(f"cannot read TBX glossary {path}: {error}") from error
    entries = []
    concepts = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    for concept in concepts:
        concept_note = _note(concept)
        french, english = [], []
        for lang_set in _children(concept, "langSet", "langSec"):
            language = _language(lang_set)
            if language == "fr":
                french.extend(t for t in _terms(lang_set) if not t[1].startswith(BAD_STATUSES))
            elif language == "en":
                english.extend(_terms(lang_set))
        good = [t for t in english if not t[1].startswith(BAD_STATUSES)]
        preferred = [t for t in good if t[1].startswith(("preferred", "admitted"))] or good
        for fr, _, flags, _ in french:
            if preferred:
                en, _, _, note = preferred[0]
                if flags is None:  # not written by us: a rendering equal to the French means keep it
                    flags = "keep" if en == fr else ""
                cells = {"fr": fr, "en": en, "flags": flags, "note": note or concept_note}
                entries.append(entry_from_cells(cells, str(path), 0)[0])
            for en, status, _, note in english:
                if status.startswith(BAD_STATUSES):
                    flags_cell = ",".join(filter(None, ["forbid", _modifiers(flags or "")]))
                    cells = {"fr": fr, "en": en, "flags": flags_cell, "note": note or concept_note}
                    entries.append(entry_from_cells(cells, str(path), 0)[0])
    return entries


def _modifiers(flags: str) -> str:
    return ",".join(f for f in flags.split(",") if f.strip() and f.strip() not in ("keep", "forbid"))


def write_tbx(entries: list[Entry], path: str | Path) -> None:
    """One termEntry per French term: its required rendering and its forbidden ones, each with its note."""
    martif = ElementTree.Element("martif", {"type": "TBX-Basic", XML_LANG: "fr"})
    body = ElementTree.SubElement(ElementTree.SubElement(martif, "text"), "body")
    concepts: dict[tuple[str, frozenset[str]], list[Entry]] = {}
    for entry in entries:
        concepts.setdefault((entry.fr, entry.modifiers), []).append(entry)
    for number, ((fr, modifiers), group) in enumerate(concepts.items(), start=1):
        concept = ElementTree.SubElement(body, "termEntry", {"id": f"c{number}"})
        french = ElementTree.SubElement(ElementTree.SubElement(concept, "langSet", {XML_LANG: "fr"}), "tig")
        ElementTree.SubElement(french, "term").text = fr
        kind = KEEP if any(entry.kind == KEEP for entry in group) else TERM
        flags = ",".join(Entry(fr, kind=kind, modifiers=modifiers).flags)
        ElementTree.SubElement(french, "termNote", {"type": FLAGS_NOTE}).text = flags
        english = ElementTree.SubElement(concept, "langSet", {XML_LANG: "en"})
        for entry in sorted(group, key=lambda e: e.kind == FORBID):
            tig = ElementTree.SubElement(english, "tig")
            ElementTree.SubElement(tig, "term").text = entry.fr if entry.kind == KEEP else entry.en
            status = {TERM: "preferredTerm-admn", KEEP: "preferredTerm-admn", FORBID: "deprecatedTerm-admn"}
            ElementTree.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status[entry.kind]
            if entry.note:
                ElementTree.SubElement(tig, "note").text = entry.note
    ElementTree.indent(martif)
    text = ElementTree.tostring(martif, encoding="unicode", xml_declaration=False)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n")
