"""The review page in a real browser: text from the input shows literally and nothing from it runs or loads."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from translator.document import Article, Block, Segment, Source
from translator.outputs.review import article_page_path, render_article_page
from translator.outputs.review_index import RunIndex


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
    index = RunIndex(tmp_path, texts[2])
    index.add("hostile", article)
    index.add(texts[1][:40], texts[3])
    index.close()
    for html_file in (page, tmp_path / "index.html"):
        dom = chromium.dump_dom(html_file)
        # the probes only spell these words when they run
        assert "PWNED" not in dom and "data-pwned" not in dom
        for tag in ("<img", "<iframe", "<link", "<b>"):
            assert tag not in dom.lower(), tag
        assert_only_own_scripts(dom)
        assert 'data-ready="1"' in dom  # our script ran, on the hostile data
        assert "&lt;script&gt;document.title='PW'+'NED';" in dom
    assert '&lt;b&gt;pas gras&lt;/b&gt; &amp; &lt;a href="javascript:alert(1)"&gt;lien&lt;/a&gt;' in dom_of(
        chromium, page
    )
    assert requests == []


def assert_only_own_scripts(dom: str) -> None:
    scripts = re.findall(r"<script\b[^>]*>", dom, re.I)
    assert scripts and all(
        re.fullmatch(r'<script src="(review/)?(index-data|static/review)\.js">', s) for s in scripts
    ), scripts


def dom_of(chromium, page):
    return chromium.dump_dom(page)


def hostile_page(base: str) -> str:
    """A French article whose text (not markup) contains tags and scripts, plus real scripts around it."""
    shown = [
        "&lt;script&gt;document.title='PW'+'NED'&lt;/script&gt;",
        f"&lt;img src=\"{base}/pixel.png\" onerror=\"document.title='PW'+'NED-IMG'\"&gt;",
        '&lt;b&gt;pas gras&lt;/b&gt; &amp; &lt;a href="javascript:alert(1)"&gt;lien&lt;/a&gt;',
    ]
    paragraphs = [
        f"Le développeur a publié lundi un message qui contient le code {shown[0]} dans son texte.",
        f"La société explique que la balise {shown[1]} ne doit jamais être exécutée par le navigateur.",
        f"Selon le rapport, le texte {shown[2]} doit apparaître tel quel dans la traduction de l'article.",
        "Les chercheurs de la société ont présenté les résultats de leurs travaux à la presse cette semaine.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Le code &lt;script&gt; du jour</title>"
        f"<script src='{base}/tracker.js'></script></head><body><article>"
        f"<h1>Le code &lt;script&gt; et la balise &lt;b&gt; dans un article</h1>{body}</article>"
        f"<script>document.title='PW'+'NED-PAGE'</script></body></html>"
    )


def test_hostile_page_through_the_pipeline_stays_inert_in_chromium(tmp_path, chromium, beacon, test_model_dir):
    from run_helpers import records, run_cli

    base, requests = beacon
    (tmp_path / "hostile.html").write_text(hostile_page(base), encoding="utf-8")
    rundir = tmp_path / "out"
    result = run_cli("run", str(tmp_path / "hostile.html"), "-o", str(rundir), "--model", str(test_model_dir), "-q")
    assert result.returncode == 0, result.stderr
    french = " ".join(s.source for s in records(rundir)["hostile"].segments())
    assert "<script>document.title='PW'+'NED'</script>" in french  # the cleaner kept the text as text
    for page in (rundir / "index.html", rundir / "review" / "hostile.html"):
        dom = chromium.dump_dom(page)
        assert "PWNED" not in dom and "data-pwned" not in dom
        for tag in ("<img", "<iframe", "<b>"):
            assert tag not in dom.lower(), (page.name, tag)
        assert_only_own_scripts(dom)
    assert "&lt;script&gt;document.title='PW'+'NED'&lt;/script&gt;" in dom
    assert "&lt;b&gt;pas gras&lt;/b&gt;" in dom
    chromium.screenshot(rundir / "review" / "hostile.html", tmp_path / "shot.png")
    assert requests == []
