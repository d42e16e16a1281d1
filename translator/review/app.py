"""`translator review RUNDIR`: the run's review pages as a local web app where decisions stick.

Served on 127.0.0.1 only (Flask on werkzeug's threaded server). Every request must carry the
random token (in the URL once, as Jupyter does, then in an HttpOnly SameSite=Strict cookie) and
a Host header naming the loopback address and our port, which defeats DNS rebinding. Writes are
JSON POSTs that must carry the CSRF token printed in the page, and an Origin / Sec-Fetch-Site,
when the browser sends them, of this very app. The app reads only the run folder's records,
its own shipped scripts, and writes only the corrections store, the folder's `review/` state
files and the glossary files it was started with: no route takes a path.
"""

from __future__ import annotations

import hmac
import json
import secrets
import socket
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from translator.document import Article
from translator.errors import TranslatorError
from translator.review.corrections import CorrectionStore, settings_key
from translator.review.state import RunState, disabled_rules, holds_articles

TOKEN_COOKIE = "translator_review"  # + the port: cookies are shared across ports, apps must not clash
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
HEADER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class Workspace:
    """Everything the app serves from and writes to."""

    rundir: Path
    glossaries: list[Path]
    store: CorrectionStore
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    port: int = 0
    records: dict[str, tuple[float, Article]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.state = RunState(self.rundir)
        self.csrf = hmac.new(self.token.encode(), b"csrf", "sha256").hexdigest()
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        """The run's articles: the records in the folder (the only names any route accepts)."""
        return sorted(p.name[: -len(".json")] for p in self.rundir.glob("*.json") if p.name != "manifest.json")

    def article(self, name: str) -> Article | None:
        """The article's record, None if the run has none (or is rewriting it: `run --force` deletes it first)."""
        if name not in self.names():
            return None
        path = self.rundir / f"{name}.json"
        try:
            stamp = path.stat().st_mtime
        except FileNotFoundError:
            return None
        with self._lock:
            cached = self.records.get(name)
            if cached is None or cached[0] != stamp:
                try:
                    cached = (stamp, Article.from_json(path.read_text(encoding="utf-8")))
                except FileNotFoundError:
                    return None
                self.records[name] = cached
        return cached[1]

    @property
    def cookie(self) -> str:
        return f"{TOKEN_COOKIE}_{self.port}"

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}


def create_app(workspace: Workspace):
    """The Flask app over one workspace."""
    from flask import Flask, abort, jsonify, make_response, redirect, request
    from werkzeug.exceptions import HTTPException

    from translator.review import views

    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    static = {
        item.name: item
        for item in resources.files("translator.outputs").joinpath("static").iterdir()
        if Path(item.name).suffix in STATIC_TYPES
    }

    @app.before_request
    def guard():
        if request.host not in workspace.allowed_hosts():
            abort(403, "foreign Host header")
        given = request.args.get("token")
        if given is not None:
            if not hmac.compare_digest(given, workspace.token):
                abort(403, "wrong token")
            response = redirect(request.path)  # the token leaves the address bar for a cookie
            response.set_cookie(workspace.cookie, workspace.token, httponly=True, samesite="Strict", path="/")
            return response
        if not hmac.compare_digest(request.cookies.get(workspace.cookie, ""), workspace.token):
            abort(403, "open the address printed by `translator review` (it carries the token)")
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("Origin")
            if origin is not None and origin not in {f"http://{h}" for h in workspace.allowed_hosts()}:
                abort(403, "cross-site request")
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                abort(403, "cross-site request")
            if not hmac.compare_digest(request.headers.get("X-CSRF-Token", ""), workspace.csrf):
                abort(403, "missing CSRF token")
            if not request.is_json:
                abort(415, "JSON only")
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = HEADER_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    @app.errorhandler(TranslatorError)
    def refused(error):
        return jsonify(error=str(error)), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        """The API answers in JSON, so the page can show why; pages get werkzeug's plain page."""
        if request.path.startswith("/api/"):
            return jsonify(error=error.description), error.code
        return error

    def html(text: str):
        response = make_response(text)
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        return response

    @app.get("/")
    def home():
        return redirect("/index.html")

    @app.get("/index.html")
    def index():
        return html(views.index_page(workspace))

    @app.get("/review/index-data.js")
    def index_data():
        response = make_response(views.index_data(workspace))
        response.headers["Content-Type"] = "text/javascript; charset=utf-8"
        return response

    @app.get("/review/static/<name>")
    def static_file(name: str):
        item = static.get(name)
        if item is None:
            abort(404, f"no script {name} in translator")
        response = make_response(item.read_bytes())
        response.headers["Content-Type"] = STATIC_TYPES[Path(name).suffix]
        return response

    def known_article(name: str) -> Article:
        article = workspace.article(name)
        if article is None:
            abort(404, f"no article {name} in this run (being rewritten? retry)")
        return article

    @app.get("/review/<name>.html")
    def article_page(name: str):
        return html(views.article_page(workspace, name, known_article(name)))

    @app.get("/api/state")
    def state():
        name = request.args.get("article", "")
        return jsonify(views.article_state(workspace, name, known_article(name)))

    def posted_body() -> dict[str, Any]:
        """The posted JSON object, or a 400: not an object, nested past Python's recursion limit, or
        holding a lone surrogate (no UTF-8 file or SQLite row can take one)."""
        try:
            body = request.get_json(silent=True)
            json.dumps(body, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            abort(400, "the JSON is nested too deeply")
        except UnicodeEncodeError:
            abort(400, "the text is not valid Unicode (a lone surrogate)")
        if not isinstance(body, dict):
            abort(400, "expected a JSON object")
        return body

    def flag(body: dict[str, Any], name: str, default: bool | None = None) -> bool:
        """A true/false field: "false" or 0 would otherwise count as true or false by accident."""
        value = body.get(name, default)
        if not isinstance(value, bool):
            abort(400, f"{name} must be true or false")
        return value

    def posted_article() -> tuple[str, Article, dict[str, Any]]:
        body = posted_body()
        if not isinstance(body.get("article"), str):
            abort(400, "a JSON object naming an article")
        return body["article"], known_article(body["article"]), body

    def posted_segment(article: Article, body: dict[str, Any]):
        segment = next((s for s in article.segments() if s.id == body.get("segment")), None)
        if segment is None:
            abort(404, f"no segment {body.get('segment')} in article {article.source.name}")
        return segment

    @app.post("/api/correct")
    def correct():
        name, article, body = posted_article()
        segment = posted_segment(article, body)
        target, version = body.get("target"), body.get("version")
        if not isinstance(target, str) or not (version is None or _integer(version)):
            abort(400, "target must be text and version a number")
        correction, overwritten = workspace.store.put(
            settings_key(article.provenance),
            segment.source,
            target.strip(),
            expected_version=version,
            article=name,
            segment=segment.id,
        )
        return jsonify(
            version=correction.version,
            target=correction.target,
            overwrote=overwritten.target if overwritten else None,
        )

    @app.post("/api/revert")
    def revert():
        _name, article, body = posted_article()
        segment = posted_segment(article, body)
        removed = workspace.store.delete(settings_key(article.provenance), segment.source)
        return jsonify(removed=removed, target=segment.target)

    @app.post("/api/reviewed")
    def reviewed():
        name, article, body = posted_article()
        segment = posted_segment(article, body).id if body.get("segment") is not None else None
        return jsonify(workspace.state.mark(name, segment, flag(body, "reviewed")))

    @app.post("/api/glossary")
    def glossary():
        return jsonify(views.add_glossary_entry(workspace, posted_body()))

    @app.post("/api/rule")
    def rule():
        body = posted_body()
        rule_id = body.get("rule")
        if not isinstance(rule_id, str) or rule_id not in views.rule_ids(workspace):
            abort(400, "unknown post-edit rule")
        return jsonify(disabled=workspace.state.set_rule(rule_id, flag(body, "disabled", True)))

    return app


def _integer(value: Any) -> bool:
    """A JSON integer; Python counts true and false as ints."""
    return isinstance(value, int) and not isinstance(value, bool)


class ReviewServer:
    """The app on 127.0.0.1, in a thread (tests) or in the foreground (the command)."""

    def __init__(self, workspace: Workspace, port: int = 0) -> None:
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request lines: they would print the token
        self.workspace = workspace
        # Bound here, not by werkzeug: on a port in use it prints two lines and exits; this raises OSError.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(128)
            self.server = make_server("127.0.0.1", port, create_app(workspace), threaded=True, fd=listener.fileno())
        finally:
            listener.close()  # werkzeug serves on its own duplicate of it
        workspace.port = self.server.port
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.workspace.port}/?token={self.workspace.token}"

    def start(self) -> ReviewServer:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self.server.shutdown()
        self.close()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def close(self) -> None:
        """Stop listening and let another app review the folder."""
        self.server.server_close()
        self.workspace.state.release()

    def __enter__(self) -> ReviewServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def open_workspace(rundir: str | Path, glossaries: list[str | Path], store: CorrectionStore | None = None) -> Workspace:
    """A workspace on a run folder; a folder without records is refused in one line."""
    from translator.errors import InputError

    folder = Path(rundir).resolve()
    if not holds_articles(folder):
        raise InputError(f"{rundir}: not a run folder (no article records NAME.json)")
    disabled_rules(folder)  # a damaged state file is reported now, not on the first click
    workspace = Workspace(folder, [Path(g).resolve() for g in glossaries], store or CorrectionStore())
    workspace.state.claim()  # held while the app serves: two apps on one folder lose each other's marks
    return workspace
