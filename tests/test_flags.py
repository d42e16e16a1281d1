"""The flag registry: every code raised anywhere is registered, each with one severity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translator.document import SEVERITIES
from translator.flags import codes_of, flag, flag_codes

SOURCE = Path(__file__).resolve().parents[1] / "translator"


def test_every_code_raised_in_the_code_is_registered():
    raised = set()
    for path in SOURCE.rglob("*.py"):
        raised.update(re.findall(r'\bflag\(\s*"([a-z-]+)"', path.read_text(encoding="utf-8")))
    assert raised, "no flag() call found: the scan is broken"
    assert raised <= set(flag_codes()), sorted(raised - set(flag_codes()))


def test_severity_comes_from_the_registry():
    assert flag("untranslated", "x").severity == "error"
    assert flag("glossary-order", "x").severity == "info"
    assert all(code.severity in SEVERITIES for code in flag_codes().values())


def test_unknown_code_is_refused():
    with pytest.raises(KeyError):
        flag("no-such-code", "x")


def test_the_qa_checks_own_only_their_codes():
    assert "untranslated" in codes_of("qa")
    assert "source-sentence-joined" not in codes_of("qa")
    assert "glossary-order" not in codes_of("qa")
