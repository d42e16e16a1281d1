"""Size limits are enforced while reading, never trusted from st_size: devices, FIFOs, stdin, gzip."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translator.errors import InputError
from translator.inputs import InputItem, Limits, read_input, read_stream, resolve_inputs

ROOT = Path(__file__).resolve().parents[2]
SPECIAL = "not a regular file (a pipe or device): pass its content on standard input with '-' instead"


def _in_subprocess(code: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run code that would hang or exhaust memory without the fix, with a time and memory bound."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    prelude = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=timeout, env=env
    )


def test_dev_zero_is_refused_in_one_line_not_read_for_ever():
    result = _in_subprocess(
        "from translator.inputs import InputItem, Limits, read_input\n"
        "from translator.errors import InputError\n"
        "try:\n    read_input(InputItem('zero', '/dev/zero', path='/dev/zero'), Limits())\n"
        "except InputError as error:\n    print(error)\n"
    )
    assert result.stdout.strip() == f"/dev/zero: {SPECIAL}", result.stderr
    assert resolve_inputs(["/dev/zero"]).failures == [("/dev/zero", SPECIAL)]


def test_a_fifo_without_a_writer_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    result = _in_subprocess(
        "from translator.inputs import InputItem, Limits, read_input\n"
        "from translator.errors import InputError\n"
        f"try:\n    read_input(InputItem('p', 'page.html', path={str(fifo)!r}), Limits())\n"
        "except InputError as error:\n    print(error)\n",
        timeout=20,
    )
    assert result.stdout.strip() == f"page.html: {SPECIAL}", result.stderr
    # found in a folder, it is reported as skipped, never opened
    (tmp_path / "real.html").write_text("<p>x</p>")
    resolution = resolve_inputs([str(tmp_path)])
    assert [item.name for item in resolution.items] == ["real"]
    assert resolution.skipped == [(str(fifo), "not a regular file")]


def test_stdin_is_read_with_the_cap_from_an_endless_stream():
    with open("/dev/zero", "rb") as endless, pytest.raises(InputError, match="over the 100,000-byte input limit"):
        read_stream(endless, Limits(max_bytes=100_000), "-")
    assert read_stream(io.BytesIO(b"<p>ok</p>"), Limits(max_bytes=100)) == b"<p>ok</p>"


def test_gzip_is_inflated_once_streamed_and_capped(tmp_path):
    page = b"<html><body>" + b"<p>Bonjour.</p>" * 1000 + b"</body></html>"
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page))
    item = InputItem("page", str(path), path=str(path))
    # the cleaner gets the page itself: nothing left for it to inflate a second time
    assert read_input(item, Limits()) == page
    with pytest.raises(InputError, match=r"decompressed page is over the 10,000-byte input limit"):
        read_input(item, Limits(max_bytes=10_000))
    path.write_bytes(gzip.compress(page)[:-30])
    with pytest.raises(InputError, match="gzip data is cut short"):
        read_input(item, Limits())
    path.write_bytes(gzip.compress(page)[:20] + b"\0" * 100)
    with pytest.raises(InputError, match="corrupt gzip data"):
        read_input(item, Limits())


def test_gzip_on_stdin_is_inflated_and_capped_too():
    page = b"<p>Bonjour.</p>" * 10_000
    item = InputItem("stdin", "-", data=gzip.compress(page))
    assert read_input(item, Limits()) == page
    with pytest.raises(InputError, match=r"^-: decompressed page is over"):
        read_input(item, Limits(max_bytes=1000))
