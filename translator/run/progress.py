"""The progress display of a run: articles done, segments translated, segments per second, ETA (stderr)."""

from __future__ import annotations

import time


class Progress:
    """Counts a run's progress; `Display` draws it, the quiet base class only counts."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.articles = 0
        self.segments = 0  # of finished articles
        self.translated = 0  # segments the engine has finished, told as it goes
        self.started = time.perf_counter()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def translating(self, segments: int) -> None:
        """An engine call of `segments` segments is starting."""

    def engine_done(self, segments: int) -> None:
        """The engine finished `segments` more segments (told during an engine call)."""
        self.translated += segments
        self.refresh()

    def article_done(self, segments: int) -> None:
        self.articles += 1
        self.segments += segments
        self.refresh()

    def refresh(self) -> None:
        """Redraw (nothing to draw when quiet)."""

    def rate(self) -> float:
        """Segments translated per second so far."""
        elapsed = time.perf_counter() - self.started
        return max(self.translated, self.segments) / elapsed if elapsed > 0 else 0.0


class Display(Progress):
    """The same counts drawn with rich on stderr."""

    def __init__(self, total: int) -> None:
        super().__init__(total)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("[bold]{task.fields[stage]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles · {task.fields[segments]} segments · {task.fields[rate]} segments/s"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.bar.add_task("run", total=total, stage="preparing", segments=0, rate="0.0")

    def __enter__(self) -> Display:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)

    def translating(self, segments: int) -> None:
        self.bar.update(self.task, stage=f"translating {segments} segments")

    def refresh(self) -> None:
        self.bar.update(
            self.task,
            completed=self.articles,
            segments=max(self.translated, self.segments),
            rate=f"{self.rate():.1f}",
            stage="translating",
        )
