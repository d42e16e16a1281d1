"""Suite-wide isolation and the shared test model.

At import (before any test module imports argostranslate, which reads its settings once),
argos packages, argos settings and our translation memory are pointed at a temporary folder,
so no test reads or writes the user's real packages or cache.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest

_SANDBOX = Path(tempfile.mkdtemp(prefix="translator-tests-"))
for _variable, _folder in {
    "ARGOS_PACKAGES_DIR": "argos-packages",
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "TRANSLATOR_CACHE_DIR": "translator-cache",
}.items():
    (_SANDBOX / _folder).mkdir()
    os.environ[_variable] = str(_SANDBOX / _folder)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SANDBOX, ignore_errors=True)


# No test reaches beyond this machine: an audit hook refuses and records every non-loopback
# connection (tests/reliability/network_guard.py); a test that made one fails.
_guard_spec = importlib.util.spec_from_file_location(
    "network_guard", Path(__file__).with_name("reliability") / "network_guard.py"
)
network_guard = importlib.util.module_from_spec(_guard_spec)
sys.modules["network_guard"] = network_guard
_guard_spec.loader.exec_module(network_guard)
network_guard.install()


@pytest.fixture(autouse=True)
def _no_outside_network():
    start = len(network_guard.attempts)
    yield
    made = network_guard.attempts[start:]
    del network_guard.attempts[start:]
    if made:
        pytest.fail(f"the test tried to reach the network: {'; '.join(made)}", pytrace=False)


@pytest.fixture(scope="session")
def test_model_dir(tmp_path_factory) -> Path:
    """An unpacked word-for-word French→English argos package (see translator.testing)."""
    from translator.testing import build_model

    return build_model(tmp_path_factory.mktemp("test-model") / "translate-fr_en-test")


@pytest.fixture
def no_network(monkeypatch):
    """Make every outgoing connection fail, as on a machine without internet."""

    def refuse(*args, **kwargs):
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
