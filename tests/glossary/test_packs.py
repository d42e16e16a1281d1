"""Glossary packs (issue 16): listing and selection, and the quality gate for the packs themselves.

The gate: every pack passes `glossary check`; no two packs contradict each other (one French
term and context with two renderings) unless a note names the other rendering; every entry
fires on a sentence of the pack's French test text (`data/packs/NAME.fr.txt`, no dead entries);
and through the real engine and the word-for-word test model, each hit's rendering comes out in
the English (terms and keep-as-is names masked and put back; forbidden renderings absent).
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

from translator.cli import main
from translator.document import Segment
from translator.engine import load_engine
from translator.errors import GlossaryError
from translator.glossary import default_paths, load_glossaries, tsv
from translator.glossary.check import check_files
from translator.glossary.enforce import translate_segments
from translator.glossary.model import FORBID, Entry
from translator.glossary.packs import available_packs, pack_paths

TEXTS = Path(__file__).parent / "data" / "packs"
NEW_PACKS = ("politics-fr", "justice-fr", "economy-fr", "society-fr")
ALL_PACKS = (*NEW_PACKS, "tech-business", "do-not-translate")


def sentences(name: str) -> list[str]:
    lines = (TEXTS / f"{name}.fr.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def entry_id(entry: Entry) -> tuple:
    return (entry.origin, entry.line)


def has_rendering(text: str, rendering: str) -> bool:
    first, rest = regex.escape(rendering[:1]), regex.escape(rendering[1:])
    return regex.search(rf"(?<![\p{{L}}\p{{N}}])(?i:{first}){rest}(?![\p{{L}}\p{{N}}])", text) is not None


# --- listing and selection ----------------------------------------------------------------------


def test_available_packs_are_the_shipped_files():
    packs = available_packs()
    assert set(ALL_PACKS) <= set(packs)
    for name in NEW_PACKS:
        assert packs[name].name == f"{name}.tsv" and packs[name].parent.name == "packs"
    entries = sum(len(tsv.read(path).entries) for path in packs.values())
    assert entries >= 400


def test_the_default_set_is_unchanged_unless_packs_are_added():
    default = load_glossaries()
    assert sorted(default.sources) == sorted(str(path) for path in default_paths())
    assert default.lookup("Matignon") is None
    with_pack = load_glossaries(packs=["politics-fr"])
    assert with_pack.sources[-1] == str(available_packs()["politics-fr"])
    assert with_pack.lookup("Matignon").en == "the prime minister's office"
    assert with_pack.lookup("OpenAI") is not None  # the default set is still there
    alone = load_glossaries(use_default=False, packs=["justice-fr", "economy-fr"])
    assert alone.lookup("OpenAI") is None and alone.lookup("garde à vue").en == "police custody"


def test_a_pack_already_in_the_default_set_is_loaded_once():
    glossary = load_glossaries(packs=["tech-business"])
    assert len(glossary.sources) == len(set(glossary.sources)) == len(default_paths())


def test_user_glossaries_win_over_packs(tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("fr\ten\tflags\nMatignon\tthe PM's office\tcase-sensitive\n", encoding="utf-8")
    glossary = load_glossaries([mine], packs=["politics-fr"])
    assert [hit.rendering for hit in glossary.find("Matignon a tranché.")] == ["the PM's office"]


def test_an_unknown_pack_is_one_line_with_did_you_mean_and_the_list():
    with pytest.raises(GlossaryError) as caught:
        pack_paths(["politic-fr"])
    message = str(caught.value)
    assert "\n" not in message
    assert "unknown glossary pack 'politic-fr' (did you mean 'politics-fr'?)" in message
    assert "available: " in message and all(name in message for name in ALL_PACKS)
    with pytest.raises(GlossaryError, match="unknown glossary pack 'zzz'; available"):
        load_glossaries(packs=["zzz"])


def test_glossary_packs_command_lists_names_and_sizes():
    result = CliRunner().invoke(main, ["glossary", "packs"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()}
    for name in ALL_PACKS:
        count = len(tsv.read(available_packs()[name]).entries)
        assert f" {count} entries" in rows[name]
    listed = json.loads(CliRunner().invoke(main, ["glossary", "packs", "--json"]).output)
    assert {item["name"] for item in listed} >= set(ALL_PACKS)
    politics = next(item for item in listed if item["name"] == "politics-fr")
    assert politics["entries"] == len(tsv.read(available_packs()["politics-fr"]).entries)
    assert Path(politics["file"]).is_file()


def test_check_list_and_export_work_on_packs_unchanged(tmp_path):
    path = str(available_packs()["society-fr"])
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "check", path]).exit_code == 0
    listed = runner.invoke(main, ["glossary", "list", "--no-default-glossary", path]).output
    assert "CGT\t\tkeep,case-sensitive\t" in listed
    assert runner.invoke(main, ["glossary", "list", "--no-default-glossary", "--pack", "society-fr"]).output == listed
    assert runner.invoke(main, ["glossary", "export", path, str(tmp_path / "society.tbx")]).exit_code == 0
    assert (
        runner.invoke(main, ["glossary", "import", str(tmp_path / "society.tbx"), str(tmp_path / "back.tsv")]).exit_code
        == 0
    )
    assert len(tsv.read(tmp_path / "back.tsv").entries) == len(tsv.read(path).entries)


# --- the quality gate -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_PACKS)
def test_every_pack_passes_check_and_every_entry_has_a_note(name):
    document = tsv.read(available_packs()[name])
    assert check_files([document]) == []
    assert [entry.describe() for entry in document.entries if not entry.note] == []


def test_no_two_packs_contradict_each_other_without_a_note():
    packs = {name: tsv.read(path).entries for name, path in available_packs().items()}

    def key(entry: Entry) -> tuple:
        fr = entry.fr if entry.case_sensitive else entry.fr.casefold()
        return (fr, entry.context)

    contradictions = []
    for (name_a, a), (name_b, b) in combinations(packs.items(), 2):
        required_b = {key(e): e for e in b if e.kind != FORBID}
        forbidden_b = {(key(e)[0], e.en.casefold()): e for e in b if e.kind == FORBID}
        for entry in a:
            if entry.kind == FORBID:
                other = next((o for o in b if o.kind != FORBID and key(o)[0] == key(entry)[0]), None)
                if other is not None and other.en.casefold() == entry.en.casefold():
                    contradictions.append((name_a, entry.describe(), name_b, other.describe()))
                continue
            other = required_b.get(key(entry))
            differ = other is not None and (other.kind, other.en) != (entry.kind, entry.en)
            if differ and entry.en not in other.note and other.en not in entry.note:
                contradictions.append((name_a, entry.describe(), name_b, other.describe()))
            banned = forbidden_b.get((key(entry)[0], entry.en.casefold()))
            if banned is not None:
                contradictions.append((name_a, entry.describe(), name_b, banned.describe()))
    assert contradictions == []


@pytest.mark.parametrize("name", ALL_PACKS)
def test_every_entry_fires_on_the_packs_french_text(name):
    path = available_packs()[name]
    glossary = load_glossaries(use_default=False, packs=[name])
    fired = set()
    for text in sentences(name):
        for hit in glossary.find(text):
            if hit.kind == FORBID:
                fired |= {entry_id(e) for e in glossary.forbidden if (e.fr, e.en) == (hit.entry, hit.rendering)}
            else:
                fired.add(entry_id(glossary.lookup(hit.source, text, hit.start, hit.end)))
    dead = [entry.describe() for entry in tsv.read(path).entries if entry_id(entry) not in fired]
    assert dead == []


@pytest.fixture(scope="module")
def engine(test_model_dir):
    return load_engine(test_model_dir, cache=False)


@pytest.mark.parametrize("name", ALL_PACKS)
def test_every_hit_renders_in_the_english_through_the_engine(name, engine):
    glossary = load_glossaries(use_default=False, packs=[name])
    segments = []
    for number, text in enumerate(sentences(name)):
        segment = Segment(id=f"b000.s{number:03d}", source=text)
        segment.glossary = glossary.find(text)
        segments.append(segment)
    translate_segments(segments, engine)
    failures = []
    for segment in segments:
        for hit in segment.glossary:
            present = has_rendering(segment.target or "", hit.rendering)
            if (hit.kind == FORBID) == present:
                failures.append((segment.source, hit.kind, hit.rendering, segment.target))
        failures.extend((segment.source, "flag", flag.code, segment.target) for flag in segment.flags)
    assert failures == []
    hits = sum(len(segment.glossary) for segment in segments)
    assert hits >= len(tsv.read(available_packs()[name]).entries)


# --- selection through the command line and translator.toml ----------------------------------------


@pytest.fixture
def translate_env(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "packages").mkdir()
    source = tmp_path / "in.txt"
    source.write_text("Matignon a confirmé le calendrier.\n", encoding="utf-8")
    return tmp_path, source


def test_pack_option_and_run_packs_setting_select_packs(translate_env, test_model_dir):
    folder, source = translate_env
    base = ["translate", str(source), "--model", str(test_model_dir), "--no-default-glossary"]
    runner = CliRunner()
    plain = runner.invoke(main, base)
    assert plain.exit_code == 0, plain.output
    assert "prime minister's office" not in plain.output
    with_option = runner.invoke(main, [*base, "--pack", "politics-fr", "--pack", "justice-fr"])
    assert with_option.exit_code == 0, with_option.output
    assert with_option.output == "The prime minister's office has confirmé the calendrier.\n"
    config = folder / "translator.toml"
    config.write_text('[run]\npacks = ["politics-fr"]\n', encoding="utf-8")
    with_setting = runner.invoke(main, [*base, "--config", str(config)])
    assert with_setting.exit_code == 0, with_setting.output
    assert with_setting.output == with_option.output
    unknown = runner.invoke(main, [*base, "--pack", "politic-fr"])
    assert unknown.exit_code != 0
    assert "did you mean 'politics-fr'?" in unknown.output and "Traceback" not in unknown.output
