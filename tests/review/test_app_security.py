"""The review app's defences: token, Host header, cross-site writes, loopback only, no path in or out."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from translator.review import views
from translator.review.app import TOKEN_COOKIE


def request(server, method, path, *, body=None, headers=None, cookie=True, host=None):
    """One raw HTTP request, so every header is exactly what the test says."""
    port = server.workspace.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Host": host or f"127.0.0.1:{port}"}
    if cookie:
        sent["Cookie"] = f"{server.workspace.cookie}={server.workspace.token}"
    if body is not None:
        sent["Content-Type"] = "application/json"
        sent["X-CSRF-Token"] = server.workspace.csrf
    sent.update(headers or {})
    data = body if isinstance(body, bytes) or body is None else json.dumps(body)  # bytes: sent as they are
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def first_segment(rundir, name="teletravail-pme-enquete"):
    record = json.loads((rundir / f"{name}.json").read_text())
    return name, record["blocks"][1]["segments"][0]["id"]


def test_token_in_the_url_becomes_a_strict_cookie_and_nothing_works_without_it(server):
    path = urlsplit(server.url)
    status, headers, _ = request(server, "GET", f"/?{path.query}", cookie=False)
    assert status == 302 and "token" not in headers["Location"]
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert request(server, "GET", "/index.html")[0] == 200
    for target in ("/index.html", "/review/index-data.js", "/review/static/review.js", "/api/state?article=x"):
        assert request(server, "GET", target, cookie=False)[0] == 403, target
    assert request(server, "GET", "/index.html?token=wrong", cookie=False)[0] == 403
    assert request(server, "GET", "/", headers={"Cookie": f"{server.workspace.cookie}=wrong"}, cookie=False)[0] == 403
    assert server.workspace.cookie == f"{TOKEN_COOKIE}_{server.workspace.port}"  # two apps never share one


def test_foreign_host_header_is_refused_even_with_the_token(server):
    port = server.workspace.port
    for host in (f"evil.example:{port}", "127.0.0.1:1", f"127.0.0.1.nip.io:{port}", "evil.example"):
        assert request(server, "GET", "/index.html", host=host)[0] == 403, host
    assert request(server, "GET", "/index.html", host=f"localhost:{port}")[0] == 200


def test_cross_site_writes_are_refused(server, rundir):
    name, segment = first_segment(rundir)
    body = {"article": name, "segment": segment, "reviewed": True}
    assert request(server, "POST", "/api/reviewed", body=body)[0] == 200
    port = server.workspace.port
    refused = [
        {"Origin": "http://evil.example"},
        {"Origin": f"http://127.0.0.1:{port}.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"X-CSRF-Token": "forged"},
        {"X-CSRF-Token": ""},
        {"Content-Type": "text/plain"},  # what a cross-site form can send without a preflight
    ]
    for headers in refused:
        assert request(server, "POST", "/api/reviewed", body=body, headers=headers)[0] in (403, 415), headers
    assert request(server, "POST", "/api/reviewed", body=body, cookie=False)[0] == 403
    _, headers, _ = request(server, "GET", "/index.html")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"


def test_listens_on_loopback_only(server):
    """As the kernel sees it: the one listening socket on our port is bound to 127.0.0.1, no other address."""
    port = server.workspace.port
    assert server.server.socket.getsockname()[0] == "127.0.0.1"
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1, little-endian


@pytest.mark.parametrize(
    "path",
    [
        "/review/../manifest.json",
        "/review/%2e%2e/%2e%2e/etc/passwd",
        "/review/..%2f..%2fetc%2fpasswd.html",
        "/review/static/..%2f..%2f__init__.py",
        "/review/static/review.py",
        "/review/manifest.html",
        "/manifest.json",
        "/teletravail-pme-enquete.json",
        "/review/workspace.json",
        "//etc/passwd",
        "/api/state?article=../manifest",
        "/api/state?article=/etc/passwd",
    ],
)
def test_no_path_outside_the_pages_can_be_read(server, path):
    status, _, data = request(server, "GET", path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in data and b"run_key" not in data


def test_writes_go_only_to_the_chosen_glossary_and_known_segments(server, rundir, glossary_file, tmp_path):
    name, segment = first_segment(rundir)
    outside = tmp_path / "outside.tsv"
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "cache" not in p.parts}
    bad = [
        ("/api/glossary", {"fr": "x", "en": "y", "kind": "term", "file": str(outside)}),
        ("/api/glossary", {"fr": "x", "en": "y", "kind": "term", "file": 1}),
        ("/api/glossary", {"fr": "x", "en": "y", "kind": "term", "file": -1}),
        ("/api/glossary", {"fr": "x", "en": "y", "kind": "evil", "file": 0}),
        ("/api/correct", {"article": "../../etc/passwd", "segment": segment, "target": "x"}),
        ("/api/correct", {"article": name, "segment": "../b000", "target": "x"}),
        ("/api/reviewed", {"article": "/etc/passwd", "segment": None, "reviewed": True}),
        ("/api/rule", {"rule": "../../x", "disabled": True}),
        ("/api/rule", {"rule": "no-such-rule", "disabled": True}),
    ]
    for path, body in bad:
        status, _, data = request(server, "POST", path, body=body)
        assert status in (400, 404), (path, body, status)
        assert b"Traceback" not in data and json.loads(data)["error"], data  # one line the page can show
    assert not outside.exists()
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "cache" not in p.parts}
    assert after == before  # the refused requests wrote nothing anywhere
    entry = {"fr": "PME", "en": "SME", "kind": "term", "file": 0}
    status, _, data = request(server, "POST", "/api/glossary", body=entry)
    assert status == 200, data
    assert "PME\tSME" in glossary_file.read_text(encoding="utf-8")


def test_app_refuses_a_folder_that_is_not_a_run(tmp_path):
    from translator.errors import InputError
    from translator.review.app import open_workspace

    with pytest.raises(InputError, match="not a run folder"):
        open_workspace(tmp_path, [])


def test_a_stale_write_still_wins_and_reports_what_it_overwrote(server, rundir):
    name, segment = first_segment(rundir)
    answers = []
    for text, version in (("One.", 0), ("Two.", 1), ("Three.", 1)):  # the last one was written from an old view
        status, _, data = request(
            server,
            "POST",
            "/api/correct",
            body={"article": name, "segment": segment, "target": text, "version": version},
        )
        assert status == 200, data
        answers.append(json.loads(data))
    assert [(a["version"], a["overwrote"]) for a in answers] == [(1, None), (2, None), (3, "Two.")]
    status, _, data = request(server, "GET", f"/api/state?article={name}")
    assert json.loads(data)["segments"][segment] | {"reviewed": None} == {
        "version": 3,
        "correction": "Three.",
        "pending": True,
        "reviewed": None,
    }


def test_a_glossary_term_starting_with_a_hash_is_refused(server, glossary_file):
    before = glossary_file.read_bytes()
    status, _, data = request(server, "POST", "/api/glossary", body={"file": 0, "fr": "#MeToo", "en": "x"})
    assert status == 400 and "cannot start with '#'" in json.loads(data)["error"]
    assert glossary_file.read_bytes() == before


def test_a_correction_with_control_characters_or_far_too_long_is_refused(server, rundir):
    name, segment = first_segment(rundir)
    for target in ("Hel\x00lo \x1b[31mred\x0b\x7f.", "x" * 200_000):
        status, _, data = request(
            server, "POST", "/api/correct", body={"article": name, "segment": segment, "target": target}
        )
        assert status == 400, data
        assert "control character" in json.loads(data)["error"] or "at most" in json.loads(data)["error"]
    assert server.workspace.store.all() == []


def test_bodies_that_are_not_objects_too_deep_or_not_unicode_are_refused_with_400(server, rundir, glossary_file):
    name, segment = first_segment(rundir)
    before = glossary_file.read_bytes()
    bodies = {
        "/api/glossary": [b"[1]", b'"str"', b"5", b"null", b"[" * 100_000, b'{"file":0,"fr":"\\udc80abc","en":"x"}'],
        "/api/rule": [b"[1]", b'"str"', b"5", b"{" * 50_000],
        "/api/correct": [
            json.dumps({"article": name, "segment": segment, "target": "\udc80abc"}).encode(),
            b"[" * 100_000,
        ],
        "/api/reviewed": [b"[1]", b"[" * 100_000],
    }
    for path, sent in bodies.items():
        for body in sent:
            status, _, data = request(server, "POST", path, body=body)
            assert status == 400, (path, body[:40], status, data[:200])
            assert json.loads(data)["error"], data
    assert glossary_file.read_bytes() == before
    assert server.workspace.store.all() == []


def test_fields_of_the_wrong_json_type_are_refused(server, rundir, glossary_file):
    name, segment = first_segment(rundir)
    rule = sorted(views.rule_ids(server.workspace))[0]
    bad = [
        ("/api/rule", {"rule": rule, "disabled": "false"}),
        ("/api/rule", {"rule": rule, "disabled": 1}),
        ("/api/reviewed", {"article": name, "segment": segment, "reviewed": "no"}),
        ("/api/reviewed", {"article": name, "segment": None}),
        ("/api/correct", {"article": name, "segment": segment, "target": "Fine.", "version": True}),
        ("/api/glossary", {"file": False, "fr": "PME", "en": "SME"}),
    ]
    for path, body in bad:
        status, _, data = request(server, "POST", path, body=body)
        assert status == 400, (path, body, status, data)
    assert not (rundir / "review" / "postedit.toml").exists()
    assert not (rundir / "review" / "workspace.json").exists()
    assert server.workspace.store.all() == []
    assert "PME" not in glossary_file.read_text(encoding="utf-8")
    status, _, data = request(server, "POST", "/api/rule", body={"rule": rule})  # absent: turned off, as before
    assert status == 200 and json.loads(data)["disabled"] == [rule]


def test_an_unknown_or_vanished_article_or_segment_gets_a_short_specific_404(server, rundir):
    name, segment = first_segment(rundir)
    status, _, data = request(server, "GET", "/api/state?article=nope")
    assert status == 404 and json.loads(data)["error"] == "no article nope in this run (being rewritten? retry)"
    status, _, data = request(
        server, "POST", "/api/correct", body={"article": name, "segment": "b999.s00", "target": "x"}
    )
    assert status == 404 and json.loads(data)["error"] == f"no segment b999.s00 in article {name}"
    (rundir / f"{name}.json").unlink()  # what `translator run --force` does before rewriting it
    status, _, data = request(server, "POST", "/api/correct", body={"article": name, "segment": segment, "target": "x"})
    assert status == 404 and json.loads(data)["error"] == f"no article {name} in this run (being rewritten? retry)"
    status, _, data = request(server, "GET", f"/review/{name}.html")
    assert status == 404 and b"being rewritten? retry" in data


def test_a_rule_turned_off_after_the_run_folder_moved_is_refused(server, rundir, tmp_path):
    rule = sorted(views.rule_ids(server.workspace))[0]
    rundir.rename(tmp_path / "moved")
    status, _, data = request(server, "POST", "/api/rule", body={"rule": rule, "disabled": True})
    assert status == 400 and "the run folder is gone" in json.loads(data)["error"]
    assert not rundir.exists()
