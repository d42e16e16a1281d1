"""The review pages: every piece of input text escaped, nothing loaded or run, highlights and flags in place."""

import html
import re

from translator.document import Article, Block, Edit, Flag, GlossaryHit, RemovedBlock, Segment, Source
from translator.outputs.review import highlight, render_article_page, safe_link
from translator.outputs.review_index import article_summary, failure_summary, render_data, render_index_page

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
    assert page.lower().count("<script") == 2  # index-data.js and static/review.js, nothing from the input
    assert "<img" not in page.lower()
    assert "<i>" not in page and "<u>" not in page and "<blink>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;i&gt;Le Monde&lt;/i&gt;" in page
    assert "&lt;blink&gt;whole article&lt;/blink&gt;" in page


def _index(entries, title="run") -> str:
    return render_index_page([*entries], title)


def test_pages_load_nothing_remote_and_run_only_the_shipped_scripts():
    for page in (render_article_page(_article()), _index([article_summary("hostile", _article())])):
        assert not re.search(r"<(link|img|iframe|object|embed)\b", page, re.I)
        scripts = re.findall(r"<script\b[^>]*>", page, re.I)
        assert scripts and all(
            re.fullmatch(r'<script src="(review/)?(static/review\.js|index-data\.js)">', s) for s in scripts
        )
        assert "@import" not in page and "url(" not in page
        assert "default-src 'none'; script-src 'self';" in html.unescape(page)
        # the only hrefs are our own relative pages and the http(s) source link
        for href in re.findall(r'href="([^"]*)"', page):
            assert href.startswith(("review/", "../index.html", "https://example.com/", "#")), href


def test_javascript_and_data_urls_never_become_links():
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x"):
        assert safe_link(url) is None
        page = render_article_page(_article(url))
        assert 'href="javascript' not in page.lower() and 'href="data' not in page.lower()
        assert page.lower().count("<script") == 2  # index-data.js and static/review.js, nothing from the input
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
    summaries = [
        article_summary("hostile", _article()),
        failure_summary("broken<b>", "broken<b>.bin: binary file, not a page"),
    ]
    page = _index(summaries, "out")
    assert 'href="review/hostile.html"' in page
    assert 'href="review/hostile.html#b001.s00">numbers-changed 1</a>' in page  # the flag links to its segment
    assert "article-flag" in page
    assert "broken&lt;b&gt;.bin: binary file, not a page" in page
    assert "2 articles" in page and "1 failed" in page
    assert "status: 1 error, 0 warning, 0 info, 0 ok" in page
    data = render_data(summaries)
    assert "<" not in data and "\\u003cb>" in data


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


def test_flagged_words_are_highlighted_and_whitespace_edits_folded():
    segment = Segment(
        "b000.s00",
        "Il a dit que les gens sont là.",
        target="He said that that people are\u202fthere.",
        edits=[Edit("nnbsp", " ", "\u202f", 28), Edit("typo", "tehre", "there", 29)],
        flags=[Flag("doubled-word", "info", "doubled: that")],
    )
    article = Article(source=Source(name="w"), blocks=[Block("paragraph", segment.source, segments=[segment])])
    page = render_article_page(article)
    assert '<mark class="flagword info" title="doubled-word: that">that</mark>' in page
    folded = page[page.index('<details class="ws">') :]
    assert "1 whitespace edit<" in folded and "nnbsp" in folded[: folded.index("</details>")]
    notes = page[page.index('<ul class="notes">') : page.index('<details class="ws">')]
    assert "nnbsp" not in notes and "typo" in notes
