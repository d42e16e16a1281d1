"""Inputs: files, folders, globs, stdin and URLs (a server on 127.0.0.1), with names that never collide."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from translator.errors import InputError
from translator.inputs import USER_AGENT, InputItem, Limits, fetch_url, read_input, resolve_inputs, stem_of

PAGE = "<html><body><p>Bonjour à tous.</p></body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    seen_agents: ClassVar[list[str]] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        _Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
            return
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.end_headers()
            return
        kinds = {"/page.html": ("text/html; charset=utf-8", PAGE), "/image.png": ("image/png", b"\x89PNG" + b"\0" * 64)}
        if self.path == "/big.html":
            kinds[self.path] = ("text/html", b"<p>" + b"a" * 200_000 + b"</p>")
        if self.path not in kinds:
            self.send_error(404)
            return
        content_type, body = kinds[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_stems_drop_page_extensions():
    assert stem_of("a.html.gz") == "a"
    assert stem_of("Le-Monde.article.HTML") == "Le-Monde.article"
    assert stem_of("notes.txt") == "notes"
    assert stem_of(".html") == ".html"
    assert stem_of("feed.jsonl.gz") == "feed"


def test_folders_recurse_globs_expand_and_names_stay_unique(tmp_path):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "x.html").write_text("x")
    (tmp_path / "a" / "deep" / "x.txt").write_text("x")
    (tmp_path / "a" / "deep" / "skip.pdf").write_text("x")
    (tmp_path / "b.htm").write_text("x")
    resolution = resolve_inputs(
        [str(tmp_path / "a"), str(tmp_path / "*.htm"), str(tmp_path / "a" / "x.html"), "nope.html", "-"], stdin=b"s"
    )
    items, missing = resolution.items, resolution.failures
    assert [i.name for i in items] == ["deep-x", "a-x", "b", "stdin"]
    assert [i.label.rsplit("/", 1)[-1] for i in items] == ["x.txt", "x.html", "b.htm", "-"]
    assert items[-1].data == b"s"
    assert missing == [("nope.html", "no such file or folder")]


def test_file_over_the_size_limit_is_refused(tmp_path):
    page = tmp_path / "big.html"
    page.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match="over the 1,000-byte input limit"):
        read_input(InputItem("big", str(page), path=str(page)), Limits(max_bytes=1000))


def test_url_fetch_follows_redirects_and_sends_a_user_agent(server):
    assert fetch_url(server + "/moved", Limits(timeout=5)) == PAGE
    assert USER_AGENT in _Handler.seen_agents
    (item,) = resolve_inputs([server + "/news/moved"]).items
    assert item.name == "moved" and item.url


@pytest.mark.parametrize(
    ("path", "limits", "message"),
    [
        ("/image.png", Limits(timeout=5), "not an HTML page"),
        ("/missing.html", Limits(timeout=5), "HTTP 404"),
        ("/big.html", Limits(timeout=5, max_bytes=100_000), "over the 100,000-byte input limit"),
        ("/slow", Limits(timeout=0.5), "timed out"),
    ],
)
def test_url_failures_are_one_line_input_errors(server, path, limits, message):
    start = time.monotonic()
    with pytest.raises(InputError, match=message):
        fetch_url(server + path, limits)
    assert time.monotonic() - start < 2.5
