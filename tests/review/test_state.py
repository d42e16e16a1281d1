"""Reviewed marks and rules turned off, kept in the run folder; the next run into the folder honours the rules."""

from __future__ import annotations

import json

import pytest
from review_helpers import record, translate_run

from translator.errors import InputError
from translator.review.state import MARKS_FILE, RunState, disabled_rules


def test_marks_round_trip_and_clear_themselves(tmp_path):
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
