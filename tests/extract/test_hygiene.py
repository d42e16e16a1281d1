"""Invisible characters and no-break spaces: the same policy in every output (clean and run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translator.document import Article
from translator.extract import extract_bytes
from translator.extract.hygiene import drop_controls, tidy
from translator.outputs.text import render_text

ROOT = Path(__file__).resolve().parents[2]
SOFT, ZWSP, ZWNJ, ZWJ, WJ, BOM, NBSP, NNBSP, LRM = (
    "\u00ad",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00a0",
    "\u202f",
    "\u200e",
)
INVISIBLE = (SOFT, ZWSP, ZWNJ, WJ, BOM, LRM)
FAMILY = "👨\u200d👩\u200d👧"
PARAGRAPHS = [
    f"La réac{SOFT}tion du gouver{ZWSP}nement a été rapide{NBSP}: le ministre a répondu sur{NBSP}LinkedIn{NBSP}lundi, "
    f"et 1{NNBSP}000 personnes ont réagi dans la jour{WJ}née, selon les chif{ZWNJ}fres publiés par le ministère.",
    f"{BOM}Les syndicats ont demandé une réunion avant la fin du mois, une demande que le gouvernement{LRM} "
    f"étudie encore, a indiqué son porte-parole à la presse. Une famille {FAMILY} a témoigné de sa situation.",
    "Le texte doit encore passer devant le Sénat, où la majorité reste incertaine, et plusieurs amendements "
    "ont déjà été déposés par les groupes d'opposition pour modifier les articles les plus discutés.",
]


def _html() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).replace(SOFT, "&shy;")
    head = "<html><head><title>Une réforme contestée</title></head>"
    page = f"{head}<body><article><h1>Une réforme contestée</h1>{body}</article></body></html>"
    return page.encode()


def _dump() -> bytes:
    return ("Accueil\n\nUne réforme contestée\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nMentions légales\n").encode()


def _check(text: str) -> None:
    for char in INVISIBLE:
        assert char not in text, f"U+{ord(char):04X} left in the output"
    assert NBSP not in text and NNBSP not in text
    assert "réaction" in text and "gouvernement" in text and "journée" in text and "chiffres" in text
    assert "sur LinkedIn lundi" in text and "1 000 personnes" in text
    assert FAMILY in text  # the joiner inside an emoji sequence is part of the character


def test_tidy_removes_format_characters_and_plain_spaces_the_odd_ones():
    assert tidy(f"réac{SOFT}tion") == "réaction"
    assert tidy(f"a{ZWSP}b{WJ}c{BOM}d{ZWNJ}e{LRM}f") == "abcdef"
    assert tidy(f"rapide{NBSP}: 1{NNBSP}000\u2009€\u3000fin") == "rapide : 1 000 € fin"
    assert tidy(f"A{ZWJ}B") == "AB"
    assert tidy(FAMILY) == FAMILY
    assert tidy("déjà propre") == "déjà propre"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x1f", "\x7f", "\x85", "\x9f"])
def test_stray_control_characters_are_dropped_and_tab_newline_form_feed_kept(control):
    assert drop_controls(f"ré{control}action\tà\nla\x0cune") == "réaction\tà\nla\x0cune"
    clean = "réaction « vive »\u00a0!"  # non-ASCII text (UTF-8 bytes C2 AB, C2 A0) without a control
    assert drop_controls(clean) is clean


@pytest.mark.parametrize(("data", "name"), [(_html(), "page.html"), (_dump(), "page.txt")])
def test_extract_outputs_are_tidy_for_html_and_dumps(data, name):
    article = extract_bytes(data, name)
    _check(render_text(article))
    for block in article.blocks:
        assert not any(char in block.text for char in (*INVISIBLE, NBSP, NNBSP)), block.text


def test_clean_cli_outputs_are_tidy_in_every_format(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(_html())
    (tmp_path / "in" / "dump.txt").write_bytes(_dump())
    for fmt, suffix in (("text", ".txt"), ("md", ".md"), ("json", ".json")):
        out = tmp_path / fmt
        result = subprocess.run(
            [sys.executable, "-m", "translator", "clean", str(tmp_path / "in"), "-o", str(out), "--to", fmt, "-q"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        for stem in ("page", "dump"):
            text = (out / f"{stem}{suffix}").read_text("utf-8")
            if fmt == "json":
                text = render_text(Article.from_json(text))
                assert json.loads((out / f"{stem}{suffix}").read_text("utf-8"))["blocks"]
            _check(text)


def test_run_outputs_have_no_invisible_characters(tmp_path, test_model_dir):
    source = tmp_path / "page.html"
    source.write_bytes(_html())
    rundir = tmp_path / "run"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "translator",
            "run",
            str(source),
            "-o",
            str(rundir),
            "--model",
            str(test_model_dir),
            "--offline",
            "-q",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    record = Article.from_json((rundir / "page.json").read_text("utf-8"))
    french = render_text(record, english=False)
    _check(french)
    english = render_text(record, english=True)
    assert english.strip()
    for char in (*INVISIBLE, NBSP, NNBSP):
        assert char not in english
    for path in rundir.glob("page*.md"):
        written = path.read_text("utf-8")
        assert not any(char in written for char in (*INVISIBLE, NBSP, NNBSP)), path.name
