"""Reading inputs: encodings, gzip, and one-line refusals for what is not a page."""

import codecs
import gzip

import pytest

from translator.errors import InputError
from translator.extract import reader
from translator.extract.reader import decode

PAGE = "<html><body><p>L'été à Noël : déjà 3 € de hausse, « surprenant » selon l'œuvre.</p></body></html>"


def test_utf8_page_is_read_as_is():
    decoded = decode(PAGE.encode("utf-8"), "a.html")
    assert decoded.text == PAGE
    assert (decoded.format, decoded.encoding) == ("html", "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_with_or_without_bom(encoding):
    data = PAGE.encode(encoding)
    if encoding == "utf-16-le":
        assert not data.startswith(codecs.BOM_UTF16_LE)
    assert decode(data, "a.html").text == PAGE


def test_declared_windows_1252_charset_is_honoured():
    page = PAGE.replace("<html>", '<html><head><meta charset="iso-8859-1"></head>')
    decoded = decode(page.encode("cp1252"), "a.html")
    assert "« surprenant »" in decoded.text and "œuvre" in decoded.text
    assert decoded.encoding == "cp1252"


def test_undeclared_legacy_encoding_is_detected():
    text = "Le télétravail progresse dans les PME françaises, à l'été comme à Noël. " * 20
    decoded = decode(text.encode("cp1252"), "dump.txt")
    assert decoded.text.startswith("Le télétravail progresse")
    assert decoded.format == "text"


def test_gzip_input_is_decompressed():
    assert decode(gzip.compress(PAGE.encode()), "a.html.gz").text == PAGE


def test_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_DECOMPRESSED", 1000)
    with pytest.raises(InputError, match="decompressed size exceeds"):
        decode(gzip.compress(b"a" * 5000), "bomb.html.gz")


def test_corrupt_gzip_is_refused():
    with pytest.raises(InputError, match="corrupt gzip"):
        decode(gzip.compress(PAGE.encode())[:30], "a.html.gz")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode("utf-8")])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError, match="empty"):
        decode(data, "a.txt")


def test_binary_input_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary"):
        decode(png, "image.html")


def test_invalid_utf16_is_refused():
    with pytest.raises(InputError, match="undecodable"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8", "a.txt")


def test_format_from_suffix_or_content():
    assert decode(b"Une ligne de texte.", "notes").format == "text"
    assert decode(PAGE.encode(), "page").format == "html"
    assert decode(PAGE.encode(), "page.txt").format == "text"
    assert decode(b"Texte.", "x", fmt="html").format == "html"


def _lines_page(charset: str) -> str:
    """A many-line page declaring `charset`, the shape of a real one (the reader decides line by line)."""
    paragraphs = "\n".join(f"<p>Paragraphe {n} : l’été à Noël, « déjà » 3 € pour l’œuvre.</p>" for n in range(12))
    return (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="{charset}">\n'
        "<title>Télétravail : les PME y prennent goût</title>\n</head>\n<body>\n<nav>Économie · Société</nav>\n"
        f"<article>\n<h1>Télétravail : les PME y prennent goût</h1>\n{paragraphs}\n</article>\n</body>\n</html>\n"
    )


@pytest.mark.parametrize("label", ["koi8-r", "macintosh", "iso-8859-1"])
def test_valid_utf8_wins_over_a_declared_legacy_label(label):
    page = _lines_page(label)
    decoded = decode(page.encode("utf-8"), "a.html")
    assert (decoded.text, decoded.encoding) == (page, "utf-8")
    assert decoded.legacy_lines == 0


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "UTF-16BE"])
@pytest.mark.parametrize("accents", [True, False], ids=["accents", "ascii"])
def test_a_meta_utf16_label_on_bytes_without_bom_means_utf8(label, accents):
    page = _lines_page(label) if accents else f'<html><head><meta charset="{label}"></head><p>Bonjour.</p></html>'
    page += " " * (len(page.encode()) % 2)  # an even length, which UTF-16 would decode (into nonsense)
    decoded = decode(page.encode("utf-8"), "a.html")
    assert (decoded.text, decoded.encoding) == (page, "utf-8")


def test_a_mostly_utf8_page_with_cp1252_lines_is_decoded_line_by_line_and_flagged():
    from translator.extract import extract_bytes

    lines = _lines_page("utf-8").split("\n")
    data = "\n".join(lines[:14]).encode("utf-8") + b"\n" + "\n".join(lines[14:]).encode("cp1252")
    decoded = decode(data, "a.html")
    assert (decoded.text, decoded.encoding) == ("\n".join(lines), "utf-8+cp1252")
    assert decoded.legacy_lines == 8
    article = extract_bytes(data, "a.html")
    assert "Paragraphe 11 : l’été à Noël, « déjà » 3 € pour l’œuvre." in [b.text for b in article.blocks]
    assert article.source.encoding == "utf-8+cp1252"
    assert [(f.code, f.message) for f in article.flags] == [
        ("mixed-encoding", "8 line(s) of a UTF-8 page were not UTF-8; read as cp1252")
    ]


def test_a_genuine_cp1252_page_is_still_read_with_its_declared_charset():
    # one line is valid UTF-8 by chance ("à", a no-break space, "»" are E0 A0 BB): not enough to call it mixed
    page = _lines_page("windows-1252").replace("<nav>Économie · Société</nav>", "<nav>Voilà\xa0»</nav>")
    data = page.encode("cp1252")
    assert sum(1 for line in data.split(b"\n") if not line.isascii() and _is_utf8(line)) == 1
    decoded = decode(data, "a.html")
    assert (decoded.text, decoded.encoding) == (page, "cp1252")
    assert decoded.legacy_lines == 0


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
