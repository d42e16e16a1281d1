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
