"""A rich progress bar for batches: runs done of total, runs per second, ETA, failures.

The bar is shown only on a terminal and without ``--quiet``; otherwise every method is
a no-op, so logs of cluster jobs stay clean.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["BatchProgress"]


class BatchProgress:
    """Progress of one batch session.

    Args:
        total: runs in the batch.
        done: runs already recorded (on ``--resume``).
        failed: of which failed.
        enabled: show the bar (still only on a terminal).
        console: where to draw (default: standard output).

    """

    def __init__(
        self,
        total: int,
        done: int = 0,
        failed: int = 0,
        enabled: bool = True,
        console: Console | None = None,
    ):
        self.console = console or Console()
        self.enabled = enabled and self.console.is_terminal
        self.total = total
        self.start_done = done
        self.done = done
        self.failed = failed
        self.started = time.perf_counter()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> BatchProgress:
        self.started = time.perf_counter()
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]runs"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} runs/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[failed]}"),
                console=self.console,
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                "runs", total=self.total, completed=self.done, rate="-", failed=self._failed_text()
            )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @property
    def elapsed(self) -> float:
        """Seconds since this session started."""
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Runs per second in this session."""
        elapsed = self.elapsed
        return (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0

    def advance(self, ok: int = 0, failed: int = 0) -> None:
        """Count finished runs."""
        self.done += ok + failed
        self.failed += failed
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                completed=self.done,
                rate=f"{self.rate:,.1f}",
                failed=self._failed_text(),
            )

    def _failed_text(self) -> str:
        return f"[red]{self.failed} failed" if self.failed else ""

    def run_done(self, ok: bool) -> None:
        """Count one finished run (callback for the serial executor)."""
        self.advance(ok=int(ok), failed=int(not ok))
