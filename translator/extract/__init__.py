"""The scraper/cleaner: a page (HTML or text dump) in, a structured `Article` out.

`extract_path` and `extract_bytes` raise `InputError` (one-line message) for inputs that are not
pages. Every block the cleaner removes is kept in `article.removed` with its category and rule.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from translator.document import Article, Block, Source
from translator.errors import InputError
from translator.extract.hygiene import drop_controls, tidy
from translator.extract.mojibake import repair as repair_mojibake
from translator.extract.reader import decode
from translator.extract.rules import BoilerplateRules, load_rules
from translator.flags import flag
from translator.inputs.names import printable, stem_of

__all__ = ["extract_bytes", "extract_path", "load_rules"]
MAX_INPUT_BYTES = 64 * 1024 * 1024
# News pages have a few thousand elements (at most 1,737 in the evaluation set); past this a page
# is hostile or not an article, and trafilatura's time grows with the square of the count.
MAX_HTML_ELEMENTS = 30_000
MAX_TEXT_LINES = 20_000  # non-blank lines of a text dump, for the same reason
_ELEMENT = re.compile(r"<[a-zA-Z]")


def extract_path(path: str | Path, rules: BoilerplateRules | None = None, *, require_french: bool = False) -> Article:
    """Read and clean one file (.html, .htm, .txt, optionally gzipped)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"file too large ({size:,} bytes, limit {MAX_INPUT_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    article = extract_bytes(data, path.name, rules=rules, require_french=require_french)
    article.source.path = printable(str(path))
    return article


def extract_bytes(
    data: bytes,
    name: str,
    *,
    fmt: str | None = None,
    rules: BoilerplateRules | None = None,
    url: str | None = None,
    require_french: bool = False,
) -> Article:
    """Clean one page given as bytes; `name` gives the output stem and, with no `fmt`, the format.

    A text that is clearly not French gets a `not-french` warning flag, or an InputError when
    `require_french` is set (the translation pipeline wants that; the cleaner alone does not).
    """
    from translator.extract.cleaner import apply_rules
    from translator.extract.language import detect

    rules = rules if rules is not None else load_rules()
    decoded = decode(data, name, fmt)
    _check_structure(decoded.text, decoded.format)
    repaired = repair_mojibake(decoded.text)
    decoded.text = drop_controls(repaired.text)
    if decoded.format != "html":
        decoded.text = tidy(decoded.text)
    source = Source(
        name=stem_of(Path(name).name),
        url=url,
        format=decoded.format,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
    )
    article = Article(source=source, provenance={"extractor": dict(_extractor_version(decoded.format))})
    if decoded.legacy_lines:
        legacy = decoded.encoding.removeprefix("utf-8+")
        article.flags.append(
            flag("mixed-encoding", f"{decoded.legacy_lines} line(s) of a UTF-8 page were not UTF-8; read as {legacy}")
        )
    if repaired.repaired_lines:
        article.flags.append(
            flag("mojibake-repaired", f"{repaired.repaired_lines} line(s) of mis-decoded text (Ã©) repaired")
        )
    if repaired.remaining_lines:
        article.flags.append(
            flag("mojibake", f"{repaired.remaining_lines} line(s) still look mis-decoded (Ã©); check them")
        )
    dump_text = decoded.text
    if decoded.format == "html":
        from translator.extract.html import extract_page

        page = extract_page(decoded.text, url)
        source.site, source.author, source.date = _tidy(page.site), _tidy(page.author), page.date
        page.blocks = [Block(b.kind, tidy(b.text)) for b in page.blocks]
        if page.blocks:
            kept, article.removed = apply_rules(page.blocks, rules, link_lists=page.link_lists)
            article.blocks = [b for b in kept if b is not None]
            dump_text = None
        else:
            dump_text = tidy(page.visible_text or "")
            article.flags.append(flag("no-main-content", "no main content found; classified visible text"))
    language = detect(" ".join(b.text for b in article.blocks) if dump_text is None else dump_text)
    source.language = language
    if dump_text is not None:
        from translator.extract.textdump import classify_dump

        article.blocks, article.removed = classify_dump(dump_text, rules, language)
    if not any(b.kind != "title" for b in article.blocks):
        raise InputError("no article text found")
    if language not in (None, "fr"):
        if require_french:
            raise InputError(f"not French (looks like '{language}')")
        article.flags.append(flag("not-french", f"the text looks like '{language}', not French"))
    return article


def _tidy(value: str | None) -> str | None:
    return tidy(value).strip() or None if value else value


def _check_structure(text: str, fmt: str) -> None:
    """Refuse pages whose sheer structure would take minutes to clean: not articles."""
    if fmt == "html":
        # every element starts with "<", so their count is only worth taking past that many "<"
        elements = len(_ELEMENT.findall(text)) if text.count("<") > MAX_HTML_ELEMENTS else 0
        if elements > MAX_HTML_ELEMENTS:
            raise InputError(f"page has {elements:,} HTML elements (limit {MAX_HTML_ELEMENTS:,}); not an article page")
    else:
        lines = sum(1 for line in text.split("\n") if line.strip())
        if lines > MAX_TEXT_LINES:
            raise InputError(f"text has {lines:,} lines (limit {MAX_TEXT_LINES:,}); not an article")


@cache
def _extractor_version(fmt: str) -> dict[str, str]:
    from importlib.metadata import version

    if fmt == "html":
        return {"method": "trafilatura+rules", "trafilatura": version("trafilatura")}
    return {"method": "textdump-classifier+rules"}
