"""Everything tamiz says on stderr: one line per bad input, the progress bar, the summary."""
from __future__ import annotations

import sys
import time
from typing import Any


class Reporter:
    def __init__(self, *, progress: bool, quiet: bool, unit: str = "files") -> None:
        self.want_progress, self.quiet, self.unit = progress, quiet, unit
        self.total: int | None = None
        self.done = self.cleaned = self.failed = self.skipped = self.removed = self.bytes = 0
        self.start = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    # -- messages --
    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            sys.stderr.write(line + "\n")

    def error(self, where: str, cause: str) -> None:
        """A document that failed, or an input that could not be found or listed."""
        self.failed += 1
        self._say(f"tamiz: {where}: {cause}")

    def warn(self, where: str, message: str) -> None:
        if not self.quiet:
            self._say(f"tamiz: {where}: warning: {message}")

    def skip(self, where: str, why: str | None = None) -> None:
        self.skipped += 1
        if why and not self.quiet:
            self._say(f"tamiz: {where}: skipped: {why}")

    # -- progress --
    def started(self, total: int | None) -> None:
        """Show the bar (stderr only). Called once work is under way, after the pool's workers
        have been forked, so no fork happens while the bar's refresh thread runs."""
        self.total = total
        if not self.want_progress or self._bar is not None:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._bar = Progress(TextColumn("tamiz"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("clean", total=total)

    def advance(self, cleaned: bool = False, removed: int = 0, size: int = 0) -> None:
        self.done += 1
        self.cleaned += cleaned
        self.removed += removed
        self.bytes += size
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self) -> str:
        secs = max(time.perf_counter() - self.start, 1e-9)
        mb = self.bytes / 1e6
        n = self.cleaned + self.failed + self.skipped
        return (f"tamiz: {n} {self.unit}: {self.cleaned} cleaned, {self.failed} failed, "
                f"{self.skipped} skipped; {self.removed} lines removed; "
                f"{mb:.1f} MB in {secs:.1f} s ({mb / secs:.1f} MB/s)")
