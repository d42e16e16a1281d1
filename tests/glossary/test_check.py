"""Validation: the shipped glossaries pass; each kind of corruption is reported with its line."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.errors import GlossaryError
from translator.glossary import load_glossaries, tsv
from translator.glossary.check import check_files
from translator.glossary.load import PACKAGED

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "glossaries").glob("*.tsv"))


def test_shipped_glossaries_pass_check():
    assert len(SHIPPED) >= 2
    result = CliRunner().invoke(main, ["glossary", "check", *map(str, SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


def test_packaged_copy_is_identical_to_the_repo_folder():
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.tsv"))}

    packaged = files(Path(str(PACKAGED)))
    assert "packs/politics-fr.tsv" in packaged
    assert packaged == files(REPO / "glossaries")


GOOD = (
    "# test glossary\nfr\ten\tflags\tnote\nIA\tAI\t\tacronym\n"
    "directeur technique\tCTO\t\t\nMicrosoft\t\tkeep\tcompany\n"
)

# row appended to GOOD -> (expected code, words the message must contain); the new row is line 6
CORRUPTIONS = {
    "duplicate": ("IA\tAI\t\tagain", "duplicate", ["duplicate of", ":3"]),
    "conflict": ("IA\tA.I.\t\t", "conflict", ["conflicts with", "'AI'", ":3"]),
    "keep_conflict": ("Google\tGoogle Inc.\tkeep\t", "conflict", ["keep entry"]),
    "forbid_required": ("IA\tAI\tforbid\t", "conflict", ["forbids 'AI'", "required"]),
    "nested": ("technique\ttechnical\t\t", "nested", ["inside a longer term", "'technical'"]),
    "empty_fr": ("\tAI\t\t", "empty", ["fr cell is empty"]),
    "empty_en": ("licorne\t\t\t", "empty", ["en cell is empty"]),
    "padded": ("licorne \tunicorn\t\t", "padded", ["fr cell has surrounding spaces"]),
    "control": ("lic\x07orne\tunicorn\t\t", "control", ["U+0007"]),
    "invisible": ("licorne\tuni\u200bcorn\t\t", "control", ["U+200B"]),
    "never": ("etc. Le\tetc. The\t\t", "never", ["can never match"]),
    "unknown_flag": ("licorne\tunicorn\tplural\t", "flag", ["'plural'"]),
    "keep_and_forbid": ("licorne\tunicorn\tkeep,forbid\t", "flag", ["contradictory"]),
    "columns": ("licorne\tunicorn\t\tnote\textra", "columns", ["5 cells"]),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_each_corruption_is_reported_with_its_line(tmp_path, name):
    row, code, words = CORRUPTIONS[name]
    path = tmp_path / "bad.tsv"
    path.write_text(GOOD + row + "\n", encoding="utf-8")
    problems = check_files([tsv.read(path)])
    assert code in [p.code for p in problems], problems
    assert {p.line for p in problems} == {6}
    message = str(next(p for p in problems if p.code == code))
    assert message.startswith(f"{path}:6: ")
    for word in words:
        assert word in message
    result = CliRunner().invoke(main, ["glossary", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:6:" in result.output
    with pytest.raises(GlossaryError, match="invalid glossary"):
        load_glossaries([path], use_default=False)


def test_the_good_glossary_itself_passes(tmp_path):
    path = tmp_path / "good.tsv"
    path.write_text(GOOD, encoding="utf-8")
    assert check_files([tsv.read(path)]) == []


def test_bad_header(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# comment\nfrench\tenglish\nIA\tAI\n", encoding="utf-8")
    problems = check_files([tsv.read(path)])
    assert [(p.code, p.line) for p in problems] == [("header", 2)]


def test_unreadable_files_are_one_line_errors(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("fr\ten\ncafé\tcoffee\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossaries([path], use_default=False)
    result = CliRunner().invoke(main, ["glossary", "check", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_check_without_arguments_checks_the_default_glossary(tmp_path, monkeypatch):
    folder = tmp_path / "defaults"
    shutil.copytree(REPO / "glossaries", folder)
    monkeypatch.setenv("TRANSLATOR_GLOSSARY_DIR", str(folder))
    assert CliRunner().invoke(main, ["glossary", "check"]).exit_code == 0
    with (folder / "tech-business.tsv").open("a", encoding="utf-8") as handle:
        handle.write("IA\tA.I.\t\t\n")
    result = CliRunner().invoke(main, ["glossary", "check"])
    assert result.exit_code == 1
    assert "conflict" in result.output
