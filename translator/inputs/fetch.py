"""Fetching an http(s) page: the whole fetch bounded in time, credentials kept to their own host.

`Limits.timeout` bounds everything from the name lookup to the last byte of the body: a watchdog
shuts the socket down when the time is up, so a server that trickles its headers or body one byte
at a time cannot keep the fetch alive. `user:password@` in a URL is taken out before anything is
looked up, sent only as HTTP Basic auth to that scheme, host and port (never across a redirect to
another one), and never written anywhere: `redact_url` gives the URL to show. A body that ends
before its Content-Length (counted on the bytes as sent, so before any Content-Encoding is undone)
is refused like a chunked body cut short: a shorter article is never taken for the whole page.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from translator import __version__
from translator.errors import InputError
from translator.inputs.model import Limits
from translator.inputs.reasons import os_reason

USER_AGENT = f"translator/{__version__} (offline French-to-English news translation)"
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
SCHEMES = {"http": 80, "https": 443}
CHUNK = 1 << 16
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class _TimedOut(Exception):
    pass


def redact_url(url: str) -> str:
    """The URL without `user:password@`, safe to show and to record."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a password holding '/' makes the port unreadable: redact the raw text)
        if "@" not in parts.netloc:
            return url
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    except ValueError:
        return _redact_raw(url)


def _redact_raw(url: str) -> str:
    """For a URL too malformed to parse: drop everything between the scheme and the last '@'."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[1]}" if sep and "@" in rest else url


def parse_url(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL without credentials, (user, password) or None); InputError for a URL that cannot be fetched."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise InputError(
            f"{_redact_raw(url)}: not a valid URL (a password with '/', '?', '#' or '@' must be percent-encoded)"
        ) from None
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"{redact_url(url)}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise InputError(f"{redact_url(url)}: the URL names no host")
    credentials = None
    if parts.username is not None or parts.password is not None:
        credentials = (unquote(parts.username or ""), unquote(parts.password or ""))
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc)), credentials


def fetch_url(url: str, limits: Limits, credentials: tuple[str, str] | None = None) -> bytes:
    """GET an http(s) page: redirects followed (http(s) only), the whole fetch within the timeout, HTML only."""
    clean, embedded = parse_url(url)
    label = redact_url(url)
    deadline = time.monotonic() + limits.timeout
    try:
        return _fetch(clean, credentials or embedded, limits, deadline, label)
    except _TimedOut:
        raise InputError(f"{label}: timed out after {limits.timeout:g} s") from None


def _fetch(url: str, credentials, limits: Limits, deadline: float, label: str) -> bytes:
    auth_origin = _origin(url) if credentials else None
    visited = {url}
    for _ in range(limits.max_redirects + 1):
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.1", "Accept-Encoding": "identity"}
        if credentials and _origin(url) == auth_origin:
            token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        with _Exchange(url, headers, deadline, label) as exchange:
            status = exchange.response.status
            if status in REDIRECTS:
                url = _next_hop(url, exchange.response.getheader("Location"), visited, label)
                continue
            if not 200 <= status < 300:
                raise InputError(f"{label}: HTTP {status} {_one_line(exchange.response.reason)}".rstrip())
            _check_html(exchange.response, label)
            return exchange.body(limits.max_bytes)
    raise InputError(f"{label}: too many redirects (more than {limits.max_redirects})")


def _next_hop(url: str, location: str | None, visited: set[str], label: str) -> str:
    if not location:
        raise InputError(f"{label}: redirected without saying where to")
    target = urljoin(url, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in SCHEMES:
        raise InputError(f"{label}: redirected to a {scheme or 'non-http(s)'} address, which is not fetched")
    try:
        target, _ = parse_url(target)  # credentials a server puts in a redirect are never used
    except InputError:
        raise InputError(f"{label}: redirected to an invalid address") from None
    target = urlunsplit(urlsplit(target)._replace(fragment=""))
    if target in visited:
        raise InputError(f"{label}: redirect loop (back to {target})")
    visited.add(target)
    return target


def _check_html(response: http.client.HTTPResponse, label: str) -> None:
    if response.getheader("Content-Type") is None:
        raise InputError(f"{label}: not an HTML page (no Content-Type)")
    content_type = response.headers.get_content_type().lower()
    if content_type not in HTML_CONTENT_TYPES:
        raise InputError(f"{label}: not an HTML page (Content-Type {_one_line(content_type)})")


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or SCHEMES[scheme]


def _one_line(text: str | None) -> str:
    return _CONTROL.sub(" ", text or "").strip()[:100]


class _Exchange:
    """One request and its response on its own connection, shut down by a watchdog at the deadline."""

    def __init__(self, url: str, headers: dict[str, str], deadline: float, label: str) -> None:
        self.url, self.headers, self.deadline, self.label = url, headers, deadline, label
        self.sock: socket.socket | None = None
        self.fired = threading.Event()
        self.lock = threading.Lock()
        self.watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self.watchdog.daemon = True

    def __enter__(self) -> _Exchange:
        self.watchdog.start()
        parts = urlsplit(self.url)
        scheme = parts.scheme.lower()
        host, port = parts.hostname or "", parts.port or SCHEMES[scheme]
        try:
            self._set_socket(_connect(host, port, self._left()))
            connection_class = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            self.connection = connection_class(host, port, timeout=self._left())
            if scheme == "https":
                context = ssl.create_default_context()
                self._set_socket(context.wrap_socket(self.sock, server_hostname=host))
            self.connection.sock = self.sock
            path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
            self.connection.request("GET", path, headers=self.headers)
            self.response = self.connection.getresponse()
        except BaseException as error:
            self.__exit__(None, None, None)
            raise self._translate(error) from None
        return self

    def body(self, cap: int) -> bytes:
        length = self.response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > cap:
            raise InputError(f"{self.label}: page is over the {cap:,}-byte input limit")
        chunks: list[bytes] = []
        total = 0
        try:
            while chunk := self.response.read(CHUNK):
                total += len(chunk)
                if total > cap:
                    raise InputError(f"{self.label}: page is over the {cap:,}-byte input limit")
                chunks.append(chunk)
            if self.response.length:  # read(amt) ends quietly at a close short of Content-Length
                raise http.client.IncompleteRead(b"".join(chunks), self.response.length)
        except InputError:
            raise
        except BaseException as error:
            raise self._translate(error) from None
        if self.fired.is_set():  # the watchdog's shutdown looks like the end of a body sent without a length
            raise _TimedOut
        return b"".join(chunks)

    def __exit__(self, *exc) -> None:
        self.watchdog.cancel()
        if hasattr(self, "response"):
            self.response.close()  # it holds the socket's file until closed
        with self.lock:
            sock, self.sock = self.sock, None
        if sock is not None:
            sock.close()

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self.fired.is_set():
            raise _TimedOut
        return left

    def _set_socket(self, sock: socket.socket) -> None:
        with self.lock:
            self.sock = sock
        if self.fired.is_set():
            raise _TimedOut

    def _expire(self) -> None:
        self.fired.set()
        with self.lock:
            if self.sock is not None:
                with contextlib.suppress(OSError):  # the plain socket call: it wakes a blocked read, TLS or not
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    def _translate(self, error: BaseException) -> BaseException:
        """Our one-line error for whatever the connection raised."""
        if not isinstance(error, Exception) or isinstance(error, InputError):
            return error  # ours already, or KeyboardInterrupt and the like, which go through untouched
        if isinstance(error, _TimedOut | TimeoutError) or self.fired.is_set():
            return _TimedOut()
        return InputError(f"{self.label}: {_network_reason(error)}")


def _network_reason(error: Exception) -> str:
    if isinstance(error, socket.gaierror):
        return "cannot fetch (host not found)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "cannot fetch (the server's certificate is not trusted)"
    if isinstance(error, ssl.SSLError):
        return "cannot fetch (the secure connection failed)"
    if isinstance(error, http.client.RemoteDisconnected | http.client.IncompleteRead | ConnectionResetError):
        return "cannot fetch (the server closed the connection early)"
    if isinstance(error, http.client.HTTPException):
        return "cannot fetch (the server's answer is not valid HTTP)"
    if isinstance(error, OSError):
        return f"cannot fetch ({os_reason(error)})"
    return "cannot fetch (invalid address)"


def _connect(host: str, port: int, timeout: float) -> socket.socket:
    """A connected socket; the name lookup runs in a thread so that it too ends at the deadline."""
    started = time.monotonic()
    addresses = _lookup(host, port, timeout)
    error: OSError | None = None
    for family, address in addresses:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise _TimedOut
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(left)
        try:
            sock.connect(address)
            return sock
        except OSError as failure:
            sock.close()
            error = failure
    raise error or OSError("no address")


def _lookup(host: str, port: int, timeout: float) -> list[tuple[int, tuple]]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [(family, (host, port))]
    found: dict[str, object] = {}

    def lookup() -> None:
        try:
            found["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            found["error"] = error

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _TimedOut
    if "error" in found:
        raise found["error"]  # type: ignore[misc]
    return [(family, address) for family, _, _, _, address in found["addresses"]]  # type: ignore[union-attr]
