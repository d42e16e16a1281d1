"""Network: nothing touches the network unless the user asked for it (a URL input, a model
install from the index). The guard that enforces this for the whole suite is tested here too.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import network_guard
import pytest
from reliability_helpers import SEED, guarded_env, run_cli

from translator.errors import InputError
from translator.inputs import Limits, fetch_url


@pytest.fixture
def own_attempts():
    """The attempts a test makes on purpose, taken off the record so the guard does not fail it."""
    start = len(network_guard.attempts)
    made: list[str] = []
    yield made
    made.extend(network_guard.attempts[start:])
    del network_guard.attempts[start:]


def test_guard_refuses_and_records_connections_beyond_this_machine(own_attempts):
    start = len(network_guard.attempts)
    with pytest.raises(OSError, match="blocked in tests"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1: never routable
    with pytest.raises(OSError, match="blocked in tests"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(OSError, match="blocked in tests"):
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect(("2001:db8::1", 80))
    made = network_guard.attempts[start:]
    assert len(made) == 3 and "192.0.2.1" in made[0] and "example.com" in made[1]


def test_guard_records_attempts_that_the_code_swallows(own_attempts):
    """fetch_url turns the refusal into an InputError; the attempt is still on the record."""
    start = len(network_guard.attempts)
    with pytest.raises(InputError):
        fetch_url("http://192.0.2.1/page.html", Limits(timeout=1))
    assert network_guard.attempts[start:], "a swallowed connection attempt went unnoticed"


def test_guard_lets_loopback_and_unix_sockets_through(tmp_path):
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>ok</p>")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert fetch_url(f"http://127.0.0.1:{server.server_port}/", Limits(timeout=5)) == b"<p>ok</p>"
        assert fetch_url(f"http://localhost:{server.server_port}/", Limits(timeout=5)) == b"<p>ok</p>"
    finally:
        server.shutdown()
    left, right = socket.socketpair()
    left.sendall(b"x")
    assert right.recv(1) == b"x"
    left.close()
    right.close()


def test_guard_is_installed_in_subprocesses(tmp_path):
    log = tmp_path / "network.log"
    script = (
        "import socket\n"
        "try:\n    socket.create_connection(('192.0.2.1', 80), 0.5)\n"
        "except OSError as error:\n    print(error)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=guarded_env(log))
    assert "blocked in tests" in result.stdout, result.stderr
    assert "192.0.2.1" in log.read_text()


def test_commands_on_local_files_touch_no_network(tmp_path, test_model_dir):
    """Every command a user runs on local files, with the guard on (run_cli fails on any attempt)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "g.tsv").write_text("fr\ten\nvétéran\tveteran\n", encoding="utf-8")
    model = ["--model", str(test_model_dir)]
    for args in (
        ["--help"],
        ["run", "in", "-o", "a", *model, "--json"],
        ["run", "in", "-o", "b", *model, "--glossary", "g.tsv", "--json"],
        ["diff", "a", "b", "--html", "diff.html"],
        ["clean", "in/seed.txt", "-o", "clean"],
        ["glossary", "check", "g.tsv"],
        ["explain", "a/seed.json"],
        ["translate", *model, "a/seed.json"],
        ["models", "list"],
        ["cache", "stats"],
    ):
        result = run_cli(*args, cwd=tmp_path)
        assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
        assert result.returncode in (0, 1), (args, result.stderr[-2000:])
    assert json.loads((tmp_path / "a" / "manifest.json").read_text())["totals"]["ok"] == 1


def test_no_model_and_offline_says_how_to_install_without_going_online(tmp_path):
    empty = tmp_path / "packages"
    empty.mkdir()
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    result = run_cli("run", "seed.txt", "-o", "out", "--offline", cwd=tmp_path, env={"ARGOS_PACKAGES_DIR": str(empty)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "install" in result.stderr, result.stderr
