"""The one Settings: types and bounds checked, precedence default < file < command line, paths
relative to the file that set them, unknown keys refused with a suggestion, `config show`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.errors import SettingsError
from translator.postedit.config import PosteditConfig
from translator.settings import COMMAND_LINE, DEFAULT, RunSettings, load_settings


def _toml(folder: Path, text: str) -> Path:
    path = folder / "translator.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[engine]\nbeam_size = "4"\n', r"\[engine\] beam_size: expected an integer, got '4'"),
        ('[run]\nworkers = "two"\n', r"\[run\] workers: expected an integer, got 'two'"),
        ("[engine]\nbeam_size = 40\n", r"beam_size: expected a number from 1 to 16"),
        ("[run]\nforce = 1\n", r"force: expected true or false"),
        ('[run]\nglossaries = "a.tsv"\n', r"glossaries: expected a list"),
        ('[run]\nformats = ["md", "pdf"]\n', r"formats: expected one of md, json, text, review, jsonl"),
        ('[postedit]\nhonorifics = "french"\n', r"honorifics: expected one of british, american"),
        ("[run]\nbeam = 4\n", r"unknown setting \[run\] beam; did you mean \[engine\] beam_size\?"),
        ("[engine]\nbeam = 4\n", r"unknown setting \[engine\] beam; did you mean 'beam_size'\?"),
        ("[modle]\npath = 'x'\n", r"unknown table \[modle\]; did you mean 'model'\?"),
        ("[run\n", r"not valid TOML"),
        ("[postedit]\nlength_ratio = [2.0, 1.0]\n", r"\[postedit\] length_ratio must be"),
        ("[engine]\nlength_ratio = nan\n", r"length_ratio: expected a number from 0.1 to 10, got nan"),
        ("[engine]\nrepetition_penalty = nan\n", r"repetition_penalty: expected a number from 0.1 to 10, got nan"),
        ("[postedit]\nregex_timeout = nan\n", r"regex_timeout: expected a number from .* got nan"),
        ("[inputs]\ntimeout = nan\n", r"\[inputs\] timeout: expected a number from 0.1 to 3600, got nan"),
        ("[inputs]\ntimeout = inf\n", r"\[inputs\] timeout: expected a number from 0.1 to 3600, got inf"),
        ('[run]\nglossaries = ["a\\u0000b"]\n', r"\[run\] glossaries: expected a path \(not empty, no NUL character\)"),
    ],
)
def test_bad_values_are_one_line_naming_file_and_key(tmp_path, text, message):
    path = _toml(tmp_path, text)
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(path)
    assert "\n" not in str(caught.value)
    assert str(path) in str(caught.value) or "[postedit]" in str(caught.value)


def test_precedence_default_then_file_then_command_line(tmp_path):
    path = _toml(tmp_path, "[engine]\nbeam_size = 4\ninter_threads = 2\n[run]\nworkers = 3\n")
    settings = load_settings(path, {"engine.beam_size": 6})
    assert settings.engine.beam_size == 6 and settings.origin("engine.beam_size") == COMMAND_LINE
    assert settings.engine.inter_threads == 2 and settings.origin("engine.inter_threads") == f"file:{path}"
    assert settings.run.workers == 3
    assert settings.engine.length_ratio == 2.0 and settings.origin("engine.length_ratio") == DEFAULT


def test_paths_resolve_against_the_file_that_set_them(tmp_path, monkeypatch):
    config_dir = tmp_path / "project" / "conf"
    config_dir.mkdir(parents=True)
    path = _toml(
        config_dir,
        '[run]\nglossaries = ["terms/ours.tsv"]\nboilerplate_rules = ["/abs/rules.txt"]\n'
        '[model]\npath = "../models/fr-en"\n[postedit]\nrule_files = ["house.tsv"]\n',
    )
    monkeypatch.chdir(tmp_path)  # the working folder must not matter
    settings = load_settings(path, {"run.packs": ("politics-fr",)})
    assert settings.run.glossaries == (config_dir / "terms" / "ours.tsv",)
    assert settings.run.boilerplate_rules == (Path("/abs/rules.txt"),)
    assert settings.model.path == config_dir / ".." / "models" / "fr-en"
    assert settings.postedit.rule_files == (config_dir / "house.tsv",)


def test_the_working_folder_toml_is_read_and_a_named_missing_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings().run.workers == 0
    _toml(tmp_path, "[run]\nworkers = 5\n")
    assert load_settings().run.workers == 5
    with pytest.raises(SettingsError, match="no such settings file"):
        load_settings(tmp_path / "absent.toml")


def test_config_show_prints_every_setting_with_its_origin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _toml(tmp_path, "[engine]\nbeam_size = 4\n")
    result = CliRunner().invoke(main, ["config", "show"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "file:translator.toml  [engine] beam_size = 4" in lines
    assert any(line.startswith("default") and line.endswith("[run] workers = 0") for line in lines)
    shown = json.loads(CliRunner().invoke(main, ["config", "show", "--json"]).output)
    assert shown["engine.beam_size"] == {"value": 4, "origin": "file:translator.toml"}
    assert shown["run.formats"]["value"] == ["md", "json", "review"]
    bad = CliRunner().invoke(main, ["config", "show", "--config", str(_toml(tmp_path, "[run]\nwrkers = 1\n"))])
    assert bad.exit_code == 2 and "did you mean 'workers'" in bad.output


def test_command_line_values_are_checked_like_file_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "x.html", "-o", "out", "--beam", "40"])
    assert result.exit_code == 2
    assert "--beam: expected a number from 1 to 16, got 40" in result.output
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["clean", "x.html", "-o", "out", "--to", "md,pdf"])
    assert result.exit_code == 2 and "--to: expected one of md, json, text, jsonl" in result.output


def test_command_line_nan_is_refused_like_a_file_nan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "x.html", "-o", "out", "--timeout", "nan"])
    assert result.exit_code == 2
    assert "--timeout: expected a number from 0.1 to 3600, got nan" in result.output


def test_a_settings_file_starting_with_a_bom_is_read(tmp_path):
    path = tmp_path / "translator.toml"
    path.write_bytes("\ufeff[engine]\nbeam_size = 3\n".encode())
    assert load_settings(path).engine.beam_size == 3


@pytest.mark.parametrize(
    ("section", "change", "message"),
    [
        ("engine", {"max_input_tokens": 0}, r"\[engine\] max_input_tokens: expected a number from 8 to 4096, got 0"),
        ("engine", {"max_batch_size": 0}, r"\[engine\] max_batch_size: expected a number from 1 to 4096, got 0"),
        ("engine", {"beam_size": -1}, r"\[engine\] beam_size: expected a number from 1 to 16, got -1"),
        ("engine", {"beam_size": "2"}, r"\[engine\] beam_size: expected an integer, got '2'"),
        ("postedit", {"honorifics": "martian"}, r"\[postedit\] honorifics: expected one of british, american"),
        ("postedit", {"disable": "x"}, r"\[postedit\] disable: expected a list, got 'x'"),
        ("run", {"formats": ("bogus",)}, r"\[run\] formats: expected one of md, json"),
        ("run", {"executor": "bogus"}, r"\[run\] executor: expected one of local, ray, got 'bogus'"),
        ("inputs", {"timeout": float("nan")}, r"\[inputs\] timeout: expected a number from 0.1 to 3600, got nan"),
        ("model", {"offline": "yes"}, r"\[model\] offline: expected true or false, got 'yes'"),
        ("clean", {"formats": "md"}, r"\[clean\] formats: expected a list, got 'md'"),
    ],
)
def test_sections_built_in_code_are_checked_like_the_file(section, change, message):
    """`dataclasses.replace` and the constructors skip the loader; the sections check themselves."""
    settings = load_settings(given={"model.offline": True})
    with pytest.raises(SettingsError, match=f"^{message}") as caught:
        replace(settings, **{section: replace(getattr(settings, section), **change)})
    assert "\n" not in str(caught.value)


def test_sections_built_in_code_take_lists_and_strings_as_the_file_does():
    run = replace(RunSettings(), formats=["md"], glossaries=["a.tsv"])
    assert run.formats == ("md",) and run.glossaries == (Path("a.tsv"),)
    assert PosteditConfig(disable={"typo-guillemets"}).disable == frozenset({"typo-guillemets"})


def test_settings_refuse_a_section_of_the_wrong_kind():
    with pytest.raises(SettingsError, match=r"^\[engine\]: expected EngineOptions, got \{'beam_size': 2\}$"):
        replace(load_settings(), engine={"beam_size": 2})
