"""RunIndex: index.html from the first finished article on, rewritten at most every interval, resumable."""

from __future__ import annotations

from translator.document import Article, Block, Flag, Segment, Source
from translator.outputs.review_index import DATA_FILE, RunIndex, read_summaries


def article(name: str, *codes: str) -> Article:
    flags = [Flag(code, "warning", "x") for code in codes]
    segment = Segment("b000.s00", f"Titre {name}", target=f"Title {name}", flags=flags)
    return Article(Source(name=name), [Block("title", segment.source, segments=[segment])])


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_written_at_the_first_article_then_throttled_then_closed(tmp_path):
    clock = Clock()
    index = RunIndex(tmp_path, "run", min_interval=2.0, clock=clock)
    index.add("a", article("a"))
    assert "Title a" in (tmp_path / DATA_FILE).read_text() and (tmp_path / "index.html").is_file()
    first = (tmp_path / "index.html").read_text()
    clock.now = 1.0
    index.add("b", article("b", "loop"))
    assert (tmp_path / "index.html").read_text() == first  # within the interval: not rewritten
    clock.now = 2.5
    index.add("c", article("c"))
    assert set(read_summaries(tmp_path)) == {"a", "b", "c"}
    index.add("d", "d.html: not a page")
    index.close()
    summaries = read_summaries(tmp_path)
    assert summaries["d"]["status"] == "failed" and summaries["b"]["status"] == "warning"
    assert summaries["b"]["anchors"] == {"loop": "b000.s00"}
    assert not list(tmp_path.rglob(".*.tmp"))  # every write went through a rename


def test_a_resumed_run_keeps_skipped_articles_without_reading_their_records(tmp_path):
    first = RunIndex(tmp_path, "run")
    first.add("a", article("a", "loop"))
    first.add("b", article("b"))
    first.close()
    second = RunIndex(tmp_path, "run")
    assert second.keep("a")  # from the data file: no a.json exists
    assert not second.keep("missing")
    second.add("b", article("b", "truncated"))
    second.close()
    summaries = read_summaries(tmp_path)
    assert summaries["a"]["flags"] == {"loop": 1} and summaries["b"]["flags"] == {"truncated": 1}
    assert set(summaries) == {"a", "b"}
