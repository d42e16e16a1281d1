"""Corrections to and from TMX 1.4, the translation-memory exchange format CAT tools read.

Each correction is one `<tu>`: the French and English `<tuv>`s and the settings key in a
`<prop type="x-translator-key">`, so an import puts it back under the same settings. A TMX
from another tool has no key: the importer is told which one to use.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

from translator import __version__
from translator.errors import InputError
from translator.fileio import atomic_write_bytes
from translator.review.corrections import Correction, CorrectionStore, correction_problem, without_controls

KEY_PROP = "x-translator-key"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export_tmx(store: CorrectionStore, path: str | Path, key: str | None = None) -> int:
    """Write every correction (or those under `key`) to a TMX file, atomically; returns how many."""
    corrections = store.all(key)
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        creationtool="translator",
        creationtoolversion=__version__,
        segtype="sentence",
        adminlang="en",
        srclang="fr",
        datatype="plaintext",
        **{"o-tmf": "translator-corrections"},
    )
    body = ET.SubElement(root, "body")
    for correction in corrections:
        unit = ET.SubElement(body, "tu", changedate=time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(correction.updated)))
        ET.SubElement(unit, "prop", type=KEY_PROP).text = without_controls(correction.key)
        for lang, text in (("fr", correction.source), ("en", correction.target)):
            variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
            # Corrections stored before they were checked may hold control characters ElementTree
            # would write as is, making a file no XML reader (our import included) accepts.
            ET.SubElement(variant, "seg").text = without_controls(text)
    ET.indent(root)
    atomic_write_bytes(path, ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
    return len(corrections)


def read_tmx(path: str | Path, key: str | None = None) -> list[Correction]:
    """The French → English units of a TMX file; a unit without a key takes `key`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from error
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise InputError(f"{path}: a TMX with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise InputError(f"{path}: not a TMX file ({error})") from error
    if root.tag != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{root.tag}>)")
    units = []
    for number, unit in enumerate(root.iter("tu"), 1):
        texts = {}
        for variant in unit.iter("tuv"):
            lang = (variant.get(XML_LANG) or variant.get("lang") or "").lower().split("-")[0]
            seg = variant.find("seg")
            if seg is not None:
                texts[lang] = "".join(seg.itertext())
        unit_key = next((p.text for p in unit.iter("prop") if p.get("type") == KEY_PROP and p.text), None) or key
        if not texts.get("fr", "").strip() or not texts.get("en", "").strip():
            raise InputError(f"{path}: translation unit {number} lacks French or English text")
        if not unit_key:
            raise InputError(f"{path}: translation unit {number} has no settings key; give one with --key")
        if problem := correction_problem(texts["fr"], texts["en"]):
            raise InputError(f"{path}: translation unit {number}: {problem}")
        units.append(Correction(unit_key, texts["fr"], texts["en"], 0, 0.0))
    return units


def import_tmx(store: CorrectionStore, path: str | Path, key: str | None = None) -> tuple[int, int]:
    """Add a TMX file's units to the store; returns (stored, already identical)."""
    stored = same = 0
    for unit in read_tmx(path, key):
        existing = store.get(unit.key, [unit.source]).get(unit.source)
        if existing is not None and existing.target == unit.target:
            same += 1
            continue
        store.put(unit.key, unit.source, unit.target)
        stored += 1
    return stored, same
