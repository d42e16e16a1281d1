"""How a run-vs-run diff is shown: terminal text (coloured on a tty) and a side-by-side HTML page."""

from __future__ import annotations

from markupsafe import Markup, escape

from translator.diff import Attribution, Piece, RunDiff
from translator.outputs.review import page_css, template

_STYLE = {"delete": ("red", "[-", "-]"), "insert": ("green", "{+", "+}")}


def render_diff_text(diff: RunDiff, *, color: bool = False, limit: int | None = None) -> str:
    """A summary, the attribution of changes, then each changed segment as an inline word diff."""
    import click

    total = len(diff.changes)
    lines = [_headline(diff)]
    if diff.only_a:
        lines.append(f"only in A: {', '.join(diff.only_a)}")
    if diff.only_b:
        lines.append(f"only in B: {', '.join(diff.only_b)}")
    if total:
        classes = ", ".join(f"{kind} {count}" for kind, count in diff.class_counts().items())
        lines.append(f"changes by class: {classes}")
        explaining, idle = _ranked(diff)
        lines.extend("  " + attribution.sentence(total) for attribution in explaining)
        if idle:
            lines.append(f"  {len(idle)} other setting change(s) explain none of them ({_areas(idle)})")
        if diff.attributions:
            lines.append(f"  unexplained: {diff.unexplained()} of {total} changed segments")
    for change in diff.changes[:limit]:
        classes = f": {', '.join(change.classes)}" if change.classes else ""
        head = f"{change.article} {change.id} [{change.status}{classes}]"
        lines.append("")
        lines.append(click.style(head, bold=True) if color else head)
        if change.status == "changed":
            lines.append("  " + _inline(change.pieces, color))
        else:
            lines.append("  " + (change.after or change.before))
    if limit is not None and total > limit:
        lines.append(f"\n… {total - limit} more changed segments (use --json or --html for all)")
    return "\n".join(lines) + "\n"


def render_diff_html(diff: RunDiff) -> str:
    """The changed segments side by side (A | B), changes marked, from escaped text only."""
    rows = []
    for change in diff.changes:
        rows.append(
            {
                "article": change.article,
                "id": change.id,
                "status": change.status,
                "classes": ", ".join(change.classes),
                "source": change.source,
                "a": _side(change.pieces, "a") if change.pieces else escape(change.before),
                "b": _side(change.pieces, "b") if change.pieces else escape(change.after),
            }
        )
    total = len(diff.changes)
    return template("diff.html").render(
        css=page_css(),
        headline=_headline(diff),
        diff=diff,
        rows=rows,
        attributions=[a.sentence(total) for a in _ranked(diff)[0]],
        idle=[a.sentence(total) for a in _ranked(diff)[1]],
        unexplained=diff.unexplained(),
        classes=diff.class_counts(),
    )


def _ranked(diff: RunDiff) -> tuple[list[Attribution], list[Attribution]]:
    """Setting changes that explain some changed segments (most first), and those that explain none."""
    explaining = sorted((a for a in diff.attributions if a.explains), key=lambda a: -len(a.explains))
    return explaining, [a for a in diff.attributions if not a.explains]


def _areas(attributions: list[Attribution]) -> str:
    counts: dict[str, int] = {}
    for attribution in attributions:
        counts[attribution.area] = counts.get(attribution.area, 0) + 1
    return ", ".join(f"{area} {count}" for area, count in counts.items())


def _headline(diff: RunDiff) -> str:
    scores = ""
    if diff.chrf is not None:
        scores = f"; chrF++ {diff.chrf:.2f}, TER {diff.ter:.2f}"
    if diff.identical:
        return f"identical: {diff.segments} segments in {diff.articles} articles{scores}"
    return (
        f"{len(diff.changes)} of {diff.segments} segments changed in {diff.changed_articles} of {diff.articles}"
        f" articles{scores}"
    )


def _inline(pieces: list[Piece], color: bool) -> str:
    import click

    out = []
    for piece in pieces:
        if piece.op == "equal":
            out.append(piece.after)
            continue
        for op, text in (("delete", piece.before), ("insert", piece.after)):
            if text:
                colour, start, end = _STYLE[op]
                out.append(click.style(text, fg=colour, bold=True) if color else f"{start}{text}{end}")
    return "".join(out)


def _side(pieces: list[Piece], side: str) -> Markup:
    out = []
    for piece in pieces:
        text = piece.before if side == "a" else piece.after
        if piece.op == "equal":
            out.append(escape(text))
        elif text:
            tag = "del" if side == "a" else "ins"
            out.append(Markup('<{0} title="{1}">{2}</{0}>').format(Markup(tag), piece.kind, text))
    return Markup("").join(out)
