"""Reviewed marks and rules turned off, kept in the run folder; the next run into the folder honours the rules."""

from __future__ import annotations

import json
import os

import pytest
from review_helpers import record, run_cli, translate_run

from translator.errors import InputError
from translator.review.state import MARKS_FILE, POSTEDIT_FILE, RunState, disabled_rules


def test_marks_round_trip_and_clear_themselves(tmp_path):
    (tmp_path / "a.json").write_text("{}")  # a run folder: it holds a record
    state = RunState(tmp_path)
    assert state.mark("a", None, True) == {"article": True, "segments": []}
    assert state.mark("a", "b001.s00", True) == {"article": True, "segments": ["b001.s00"]}
    state.mark("a", None, False)
    state.mark("a", "b001.s00", False)
    assert json.loads((tmp_path / MARKS_FILE).read_text()) == {"reviewed": {}}


def test_a_rule_turned_off_in_review_is_off_in_the_next_run_into_the_folder(rundir, inputs, test_model_dir):
    name = "teletravail-pme-enquete"
    used = sorted({e.rule for s in record(rundir, name).segments() for e in s.edits if e.side == "target"})
    assert used, "the run made no post-edit to turn off"
    rule = used[0]
    assert RunState(rundir).set_rule(rule, True) == [rule]
    translate_run([inputs], rundir, test_model_dir)
    assert rule not in json.loads((rundir / "manifest.json").read_text())["postedit"]["ids"]
    assert not [e for s in record(rundir, name).segments() for e in s.edits if e.rule == rule]
    assert RunState(rundir).set_rule(rule, False) == []


def test_damaged_state_files_are_reported_in_one_line(tmp_path):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "postedit.toml").write_text('[postedit]\ndisable = ["../x"]\n')
    with pytest.raises(InputError, match="list of rule ids"):
        disabled_rules(tmp_path)
    with pytest.raises(InputError, match="not a rule id"):
        RunState(tmp_path).set_rule("a b", True)


def test_a_second_review_of_a_folder_is_refused_in_one_line_naming_the_first(server, rundir):
    from translator.review.app import open_workspace

    with pytest.raises(InputError, match=rf"already being reviewed by translator review \(process {os.getpid()}\)"):
        open_workspace(rundir, [])
    result = run_cli("review", str(rundir), "--no-browser")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {rundir}: already being reviewed by translator review (process {os.getpid()}); "
        "use that one or stop it first"
    ]
    server.stop()
    open_workspace(rundir, []).state.release()  # free again once the first app stops


def test_a_write_into_a_run_folder_moved_or_deleted_meanwhile_is_refused_not_recreated(rundir, tmp_path):
    state = RunState(rundir)
    rundir.rename(tmp_path / "moved")
    for write in (lambda: state.set_rule("typo-percent", True), lambda: state.mark("a", None, True)):
        with pytest.raises(InputError, match="the run folder is gone"):
            write()
    assert not rundir.exists()
    assert not (tmp_path / "moved" / POSTEDIT_FILE).exists()
