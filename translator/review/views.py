"""What the review app shows and changes: the static pages plus the workspace's data and edits.

The pages are the same templates as the static ones (so they escape the same way); the
workspace adds its data as a JSON block (`type="application/json"`, never executed) that the
shipped `workspace.js` reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translator.document import Article
from translator.errors import InputError
from translator.outputs.review import render_article_page
from translator.outputs.review_index import (
    article_summary,
    read_summaries,
    render_data,
    render_index_page,
    sort_key,
)
from translator.review.corrections import Correction, settings_key
from translator.review.state import disabled_rules

GLOSSARY_KINDS = ("term", "keep", "forbid")
MAX_TERM = 200


def summaries(workspace) -> list[dict[str, Any]]:
    """The index rows: the run's own summaries (from its data file, else its records) with reviewed marks."""
    known = read_summaries(workspace.rundir)
    marks = workspace.state.marks()
    rows = []
    for name in workspace.names():
        summary = known.get(name)
        if summary is None:
            article = workspace.article(name)
            if article is None:
                continue
            summary = article_summary(name, article)
        rows.append({**summary, "reviewed": bool(marks.get(name, {}).get("article"))})
    return sorted(rows, key=sort_key)


def index_page(workspace) -> str:
    return render_index_page(summaries(workspace), workspace.rundir.name, workspace={"csrf": workspace.csrf})


def index_data(workspace) -> str:
    return render_data(summaries(workspace))


def corrections_of(workspace, article: Article) -> dict[str, Correction]:
    """The stored corrections for this article's segments, under the settings that produced it."""
    try:
        key = settings_key(article.provenance)
    except InputError:
        return {}
    return workspace.store.get(key, (s.source for s in article.segments()))


def article_state(workspace, name: str, article: Article) -> dict[str, Any]:
    """Per segment: the correction's version and text (what another tab may have changed), reviewed marks."""
    found = corrections_of(workspace, article)
    marks = workspace.state.marks().get(name, {"article": False, "segments": []})
    reviewed = set(marks["segments"])
    segments = {}
    for segment in article.segments():
        correction = found.get(segment.source)
        segments[segment.id] = {
            "version": correction.version if correction else 0,
            "correction": correction.target if correction else None,
            "pending": bool(correction) and not (segment.corrected and segment.target == correction.target),
            "reviewed": segment.id in reviewed,
        }
    return {"article": name, "reviewed": bool(marks["article"]), "segments": segments}


def article_page(workspace, name: str, article: Article) -> str:
    """The article page with stored corrections shown in place (marked pending until the next run)."""
    shown = Article.from_dict(json.loads(article.to_json()))
    state = article_state(workspace, name, article)
    for segment in shown.segments():
        correction = state["segments"][segment.id]["correction"]
        if correction is not None:
            segment.target = correction
            segment.corrected = True
    used_rules = sorted({e.rule for s in article.segments() for e in s.edits})
    data = {
        "csrf": workspace.csrf,
        "state": state,
        "glossaries": [_label(path) for path in workspace.glossaries],
        "rules": used_rules,
        "disabled": disabled_rules(workspace.rundir),
    }
    return render_article_page(shown, workspace=data)


def rule_ids(workspace) -> set[str]:
    """The post-edit rules a reviewer may turn off: the built-in ones and those the run used."""
    from translator.postedit.config import PosteditConfig
    from translator.postedit.registry import rule_set

    try:
        manifest = json.loads((workspace.rundir / "manifest.json").read_text(encoding="utf-8"))
        used = set(manifest.get("postedit", {}).get("ids", []))
    except (OSError, ValueError, AttributeError):
        used = set()
    return set(rule_set(PosteditConfig()).ids) | used


def add_glossary_entry(workspace, body: dict[str, Any]) -> dict[str, Any]:
    """Add a term to one of the glossary files the app was started with (chosen by its number)."""
    from translator.glossary.edit import add
    from translator.glossary.model import Entry

    index, fr, en, kind = body.get("file"), body.get("fr"), body.get("en", ""), body.get("kind", "term")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(workspace.glossaries):
        raise InputError("choose one of the glossary files the review was started with (--glossary)")
    if not isinstance(fr, str) or not isinstance(en, str) or kind not in GLOSSARY_KINDS:
        raise InputError("a glossary entry needs a French term, an English rendering and a kind")
    fr, en = " ".join(fr.split()), " ".join(en.split())
    if not fr or len(fr) > MAX_TERM or len(en) > MAX_TERM or (kind != "keep" and not en):
        raise InputError("a glossary entry needs a French term and (unless kept) its English, each under 200 chars")
    placed = add(workspace.glossaries[index], Entry(fr, "" if kind == "keep" else en, kind))
    return {"added": placed.describe(), "file": _label(workspace.glossaries[index])}


def _label(path: Path) -> str:
    return str(path)
