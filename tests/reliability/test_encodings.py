"""Encodings: every way a French page's bytes can arrive gives a clear result, never a traceback.

A clear result is either an article whose French reads right (accents intact, no control
characters, mojibake repaired or flagged) or a one-line refusal saying why.
"""

from __future__ import annotations

import codecs
import json
import unicodedata

import pytest
from reliability_helpers import run_cli

from translator.errors import InputError
from translator.extract import extract_bytes

SENTENCES = (
    "Le président de la République a annoncé mardi une réforme des retraites très contestée. "
    "Les syndicats appellent à la grève générale dès la semaine prochaine dans toute la France. "
    "Selon le ministre, « l’effort demandé aux Français sera équitable » et coûtera 5 € par mois. "
    "L’opposition dénonce une œuvre de démolition sociale et réclame un référendum sur le projet. "
)
WORDS = ("président", "République", "grève", "Français", "référendum")


def page(charset: str | None = None, body: str = SENTENCES) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{body} Paragraphe {n}.</p>" for n in range(4))
    return (
        f"<!DOCTYPE html><html lang=fr><head>{meta}<title>La réforme des retraites</title></head>"
        f"<body><article><h1>La réforme des retraites est annoncée</h1>{paragraphs}</article></body></html>"
    )


def dump(body: str = SENTENCES) -> str:
    return "La réforme des retraites est annoncée\n\n" + "\n\n".join(f"{body} Paragraphe {n}." for n in range(4))


LATIN1 = SENTENCES.replace("€", "EUR").replace("’", "'").replace("œ", "oe")  # what Latin-1 can say
UTF16LE = "utf-16-le"
CASES: dict[str, tuple[bytes, str]] = {
    "utf8": (page("utf-8").encode(), "a.html"),
    "utf8-undeclared": (page().encode(), "a.html"),
    "utf8-bom": (codecs.BOM_UTF8 + page().encode(), "a.html"),
    "utf16-bom-le": (page().encode("utf-16"), "a.html"),
    "utf16-bom-be": (codecs.BOM_UTF16_BE + page().encode("utf-16-be"), "a.html"),
    "utf16-le-no-bom": (page().encode(UTF16LE), "a.html"),
    "cp1252-declared": (page("windows-1252").encode("cp1252"), "a.html"),
    "latin1-declared": (page("iso-8859-1", LATIN1).encode("latin-1"), "a.html"),
    "cp1252-undeclared": (page().encode("cp1252"), "a.html"),
    "latin1-undeclared": (page(None, LATIN1).encode("latin-1"), "a.html"),
    "cp1252-misdeclared-utf8": (page("utf-8").encode("cp1252"), "a.html"),
    "utf8-misdeclared-latin1": (page("iso-8859-1").encode("utf-8"), "a.html"),
    "double-encoded-mojibake": (page("utf-8").encode("utf-8").decode("cp1252").encode("utf-8"), "a.html"),
    "dump-utf8": (dump().encode(), "a.txt"),
    "dump-utf8-bom": (codecs.BOM_UTF8 + dump().encode(), "a.txt"),
    "dump-utf16": (dump().encode("utf-16"), "a.txt"),
    "dump-cp1252": (dump().encode("cp1252"), "a.txt"),
    "dump-mojibake": (dump().encode("utf-8").decode("cp1252").encode("utf-8"), "a.txt"),
}
LONG = SENTENCES * 60  # past the first 20,000 characters, where the reader looks for binary data
HOSTILE: dict[str, tuple[bytes, str]] = {
    "nul-early": (page().replace("annoncé", "annon\x00cé", 1).encode(), "a.html"),
    "nul-late": (page(body=LONG).replace("Paragraphe 3", "Para\x00graphe 3").encode(), "a.html"),
    "nul-everywhere": (page().replace(" ", "\x00 ").encode(), "a.html"),
    "control-chars-few": (page().replace("mardi", "mar\x07di", 1).encode(), "a.html"),
    "control-chars-late": (page(body=LONG).replace("Paragraphe 3", "Para\x1b\x08graphe 3").encode(), "a.html"),
    "control-chars-dump": (dump().replace("mardi", "mar\x0bdi\x1f").encode(), "a.txt"),
    "c1-controls": (page().replace("mardi", "mar\u0085di\u009b").encode(), "a.html"),
    "utf8-encoded-surrogate": (page().encode().replace("annoncé".encode(), b"annonc\xed\xa0\x80", 1), "a.html"),
    "utf16-lone-surrogate": (
        page().encode(UTF16LE).replace("annoncé".encode(UTF16LE), "annonc".encode(UTF16LE) + b"\x00\xd8", 1),
        "a.html",
    ),
    "entity-surrogate": (page().replace("annoncé", "annonc&#xD800;&#55296;é").encode(), "a.html"),
    "invalid-utf8-bytes": (page().encode().replace(b"mardi", b"mar\xff\xfe\xc3di", 1), "a.html"),
    "unknown-charset-label": (page("x-klingon-42").encode(), "a.html"),
    "bogus-bom-then-latin1": (codecs.BOM_UTF8 + page().encode("latin-1", "replace"), "a.html"),
}


def _text(article) -> str:
    return "\n".join(block.text for block in article.blocks)


@pytest.mark.parametrize("case", sorted(CASES))
def test_declared_misdeclared_and_undeclared_encodings_read_right(case):
    data, name = CASES[case]
    article = extract_bytes(data, name)
    text = _text(article)
    for word in WORDS:
        assert word in text, (case, article.source.encoding, text[:300])
    assert "Ã" not in text and "â€" not in text, (case, text[:300])
    codes = {flag.code for flag in article.flags}
    if "mojibake" in case:
        assert "mojibake-repaired" in codes
    else:  # valid UTF-8 is read as UTF-8 whatever the label says: nothing mis-decoded, nothing repaired
        assert not codes & {"mojibake-repaired", "mojibake"}, (case, codes)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_nul_control_and_surrogate_inputs_give_a_clear_result(case):
    data, name = HOSTILE[case]
    try:
        article = extract_bytes(data, name)
    except InputError as error:
        message = str(error)
        assert message and "\n" not in message
        return
    text = _text(article)
    bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"]
    assert not bad, (case, [f"U+{ord(c):04X}" for c in bad])
    text.encode("utf-8")  # writable: no lone surrogate survived
    # what decoded is French as written, not text decoded with the wrong table
    assert "République" in text and "Ã" not in text, (case, article.source.encoding, text[:200])


def test_every_encoding_case_through_a_run_finishes_with_reasons_and_no_traceback(tmp_path, test_model_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for case, (data, name) in {**CASES, **HOSTILE}.items():
        (inputs / f"{case}{name[1:]}").write_bytes(data)
    result = run_cli(
        "run", "in", "-o", "out", "--model", str(test_model_dir), "--no-cache", "--json", "--workers", "2",
        cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    articles = manifest["articles"]
    assert set(articles) == set(CASES) | set(HOSTILE)
    for case in CASES:
        assert articles[case]["status"] == "ok", (case, articles[case])
    for case, entry in articles.items():
        if entry["status"] == "failed":
            assert entry["reason"].startswith(f"in/{case}") and "\n" not in entry["reason"], entry
            assert "Error:" not in entry["reason"], f"an unexpected exception, not a refusal: {entry['reason']}"
        else:
            record = json.loads((tmp_path / "out" / f"{case}.json").read_text(encoding="utf-8"))
            assert all(s["target"] is not None for b in record["blocks"] for s in b["segments"])
