"""A guard that refuses, and records, every connection to a host other than this machine.

Installed as a Python audit hook (it sees `socket.connect`, `sendto` and `getaddrinfo` from any
library, and cannot be undone), so a test that reaches the internet fails even when the code
under test swallows the error. Loopback and Unix sockets stay allowed: tests serve pages from
127.0.0.1. The root `tests/conftest.py` installs it for the whole suite; subprocesses started
with `subprocess_env()` install it too (through `netguard/sitecustomize.py`) and append each
attempt to the file named by `LOG_VARIABLE`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

LOG_VARIABLE = "TRANSLATOR_TEST_NETWORK_LOG"
SITE_DIR = Path(__file__).with_name("netguard")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

attempts: list[str] = []  # every refused attempt in this process, in order
_installed: list[bool] = []


def is_local(host: object) -> bool:
    """Whether a host names this machine: a loopback or unspecified address, or localhost."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").split("%")[0].lower()
    if name in _LOCAL_NAMES or name == "":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _destination(event: str, args: tuple) -> object | None:
    """The host an audited socket event goes to, or None when it stays on this machine."""
    if event == "socket.getaddrinfo":
        return None if is_local(args[0]) else args[0]
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return None  # Unix sockets, netlink: local by nature
        host = address[0] if isinstance(address, tuple) and address else address
        return None if is_local(host) else address
    return None


def _audit(event: str, args: tuple) -> None:
    if not event.startswith("socket."):
        return
    destination = _destination(event, args)
    if destination is None:
        return
    message = f"{event} to {destination!r}"
    attempts.append(message)
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {message}\n")
    raise OSError(f"network access outside this machine is blocked in tests ({message})")


def install() -> None:
    """Install the audit hook once per process."""
    if not _installed:
        sys.addaudithook(_audit)
        _installed.append(True)


def subprocess_env(log: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment whose Python processes install the guard and log attempts to `log`."""
    env = dict(os.environ if base is None else base)
    root = str(Path(__file__).resolve().parents[2])
    paths = [str(SITE_DIR), str(Path(__file__).parent), root, *filter(None, [env.get("PYTHONPATH")])]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env[LOG_VARIABLE] = str(log)
    return env
