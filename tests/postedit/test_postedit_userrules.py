"""User pattern rules from TSV and TOML files: loaded in order, validated, bounded in time."""

from __future__ import annotations

import pytest
from postedit_helpers import fixed

from translator.errors import RulesError
from translator.postedit import PosteditConfig, rule_set
from translator.postedit.userrules import load_user_rules


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_tsv_rules(tmp_path):
    path = _write(
        tmp_path / "house.tsv",
        "id\tpattern\treplacement\tside\tdescription\n"
        "# house style\n"
        "us-spelling\t\\bcolour\\b\tcolor\ttarget\tAmerican spelling\n"
        "fr-oe\t\\boeuvre\\b\tœuvre\tsource\tLigature\n"
        "swap-date\t(\\d+) (January|March)\t\\2 \\1\ttarget\tMonth first\n",
    )
    rules = load_user_rules([path], set())
    assert [(r.id, r.side, r.category) for r in rules] == [
        ("us-spelling", "target", "user"),
        ("fr-oe", "source", "user"),
        ("swap-date", "target", "user"),
    ]
    assert fixed(rules[0], "the colour of money") == "the color of money"
    assert fixed(rules[1], "une oeuvre majeure") == "une œuvre majeure"
    assert fixed(rules[2], "on 3 March 2024") == "on March 3 2024"


def test_toml_rules_join_the_rule_set_after_the_builtins(tmp_path):
    path = _write(
        tmp_path / "house.toml",
        '[[rule]]\nid = "per-cent"\npattern = "(\\\\d)%"\nreplacement = "\\\\1 per cent"\nside = "target"\n'
        'description = "Guardian style"\n',
    )
    ids = rule_set(PosteditConfig(rule_files=(path,))).ids
    assert ids.index("per-cent") > ids.index("dates-capitalise")
    assert ids[-1] == "glossary-restore"
    (rule,) = load_user_rules([path], set())
    assert fixed(rule, "a 5% rise") == "a 5 per cent rise"
    assert "per-cent" not in rule_set(PosteditConfig(rule_files=(path,), disable=frozenset({"per-cent"}))).ids


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("bad id\tx\ty\ttarget\t", "rule id"),
        ("typo-spaces\tx\ty\ttarget\t", "already used"),
        ("r1\t(unclosed\ty\ttarget\t", "bad pattern"),
        ("r1\tx*\ty\ttarget\t", "empty text"),
        ("r1\t(a)b\t\\2\ttarget\t", "group"),
        ("r1\tx\ty\tboth\t", "side"),
        ("r1", "separated by tabs"),
    ],
)
def test_bad_rule_is_refused_with_file_and_line(tmp_path, line, message):
    path = _write(tmp_path / "bad.tsv", "# comment\n" + line + "\n")
    with pytest.raises(RulesError, match=message) as error:
        rule_set(PosteditConfig(rule_files=(path,)))
    assert "bad.tsv:2" in str(error.value)


def test_unreadable_or_bad_toml_is_one_line_error(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_user_rules([tmp_path / "missing.tsv"], set())
    with pytest.raises(RulesError, match=r"bad\.toml"):
        load_user_rules([_write(tmp_path / "bad.toml", "[[rule]\n")], set())


def test_catastrophic_pattern_times_out_and_is_reported(tmp_path):
    path = _write(tmp_path / "slow.tsv", "slow\t(a|aa)+$\tx\ttarget\tcatastrophic backtracking\n")
    (rule,) = load_user_rules([path], set())
    from translator.postedit.rules import Context

    context = Context(PosteditConfig(regex_timeout=0.05))
    assert list(rule.find("a" * 40 + "c", context)) == []
    assert context.problems == ["user rule slow timed out and was skipped"]
