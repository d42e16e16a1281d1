"""CSV and TBX import and export of glossary entries.

CSV uses the TSV's columns (`fr,en,flags,note,left,right`; a header naming at least fr and en).
TBX is read in both the 2008 form (martif / termEntry / langSet / tig) and TBX v3 (tbx /
conceptEntry / langSec / termSec): per concept, the French terms each get the English term whose
administrative status is preferred or admitted (the first one if none is marked), English terms
marked deprecated, superseded or forbidden become forbidden renderings, an English term equal
to the French makes a keep entry. Export writes TBX v3 in the TBX-Basic dialect (DCA style,
ISO 30042:2019) that this reader reads back: statuses are `preferredTerm-admn-sts` and
`deprecatedTerm-admn-sts`, and our flags and context patterns travel as `translator-…:` notes
on the French term, since TBX-Basic allows no data category of our own.

Tabs and line breaks inside imported cells (CSV quoting, XML layout) are folded into single
spaces: a cell can never add a row or a column to the TSV.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from translator.errors import GlossaryError
from translator.fileio import atomic_write_text
from translator.glossary.model import COLUMNS, CONTEXT_COLUMNS, FORBID, KEEP, TERM, Entry
from translator.glossary.tsv import entry_cells, entry_from_cells, one_line, read_bytes, read_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
BAD_STATUSES = ("deprecated", "superseded", "forbidden", "notrecommended")
STATUS = {TERM: "preferredTerm-admn-sts", KEEP: "preferredTerm-admn-sts", FORBID: "deprecatedTerm-admn-sts"}
LEGACY_FLAGS_NOTE = "x-translator-flags"  # termNote type written by exports before TBX v3
NOTE_PREFIX = "translator-"  # our fields as notes: "translator-flags: keep", "translator-left: à"
OUR_FIELDS = ("flags", *CONTEXT_COLUMNS)


def format_of(path: str | Path, given: str | None = None) -> str:
    name = given or Path(path).suffix.lstrip(".").lower()
    if name not in ("tsv", "csv", "tbx"):
        raise GlossaryError(f"unknown glossary format {name!r} for {path} (use tsv, csv or tbx)")
    return name


def read_csv(path: str | Path) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(read_text(path, "utf-8-sig"), newline=""))
    try:
        fields = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise GlossaryError(f"cannot read CSV glossary {path}: {error}") from error
    if "fr" not in fields or "en" not in fields:
        raise GlossaryError(f"CSV glossary {path} needs a header with fr and en columns")
    entries = []
    try:
        for row in reader:
            cells = {key.strip().lower(): one_line(value or "") for key, value in row.items() if isinstance(key, str)}
            entry, unknown = entry_from_cells(cells, str(path), reader.line_num)
            if unknown:
                raise GlossaryError(f"{path}:{reader.line_num}: unknown flag {unknown[0]!r}")
            entries.append(entry)
    except csv.Error as error:
        raise GlossaryError(f"cannot read CSV glossary {path}: line {reader.line_num}: {error}") from error
    return entries


def write_csv(entries: list[Entry], path: str | Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(entry_cells(entry).values())
    atomic_write_text(path, buffer.getvalue(), through_symlink=True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, *names: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) in names]


def _language(element: ElementTree.Element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").lower().split("-")[0]


def _text(element: ElementTree.Element) -> str:
    return one_line("".join(element.itertext()).strip())


def _ours(text: str) -> tuple[str, str] | None:
    """(field, value) for one of our `translator-FIELD: value` notes."""
    name, colon, value = text.partition(":")
    field = name.removeprefix(NOTE_PREFIX)
    if colon and name.startswith(NOTE_PREFIX) and field in OUR_FIELDS:
        return field, value.strip()
    return None


def _note(element: ElementTree.Element) -> str:
    """The element's own notes and definitions (not those of its descendants), ours left out."""
    notes = [
        _text(child)
        for child in element
        if _local(child.tag) == "note" or (_local(child.tag) == "descrip" and child.get("type") == "definition")
    ]
    return " ".join(n for n in notes if n and _ours(n) is None)


def _status(text: str) -> str:
    """'preferredTerm-admn-sts' (TBX v3), 'preferredTerm-admn' (2008), 'preferred' -> 'preferred'."""
    return text.lower().removesuffix("-sts").removesuffix("-admn").removesuffix("term")


def _terms(lang_set: ElementTree.Element) -> list[tuple[str, str, dict[str, str] | None, str]]:
    """(term, administrative status, our fields if written by us, note) for each term of a language section."""
    found = []
    for holder in _children(lang_set, "tig", "ntig", "termSec"):
        term_element = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
        if term_element is None or not _text(term_element):
            continue
        status, ours = "", None
        for note in holder.iter():
            kind = note.get("type", "")
            if _local(note.tag) in ("termNote", "descrip", "admin") and kind in (
                "administrativeStatus",
                "normativeAuthorization",
            ):
                status = _status(_text(note))
            elif kind == LEGACY_FLAGS_NOTE:
                ours = {**(ours or {}), "flags": _text(note)}
            elif _local(note.tag) == "note" and (field := _ours(_text(note))):
                ours = {**(ours or {}), field[0]: field[1]}
        found.append((_text(term_element), status, ours, _note(holder)))
    return found


def read_tbx(path: str | Path) -> list[Entry]:
    try:
        root = ElementTree.fromstring(read_bytes(path))
    except ElementTree.ParseError as error:
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
        for fr, _, ours, _ in french:
            fields = dict(ours or {})
            if preferred:
                en, _, _, note = preferred[0]
                if ours is None:  # not written by us: a rendering equal to the French means keep it
                    fields["flags"] = "keep" if en == fr else ""
                cells = {**fields, "fr": fr, "en": en, "note": note or concept_note}
                entries.append(entry_from_cells(cells, str(path), 0)[0])
            for en, status, _, note in english:
                if status.startswith(BAD_STATUSES):
                    flags = ",".join(filter(None, ["forbid", _modifiers(fields.get("flags", ""))]))
                    cells = {**fields, "flags": flags, "fr": fr, "en": en, "note": note or concept_note}
                    entries.append(entry_from_cells(cells, str(path), 0)[0])
    return entries


def _modifiers(flags: str) -> str:
    return ",".join(f for f in flags.split(",") if f.strip() and f.strip() not in ("keep", "forbid"))


def _element(parent: ElementTree.Element, name: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{name}", attributes)
    element.text = text
    return element


def write_tbx(entries: list[Entry], path: str | Path) -> None:
    """TBX-Basic (TBX v3, DCA style): one conceptEntry per French term and context, with its
    required rendering and its forbidden ones, each with its note."""
    ElementTree.register_namespace("", TBX_NAMESPACE)
    root = ElementTree.Element(f"{{{TBX_NAMESPACE}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "fr"})
    source = _element(_element(_element(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    _element(source, "p", f"French-English glossary exported by translator from {Path(path).stem}")
    body = _element(_element(root, "text"), "body")
    concepts: dict[tuple[str, frozenset[str], str, str], list[Entry]] = {}
    for entry in entries:
        concepts.setdefault((entry.fr, entry.modifiers, entry.left, entry.right), []).append(entry)
    for number, ((fr, modifiers, left, right), group) in enumerate(concepts.items(), start=1):
        concept = _element(body, "conceptEntry", id=f"c{number}")
        french = _element(_element(concept, "langSec", **{XML_LANG: "fr"}), "termSec")
        _element(french, "term", fr)
        kind = KEEP if any(entry.kind == KEEP for entry in group) else TERM
        fields = {"flags": ",".join(Entry(fr, kind=kind, modifiers=modifiers).flags), "left": left, "right": right}
        for field, value in fields.items():
            if value or field == "flags":
                _element(french, "note", f"{NOTE_PREFIX}{field}: {value}".rstrip())
        english = _element(concept, "langSec", **{XML_LANG: "en"})
        for entry in sorted(group, key=lambda e: e.kind == FORBID):
            term_section = _element(english, "termSec")
            _element(term_section, "term", entry.fr if entry.kind == KEEP else entry.en)
            _element(term_section, "termNote", STATUS[entry.kind], type="administrativeStatus")
            if entry.note:
                _element(term_section, "note", entry.note)
    if not concepts:
        raise GlossaryError(f"nothing to export to {path}: TBX needs at least one entry")
    ElementTree.indent(root)
    text = ElementTree.tostring(root, encoding="unicode", xml_declaration=False)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", through_symlink=True)
