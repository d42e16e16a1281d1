"""Suite-wide isolation and the shared test model.

At import (before any test module imports argostranslate, which reads its settings once),
argos packages, argos settings and our translation memory are pointed at a temporary folder,
so no test reads or writes the user's real packages or cache.
"""

from __future__ import annotations

import os
import shutil
import socket
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
