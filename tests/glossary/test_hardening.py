"""Hostile glossary files and cells (issue 11, items 6, 9, 20, 22): each attack gets one line, never a traceback,
a smuggled row or a broken file."""

import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from translator.cli import main
from translator.errors import GlossaryError
from translator.glossary import edit, load_glossaries, tsv
from translator.glossary.check import check_files
from translator.glossary.exchange import read_tbx, write_tbx
from translator.glossary.model import Entry

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
ORIGINAL = "fr\ten\tflags\tnote\nPDG\tCEO\t\trole\n"


def run(*args: str):
    return CliRunner().invoke(main, ["glossary", *args])


@pytest.fixture
def team(tmp_path) -> Path:
    path = tmp_path / "team.tsv"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


# --- item 9: cells that would add rows or columns ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["IA", "AI", "--note", "x\nlicorne\tpony"],
        ["IA", "AI", "--note", "tab\there"],
        ["I\nA", "AI"],
        ["IA", "A\tI"],
        ["IA", "AI", "--note", "line\u2028separator"],
        ["IA", "AI", "--note", "carriage\rreturn"],
    ],
)
def test_add_refuses_tabs_and_line_breaks(team, args):
    result = run("add", str(team), *args)
    assert result.exit_code == 1
    assert "tab or a line break" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert team.read_text(encoding="utf-8") == ORIGINAL


def test_add_refuses_an_empty_english_side_unless_keep(tmp_path, team):
    missing = tmp_path / "my.tsv"
    result = run("add", str(missing), "x")
    assert result.exit_code == 1
    assert "needs an English rendering" in result.output
    assert not missing.exists()
    assert run("add", str(team), "x", "  ").exit_code == 1
    assert team.read_text(encoding="utf-8") == ORIGINAL
    assert run("add", str(team), "Orange", "--keep").exit_code == 0
    assert load_glossaries([team], use_default=False).lookup("Orange").kind == "keep"


def test_python_edits_cannot_write_a_smuggled_row(team):
    with pytest.raises(GlossaryError, match="tab or a line break"):
        edit.add(team, Entry("IA", "AI", note="ok\nlicorne\tpony"))
    assert team.read_text(encoding="utf-8") == ORIGINAL


def test_csv_import_folds_a_note_that_carries_a_row(tmp_path, team):
    source = tmp_path / "in.csv"
    source.write_text('fr,en,flags,note\nIA,AI,,"harmless\nlicorne\tpony\tkeep"\n', encoding="utf-8")
    result = run("import", str(source), str(team))
    assert result.exit_code == 0, result.output
    entries = tsv.read(team).entries
    assert [(e.fr, e.en) for e in entries] == [("PDG", "CEO"), ("IA", "AI")]
    assert entries[-1].note == "harmless licorne pony keep"
    assert check_files([tsv.read(team)]) == []
    assert len(team.read_text(encoding="utf-8").splitlines()) == 3


def test_tbx_import_folds_multi_line_terms_and_notes(tmp_path, team):
    source = tmp_path / "in.tbx"
    source.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="fr"><text><body>
 <conceptEntry id="c1">
  <langSec xml:lang="fr"><termSec><term>garde
   à vue</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>police	custody</term>
   <note>first line
licorne\tpony\tkeep</note></termSec></langSec>
 </conceptEntry>
</body></text></tbx>""",
        encoding="utf-8",
    )
    assert run("import", str(source), str(team)).exit_code == 0
    entry = tsv.read(team).entries[-1]
    assert (entry.fr, entry.en, entry.note) == ("garde à vue", "police custody", "first line licorne pony keep")
    assert len(tsv.read(team).entries) == 2


def test_check_reports_line_and_paragraph_separators(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\tflags\tnote\nIA\tAI\t\tone\u2028two\n", encoding="utf-8")
    assert [p.code for p in check_files([tsv.read(path)])] == ["control"]


# --- item 6: size limit enforced while reading ----------------------------------------------------


def test_dev_zero_is_one_line(monkeypatch):
    monkeypatch.setattr(tsv, "MAX_BYTES", 2 * 1024 * 1024)
    with pytest.raises(GlossaryError, match="larger than 2,097,152 bytes"):
        load_glossaries(["/dev/zero"], use_default=False)
    result = run("check", "/dev/zero")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: glossary /dev/zero is larger than {2 * 1024 * 1024:,} bytes"]


def test_endless_fifo_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(tsv, "MAX_BYTES", 1024 * 1024)
    fifo = tmp_path / "endless.tsv"
    os.mkfifo(fifo)

    def write_forever() -> None:
        try:
            with open(fifo, "wb") as handle:
                while True:
                    handle.write(b"IA\tAI\t\t" + b"x" * 65536 + b"\n")
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    with pytest.raises(GlossaryError, match="larger than"):
        tsv.read(fifo)
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_csv_and_tbx_imports_are_bounded_too(tmp_path, monkeypatch):
    monkeypatch.setattr(tsv, "MAX_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_text("fr,en\n" + "a,b\n" * 1000, encoding="utf-8")
    assert "larger than 1,000 bytes" in run("import", str(big), str(tmp_path / "out.tsv")).output
    tbx = tmp_path / "big.tbx"
    tbx.write_text("<tbx>" + " " * 2000 + "</tbx>", encoding="utf-8")
    with pytest.raises(GlossaryError, match="larger than"):
        read_tbx(tbx)


# --- item 22: TBX-Basic status values, checked against the dialect's constraints --------------------


@pytest.fixture(scope="module")
def tbx_basic() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(DATA / "tbx-basic-dca.rng")))


def test_export_is_valid_tbx_basic(tmp_path, tbx_basic):
    for shipped in sorted((REPO / "glossaries").glob("*.tsv")):
        exported = tmp_path / f"{shipped.stem}.tbx"
        assert run("export", str(shipped), str(exported)).exit_code == 0
        document = etree.parse(str(exported))
        assert tbx_basic.validate(document), (shipped.name, tbx_basic.error_log.last_error)
        statuses = {e.text for e in document.iter("{*}termNote") if e.get("type") == "administrativeStatus"}
        assert statuses <= {"preferredTerm-admn-sts", "deprecatedTerm-admn-sts"}
        assert "preferredTerm-admn-sts" in statuses


def test_the_schema_refuses_what_tbx_basic_refuses(tmp_path, tbx_basic):
    path = tmp_path / "x.tbx"
    write_tbx([Entry("IA", "AI"), Entry("IA", "IA", "forbid")], path)
    good = path.read_text(encoding="utf-8")
    assert tbx_basic.validate(etree.fromstring(good.encode()))
    bad_versions = [
        good.replace("preferredTerm-admn-sts", "preferredTerm-admn"),  # the TBX 2008 value
        good.replace('style="dca"', 'style="dct"'),
        good.replace("<note>translator-flags:</note>", '<termNote type="x-translator-flags"></termNote>'),
        good.replace('type="TBX-Basic"', 'type="TBX"'),
    ]
    for bad in bad_versions:
        assert bad != good
        assert not tbx_basic.validate(etree.fromstring(bad.encode())), bad


def test_legacy_tbx_exports_still_import(tmp_path):
    path = tmp_path / "old.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="fr"><text><body>
 <termEntry id="c1">
  <langSet xml:lang="fr"><tig><term>Orange</term>
   <termNote type="x-translator-flags">keep,case-sensitive</termNote></tig></langSet>
  <langSet xml:lang="en"><tig><term>Orange</term>
   <termNote type="administrativeStatus">preferredTerm-admn</termNote><note>operator</note></tig></langSet>
 </termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    (entry,) = read_tbx(path)
    assert (entry.fr, entry.kind, sorted(entry.modifiers), entry.note) == (
        "Orange",
        "keep",
        ["case-sensitive"],
        "operator",
    )


# --- item 20: glossary list --json ------------------------------------------------------------------


def test_list_json(team):
    result = run("list", "--json", "--no-default-glossary", str(team))
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records == [
        {
            "fr": "PDG",
            "en": "CEO",
            "kind": "term",
            "flags": [],
            "note": "role",
            "left": "",
            "right": "",
            "file": str(team),
            "line": 2,
        }
    ]
    with_default = json.loads(run("list", "--json", str(team)).output)
    assert {"fr": "OpenAI", "kind": "keep"}.items() <= next(r for r in with_default if r["fr"] == "OpenAI").items()
