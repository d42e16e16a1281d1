"""Context conditions (issue 16): an entry that applies only next to certain French words."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.errors import GlossaryError
from translator.glossary import edit, load_glossaries, tsv
from translator.glossary.check import check_files
from translator.glossary.exchange import read_csv, read_tbx

MATIGNON = (
    "fr\ten\tflags\tnote\tleft\tright\n"
    "Matignon\tthe prime minister's office\tcase-sensitive\tthe government (metonym)\n"
    "Matignon\t\tkeep,case-sensitive\tthe building: at Matignon\tà|devant|quitté|quitter\n"
    "Bercy\tthe finance ministry\tcase-sensitive\tmetonym\n"
    "Bercy\t\tkeep,case-sensitive\tthe arena\t\tArena\n"
)


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "politics.tsv"
    path.write_text(MATIGNON, encoding="utf-8")
    return path


def renderings(glossary, text: str) -> list[tuple[str, str, str]]:
    return [(hit.source, hit.kind, hit.rendering) for hit in glossary.find(text)]


def test_context_chooses_between_two_renderings_of_the_same_term(glossary_file):
    assert check_files([tsv.read(glossary_file)]) == []
    glossary = load_glossaries([glossary_file], use_default=False)
    assert renderings(glossary, "Matignon a annoncé une réforme.") == [
        ("Matignon", "term", "the prime minister's office")
    ]
    assert renderings(glossary, "Le ministre est reçu à Matignon ce soir.") == [("Matignon", "keep", "Matignon")]
    assert renderings(glossary, "Il a quitté  Matignon.") == [("Matignon", "keep", "Matignon")]
    assert renderings(glossary, "Voilà Matignon fâché.") == [("Matignon", "term", "the prime minister's office")]
    assert renderings(glossary, "DEVANT Matignon, la foule.") == [("Matignon", "keep", "Matignon")]
    assert renderings(glossary, "Bercy prévoit une croissance faible.") == [("Bercy", "term", "the finance ministry")]
    assert renderings(glossary, "Un concert à Bercy Arena.") == [("Bercy", "keep", "Bercy")]
    assert renderings(glossary, "Un concert à Bercy Arenas.") == [("Bercy", "term", "the finance ministry")]


def test_without_a_default_the_term_is_found_only_in_context(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\tleft\nchambre\thouse\tla|une\n", encoding="utf-8")
    glossary = load_glossaries([path], use_default=False)
    assert renderings(glossary, "La chambre a voté.") == [("chambre", "term", "house")]
    assert renderings(glossary, "Sa chambre est petite.") == []


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("Matignon\tx\t\t\t(à\n", ["left pattern '(à'", "does not compile"]),
        ("Matignon\tx\t\t\t\t[z-a]\n", ["right pattern", "does not compile"]),
        ("Matignon\tx\t\t\t(a|aa)+b\n", ["too slow"]),
        ("Matignon\tx\tforbid\t\tà\n", ["only for terms and keep entries"]),
        ("Matignon\tx\t\t\t" + "a" * 201 + "\n", ["longer than 200"]),
    ],
)
def test_bad_patterns_are_one_line_with_file_and_line(glossary_file, row, words):
    with glossary_file.open("a", encoding="utf-8") as handle:
        handle.write(row)
    result = CliRunner().invoke(main, ["glossary", "check", str(glossary_file)])
    assert result.exit_code == 1
    (line, _summary) = result.output.strip().splitlines()
    assert line.startswith(f"{glossary_file}:6: ") and line.endswith("[context]")
    for word in words:
        assert word in line
    with pytest.raises(GlossaryError, match="invalid glossary"):
        load_glossaries([glossary_file], use_default=False)


def test_same_term_same_context_two_renderings_is_a_conflict(glossary_file):
    with glossary_file.open("a", encoding="utf-8") as handle:
        handle.write("Matignon\tthe Matignon residence\tcase-sensitive\t\tà|devant|quitté|quitter\n")
    problems = check_files([tsv.read(glossary_file)])
    assert [(p.line, p.code) for p in problems] == [(6, "conflict")]


@pytest.mark.parametrize("fmt", ["csv", "tbx", "tsv"])
def test_contexts_survive_export_and_import(glossary_file, tmp_path, fmt):
    exported = tmp_path / f"out.{fmt}"
    edit.export_entries(glossary_file, exported)
    back = tmp_path / "back.tsv"
    edit.import_entries(exported, back)

    def key(entry):
        return (entry.fr, entry.en, entry.kind, entry.modifiers, entry.note, entry.left, entry.right)

    assert sorted(map(key, tsv.read(back).entries)) == sorted(map(key, tsv.read(glossary_file).entries))
    assert check_files([tsv.read(back)]) == []
    if fmt == "csv":
        assert read_csv(exported)[1].left == "à|devant|quitté|quitter"
    if fmt == "tbx":
        assert read_tbx(exported)[3].right == "Arena"


def test_add_with_a_context_extends_the_header(tmp_path):
    path = tmp_path / "new.tsv"
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "add", str(path), "Matignon", "the prime minister's office"]).exit_code == 0
    result = runner.invoke(main, ["glossary", "add", str(path), "Matignon", "--keep", "--left", "à|devant"])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").splitlines() == [
        "fr\ten\tflags\tnote\tleft",
        "Matignon\tthe prime minister's office",
        "Matignon\t\tkeep\t\tà|devant",
    ]
    bad = runner.invoke(main, ["glossary", "add", str(path), "Bercy", "x", "--right", "(("])
    assert bad.exit_code == 1 and "does not compile" in bad.output
    listed = runner.invoke(main, ["glossary", "list", "--no-default-glossary", str(path)]).output
    assert "left=à|devant" in listed
