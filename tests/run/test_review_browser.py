"""The review page in a real browser: text from the input shows literally and nothing from it runs or loads."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from translator.document import Article, Block, Segment, Source
from translator.outputs.review import ReviewEntry, article_page_path, render_article_page, render_index


@pytest.fixture
def beacon():
    """A server on 127.0.0.1 that records every request: the page must never contact it."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript")
            self.end_headers()
            self.wfile.write(b"document.title='PWNED-REMOTE';")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()


def hostile_texts(base: str) -> list[str]:
    return [
        "<script>document.title='PW'+'NED';document.body.setAttribute('data-'+'pwned','script')</script>",
        f"<img src=\"{base}/img.png\" onerror=\"document.title='PW'+'NED-IMG'\">",
        f'<script src="{base}/remote.js"></script> <b>pas gras</b> & <a href="javascript:alert(1)">lien</a>',
        f'<link rel="stylesheet" href="{base}/style.css"><iframe src="{base}/frame"></iframe>',
    ]


def test_hostile_text_shows_literally_and_nothing_executes(tmp_path, chromium, beacon):
    base, requests = beacon
    texts = hostile_texts(base)
    segments = [Segment(f"b001.s{i:02d}", text, target=text) for i, text in enumerate(texts)]
    article = Article(
        source=Source(name="hostile", url="javascript:document.title='PW'+'NED'"),
        blocks=[
            Block("title", texts[0], segments=[Segment("b000.s00", texts[0], target=texts[0])]),
            Block("paragraph", " ".join(texts), segments=segments),
        ],
    )
    page = tmp_path / article_page_path("hostile")
    page.parent.mkdir()
    page.write_text(render_article_page(article))
    (tmp_path / "index.html").write_text(render_index([ReviewEntry("hostile", article)], "run"))
    for html_file in (page, tmp_path / "index.html"):
        dom = chromium.dump_dom(html_file)
        # the probes only spell these words when they run
        assert "PWNED" not in dom and "data-pwned" not in dom
        for tag in ("<script", "<img", "<iframe", "<link", "<b>"):
            assert tag not in dom.lower(), tag
        assert "&lt;script&gt;document.title='PW'+'NED';" in dom
    assert '&lt;b&gt;pas gras&lt;/b&gt; &amp; &lt;a href="javascript:alert(1)"&gt;lien&lt;/a&gt;' in dom_of(
        chromium, page
    )
    assert requests == []


def dom_of(chromium, page):
    return chromium.dump_dom(page)
