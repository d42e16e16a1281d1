"""Editing keeps comments, order and untouched rows; writes are atomic; formats round-trip."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.errors import GlossaryError
from translator.glossary import edit, tsv
from translator.glossary.exchange import read_tbx
from translator.glossary.model import CASE_SENSITIVE, FORBID, KEEP, Entry

REPO = Path(__file__).resolve().parents[2]
ORIGINAL = (
    "# Team glossary\n"
    "fr\ten\tflags\tnote\n"
    "# roles\n"
    "PDG\tCEO\t\tnote with  two spaces\n"
    "\n"
    "directeur technique\tCTO\n"
    "# names\n"
    "Orange\t\tkeep,case-sensitive\toperator\n"
)


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "team.tsv"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["glossary", *args])


def test_add_appends_and_keeps_everything_else(glossary_file):
    result = run("add", str(glossary_file), "jeune pousse", "start-up", "--note", "official French")
    assert result.exit_code == 0, result.output
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL + "jeune pousse\tstart-up\t\tofficial French\n"


def test_add_refuses_an_existing_term_unless_replace(glossary_file):
    result = run("add", str(glossary_file), "PDG", "chief executive")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL
    assert run("add", str(glossary_file), "PDG", "chief executive", "--replace").exit_code == 0
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL.replace(
        "PDG\tCEO\t\tnote with  two spaces", "PDG\tchief executive"
    )


def test_add_keep_and_forbid(glossary_file):
    assert run("add", str(glossary_file), "Stargate", "--keep", "--note", "project").exit_code == 0
    assert run("add", str(glossary_file), "PDG", "PDG", "--forbid").exit_code == 0
    entries = tsv.read(glossary_file).entries
    assert (entries[-2].fr, entries[-2].kind, entries[-2].note) == ("Stargate", KEEP, "project")
    assert (entries[-1].fr, entries[-1].en, entries[-1].kind) == ("PDG", "PDG", FORBID)


def test_add_refuses_an_edit_that_breaks_the_glossary(glossary_file):
    result = run("add", str(glossary_file), "PDG", "CEO", "--forbid")
    assert result.exit_code == 1
    assert "invalid" in result.output and "forbids 'CEO'" in result.output
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL


def test_add_creates_a_missing_file(tmp_path):
    path = tmp_path / "new.tsv"
    assert run("add", str(path), "IA", "AI").exit_code == 0
    assert path.read_text(encoding="utf-8") == "fr\ten\tflags\tnote\nIA\tAI\n"


def test_remove_keeps_comments_and_order(glossary_file):
    result = run("remove", str(glossary_file), "directeur technique")
    assert result.exit_code == 0, result.output
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL.replace("directeur technique\tCTO\n", "")
    assert run("remove", str(glossary_file), "absent").exit_code == 1


def test_list_shows_the_effective_entries(glossary_file):
    result = run("list", "--no-default-glossary", str(glossary_file))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"PDG\tCEO\t\t{glossary_file}:4"
    with_default = run("list", str(glossary_file)).output
    assert "OpenAI\t\tkeep" in with_default


def test_a_failed_write_leaves_the_old_file(glossary_file, monkeypatch):
    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        edit.add(glossary_file, Entry("IA", "AI"))
    assert glossary_file.read_text(encoding="utf-8") == ORIGINAL
    assert [p.name for p in glossary_file.parent.iterdir()] == ["team.tsv"]


def test_unedited_file_is_written_back_byte_for_byte(tmp_path):
    for path in sorted((REPO / "glossaries").glob("*.tsv")):
        document = tsv.read(path)
        document.save(tmp_path / path.name)
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "tbx", "tsv"])
def test_export_import_round_trip(tmp_path, fmt):
    for shipped in sorted((REPO / "glossaries").glob("*.tsv")):
        exported = tmp_path / f"{shipped.stem}.{fmt}"
        assert run("export", str(shipped), str(exported)).exit_code == 0
        back = tmp_path / f"{shipped.stem}-back.tsv"
        result = run("import", str(exported), str(back))
        assert result.exit_code == 0, result.output

        def key(entry: Entry) -> tuple:
            return (entry.fr, entry.en, entry.kind, entry.modifiers, entry.note)

        original = sorted(map(key, tsv.read(shipped).entries))
        assert sorted(map(key, tsv.read(back).entries)) == original
        again = run("import", str(exported), str(back))
        assert "0 entries added" in again.output


def test_tbx_deprecated_and_forbidden_terms_become_forbidden_renderings(tmp_path):
    path = tmp_path / "terms.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="fr"><text><body>
 <conceptEntry id="1">
  <langSec xml:lang="fr"><termSec><term>directeur technique</term></termSec></langSec>
  <langSec xml:lang="en-US">
   <termSec><term>technical director</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn</termNote></termSec>
   <termSec><term>CTO</term>
    <termNote type="administrativeStatus">preferredTerm-admn</termNote></termSec>
   <termSec><term>tech boss</term>
    <termNote type="administrativeStatus">forbidden</termNote></termSec>
  </langSec>
 </conceptEntry>
 <conceptEntry id="2">
  <langSec xml:lang="fr"><termSec><term>Copilot</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>Copilot</term></termSec></langSec>
 </conceptEntry>
</body></text></tbx>""",
        encoding="utf-8",
    )
    entries = {(e.fr, e.en, e.kind) for e in read_tbx(path)}
    assert entries == {
        ("directeur technique", "CTO", "term"),
        ("directeur technique", "technical director", FORBID),
        ("directeur technique", "tech boss", FORBID),
        ("Copilot", "", KEEP),
    }


def test_broken_tbx_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text("<martif><text>", encoding="utf-8")
    with pytest.raises(GlossaryError, match="cannot read TBX"):
        read_tbx(path)


def test_csv_import_keeps_flags(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text('fr,en,flags,note\nOrange,,"keep,case-sensitive","operator, French"\n', encoding="utf-8")
    destination = tmp_path / "out.tsv"
    assert run("import", str(source), str(destination)).exit_code == 0
    (entry,) = tsv.read(destination).entries
    assert (entry.kind, entry.modifiers, entry.note) == (KEEP, frozenset({CASE_SENSITIVE}), "operator, French")
