"""The review pages: every piece of input text escaped, nothing loaded or run, highlights and flags in place."""

import re

from translator.document import Article, Block, Edit, Flag, GlossaryHit, RemovedBlock, Segment, Source
from translator.outputs.review import ReviewEntry, highlight, render_article_page, render_index, safe_link

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>gras</b> & "quotes"'


def _article(url: str | None = "https://example.com/a") -> Article:
    source = "Selon <i>Le Monde</i>, le supercalcul progresse."
    start = source.index("supercalcul")
    return Article(
        source=Source(name="hostile", url=url, path="in/hostile.html"),
        blocks=[
            Block("title", HOSTILE, segments=[Segment("b000.s00", HOSTILE, target=HOSTILE)]),
            Block(
                "paragraph",
                source,
                segments=[
                    Segment(
                        "b001.s00",
                        source,
                        target="According to <i>Le Monde</i>, supercomputing is progressing.",
                        glossary=[
                            GlossaryHit(
                                "supercalcul", "supercalcul", "supercomputing", "term", start, start + 11, "masked"
                            )
                        ],
                        edits=[Edit("typo-quotes", "« x »", "“x”", 3)],
                        flags=[Flag("numbers-changed", "warning", "<u>2</u> is missing")],
                    )
                ],
            ),
        ],
        removed=[RemovedBlock("<a href='javascript:alert(1)'>Lire aussi</a>", "related", "related-lire-aussi", 4)],
        flags=[Flag("article-flag", "error", "<blink>whole article</blink>")],
    )


def test_article_page_escapes_all_input_text():
    page = render_article_page(_article())
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "<i>" not in page and "<u>" not in page and "<blink>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;i&gt;Le Monde&lt;/i&gt;" in page
    assert "&lt;blink&gt;whole article&lt;/blink&gt;" in page


def test_pages_load_nothing_remote_and_forbid_scripts():
    for page in (render_article_page(_article()), render_index([ReviewEntry("hostile", _article())], "run")):
        assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.I)
        assert "@import" not in page and "url(" not in page
        assert "script-src" in page or "default-src 'none'" in page
        # the only hrefs are our own relative pages and the http(s) source link
        for href in re.findall(r'href="([^"]*)"', page):
            assert href.startswith(("review/", "../index.html", "https://example.com/")), href


def test_javascript_and_data_urls_never_become_links():
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x"):
        assert safe_link(url) is None
        page = render_article_page(_article(url))
        assert 'href="javascript' not in page.lower() and 'href="data' not in page.lower()
        assert "<script" not in page.lower()
    assert safe_link("http://example.com/x") == "http://example.com/x"


def test_glossary_hits_edits_and_flags_are_shown_where_they_apply():
    page = render_article_page(_article())
    row = page[page.index('id="b001.s00"') :]
    row = row[: row.index("</tr>")]
    assert '<mark class="gloss" title="glossary: supercalcul → supercomputing (masked)">supercalcul</mark>' in row
    assert '<mark class="gloss" title="glossary: supercalcul">supercomputing</mark>' in row
    assert "numbers-changed" in row and "&lt;u&gt;2&lt;/u&gt; is missing" in row
    assert "typo-quotes" in row and "<ins>“x”</ins>" in row
    assert re.search(r'<tr class="[^"]*\bflagged\b[^"]*" id="b001.s00">', page)
    assert not re.search(r'<tr class="[^"]*\bflagged\b[^"]*" id="b000.s00">', page)
    title_row = page[page.index('id="b000.s00"') :]
    assert "numbers-changed" not in title_row[: title_row.index("</tr>")]


def test_highlight_escapes_inside_and_outside_marks_and_skips_overlaps():
    from translator.outputs.review import _Span

    out = str(highlight("<a> & <b>", [_Span(0, 3, "gloss", '"t"'), _Span(1, 2, "edit", "x"), _Span(6, 9, "edit", "<")]))
    assert (
        out == '<mark class="gloss" title="&#34;t&#34;">&lt;a&gt;</mark> &amp; '
        '<mark class="edit" title="&lt;">&lt;b&gt;</mark>'
    )


def test_index_lists_articles_with_flags_and_failures_with_reasons():
    page = render_index(
        [ReviewEntry("hostile", _article()), ReviewEntry("broken<b>", None, "broken<b>.bin: binary file, not a page")],
        "out",
    )
    assert 'href="review/hostile.html"' in page
    assert "article-flag" in page and "numbers-changed" in page and "on 1 segment" in page
    assert "broken&lt;b&gt;.bin: binary file, not a page" in page
    assert "2 articles" in page and "1 failed" in page
    assert "1 error / 1 warning / 0 info flags" in page


def test_renderings_are_highlighted_as_whole_words_only():
    segment = Segment(
        "b000.s00",
        "l'IA finance",
        target="It financially backs AI",
        glossary=[GlossaryHit("IA", "IA", "IA", "forbid", 2, 4), GlossaryHit("IA", "IA", "AI", "term", 2, 4)],
    )
    article = Article(source=Source(name="w"), blocks=[Block("paragraph", segment.source, segments=[segment])])
    page = render_article_page(article)
    assert "financially" in page and "financ<mark" not in page
    assert '<mark class="gloss" title="glossary: IA">AI</mark>' in page
