"""URL fetching against hostile servers on 127.0.0.1: trickling, credentials, redirects.

Every server here listens on 127.0.0.1 and stops by itself (a bounded number of bytes, a bounded
lifetime), so a test that fails never leaves one behind.
"""

from __future__ import annotations

import base64
import gzip
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from translator.errors import InputError
from translator.inputs import Limits, fetch_url, read_input, resolve_inputs

PAGE = b"<html><body><p>Bonjour.</p></body></html>"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
SERVER_LIFETIME = 15.0


@contextmanager
def raw_server(respond) -> Iterator[tuple[int, list[bytes]]]:
    """A one-thread-per-connection server: `respond(request, send)` answers each request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    requests: list[bytes] = []
    ends = time.monotonic() + SERVER_LIFETIME

    def handle(conn: socket.socket) -> None:
        conn.settimeout(2)
        with conn:
            request = b""
            try:
                while b"\r\n\r\n" not in request and time.monotonic() < ends:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                requests.append(request)
                respond(request, conn, ends)
            except OSError:
                pass  # the client hung up: what a timed-out fetch does

    def serve() -> None:
        while time.monotonic() < ends:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], requests
    finally:
        listener.close()


def trickle(data: bytes, delay: float = 0.5):
    """A responder that sends `data` one byte every `delay` seconds."""

    def respond(request: bytes, conn: socket.socket, ends: float) -> None:
        for byte in data:
            if time.monotonic() > ends:
                return
            conn.sendall(bytes([byte]))
            time.sleep(delay)

    return respond


def _fast(prefix: bytes, slow: bytes):
    def respond(request: bytes, conn: socket.socket, ends: float) -> None:
        conn.sendall(prefix)
        trickle(slow)(request, conn, ends)

    return respond


@pytest.mark.parametrize(
    "respond",
    [
        trickle(HEAD + b"Content-Length: 40\r\n\r\n" + PAGE),  # the headers trickle
        _fast(HEAD + b"Content-Length: 40\r\n\r\n", PAGE),  # the body trickles, with a length
        _fast(HEAD + b"Transfer-Encoding: chunked\r\n\r\n", b"1\r\na\r\n" * 40 + b"0\r\n\r\n"),  # chunked
        _fast(HEAD + b"Connection: close\r\n\r\n", PAGE),  # no length: the body ends when the server closes
    ],
    ids=["headers", "body", "chunked", "until-close"],
)
def test_timeout_bounds_the_whole_fetch_against_a_trickling_server(respond):
    with raw_server(respond) as (port, _):
        start = time.monotonic()
        with pytest.raises(InputError, match=r"^http://127\.0\.0\.1:\d+/page: timed out after 2 s$"):
            fetch_url(f"http://127.0.0.1:{port}/page", Limits(timeout=2))
        assert time.monotonic() - start < 3.0


def test_timeout_bounds_a_tls_handshake_the_server_never_answers():
    with raw_server(trickle(b"")) as (port, _):
        start = time.monotonic()
        with pytest.raises(InputError, match=r"timed out after 1\.5 s$"):
            fetch_url(f"https://localhost:{port}/page", Limits(timeout=1.5))
        assert time.monotonic() - start < 2.5


def _answer(routes: dict[str, bytes]):
    def respond(request: bytes, conn: socket.socket, ends: float) -> None:
        path = request.split(b" ", 2)[1].decode()
        conn.sendall(routes.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))

    return respond


def _redirect(location: str) -> bytes:
    return f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()


OK = HEAD + f"Content-Length: {len(PAGE)}\r\n\r\n".encode() + PAGE


def _cut(body: bytes, encoding: bytes = b"") -> bytes:
    """A response declaring `body`'s length but sending only half of it (the server then closes)."""
    return HEAD + encoding + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[: len(body) // 2]


def test_a_body_short_of_its_content_length_is_refused_like_a_cut_chunked_one():
    zipped = gzip.compress(PAGE * 20)
    gzip_header = b"Content-Encoding: gzip\r\n"
    routes = {
        "/cut": _cut(PAGE),
        "/cut-gzip": _cut(zipped, gzip_header),  # the length is of the encoded body, as sent
        "/gzip": HEAD + gzip_header + f"Content-Length: {len(zipped)}\r\n\r\n".encode() + zipped,
        "/chunked": HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"10\r\n" + PAGE[:16] + b"\r\n",
    }
    with raw_server(_answer(routes)) as (port, _):
        for path in ("/cut", "/cut-gzip", "/chunked"):
            url = f"http://127.0.0.1:{port}{path}"
            with pytest.raises(InputError) as caught:
                fetch_url(url, Limits(timeout=5))
            assert str(caught.value) == f"{url}: cannot fetch (the server closed the connection early)"
        assert fetch_url(f"http://127.0.0.1:{port}/gzip", Limits(timeout=5)) == zipped


def _header(request: bytes, name: bytes) -> bytes | None:
    for line in request.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def test_credentials_go_only_as_basic_auth_to_their_host_and_are_never_shown(tmp_path):
    lookups: list[tuple] = []

    def audit(event, args):
        if event == "socket.getaddrinfo":
            lookups.append(args)

    sys.addaudithook(audit)
    routes: dict[str, bytes] = {"/page": OK}
    with raw_server(_answer(routes)) as (port, requests):
        routes["/same"] = _redirect("/page")
        routes["/other"] = _redirect(f"http://127.0.0.1:{port}/page")  # localhost → 127.0.0.1: another host
        spec = f"http://user:s%40cret@localhost:{port}/same"
        resolution = resolve_inputs([spec, f"http://user:s%40cret@localhost:{port}/other"])
        shown = repr(resolution) + "".join(f"{i.label}{i.name}{i.url}{i.origin}{i.filename}" for i in resolution.items)
        assert "cret" not in shown and "user" not in shown, shown
        assert resolution.items[0].label == f"http://localhost:{port}/same"
        assert [read_input(item, Limits(timeout=5)) for item in resolution.items] == [PAGE, PAGE]
    token = b"Basic " + base64.b64encode(b"user:s@cret")
    assert [_header(request, b"Authorization") for request in requests] == [token, token, token, None]
    assert all(b"cret" not in _header(request, b"Host") for request in requests)
    assert lookups and all("cret" not in str(args[0]) and "user" not in str(args[0]) for args in lookups), lookups


def test_a_fetch_error_never_shows_the_password():
    with pytest.raises(InputError) as caught:
        fetch_url("http://user:hunter2@127.0.0.1:9/page.html", Limits(timeout=2))
    assert "hunter2" not in str(caught.value) and "user" not in str(caught.value)
    malformed = resolve_inputs(["http://user:hun/ter2@127.0.0.1:80/page"])
    assert "hun" not in repr(malformed) and "ter2" not in repr(malformed), malformed


def test_redirects_to_other_schemes_are_refused_before_connecting():
    touched: list[bytes] = []
    with raw_server(lambda request, conn, ends: touched.append(request)) as (ftp_port, _):
        routes = {"/ftp": _redirect(f"ftp://127.0.0.1:{ftp_port}/file"), "/file": _redirect("file:///etc/passwd")}
        with raw_server(_answer(routes)) as (port, _):
            for path, scheme in (("/ftp", "ftp"), ("/file", "file")):
                with pytest.raises(InputError, match=f"redirected to a {scheme} address, which is not fetched"):
                    fetch_url(f"http://127.0.0.1:{port}{path}", Limits(timeout=5))
        time.sleep(0.3)
    assert touched == []


def test_redirect_loops_and_too_many_redirects_get_one_line():
    routes = {"/a": _redirect("/b"), "/b": _redirect("/a")}
    routes.update({f"/hop{n}": _redirect(f"/hop{n + 1}") for n in range(10)})
    with raw_server(_answer(routes)) as (port, _):
        with pytest.raises(InputError, match=rf"^http://127\.0\.0\.1:{port}/a: redirect loop \(back to .*/a\)$"):
            fetch_url(f"http://127.0.0.1:{port}/a", Limits(timeout=5))
        with pytest.raises(InputError, match=r"too many redirects \(more than 3\)$"):
            fetch_url(f"http://127.0.0.1:{port}/hop0", Limits(timeout=5, max_redirects=3))


def test_network_failures_are_plain_words():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(InputError) as caught:
        fetch_url(f"http://127.0.0.1:{port}/page", Limits(timeout=5))
    assert str(caught.value) == f"http://127.0.0.1:{port}/page: cannot fetch (connection refused)"
    garbage = _answer({"/garbage": b"NOT HTTP AT ALL\r\n\r\n"})
    with raw_server(garbage) as (port, _), pytest.raises(InputError) as caught:
        fetch_url(f"http://127.0.0.1:{port}/garbage", Limits(timeout=5))
    assert str(caught.value) == f"http://127.0.0.1:{port}/garbage: cannot fetch (the server's answer is not valid HTTP)"
    assert resolve_inputs(["ftp://127.0.0.1/x"]).failures == [
        ("ftp://127.0.0.1/x", "only http and https URLs can be fetched")
    ]
