"""Everything tamiz says on stderr: one line per bad input, the progress display, the summary."""
from __future__ import annotations

import sys
import time
from typing import Any

# Seconds between two progress lines when stderr is a file or a pipe (a log): often enough to
# see a long batch move, rarely enough that a log of a 10-hour run stays short.
PLAIN_PROGRESS_EVERY = 10.0


class Reporter:
    """Counts outcomes and writes messages to stderr.

    The progress display is a rich bar when stderr is a terminal, and a plain line every
    `every` seconds when it is not (a bar's control codes would leave a log with one blank
    line). The caller decides whether progress is wanted at all (see `cli/main.py`)."""

    def __init__(self, *, progress: bool, quiet: bool, unit: str = "files",
                 every: float = PLAIN_PROGRESS_EVERY) -> None:
        self.want_progress, self.quiet, self.unit, self.every = progress, quiet, unit, every
        self.total: int | None = None
        self.done = self.cleaned = self.failed = self.skipped = self.removed = self.bytes = 0
        self.existing = 0                 # of `skipped`: --skip-existing found their output
        self.learned = self.learned_sites = 0  # --learn: template lines, and sites they are of
        self.start = time.perf_counter()
        self._last_line = self.start
        self._bar: Any = None
        self._task: Any = None
        self._plain = False

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

    def info(self, where: str, message: str) -> None:
        """Something the user should know that is neither a failure nor a warning."""
        if not self.quiet:
            self._say(f"tamiz: {where}: {message}")

    def skip(self, where: str, why: str | None = None, *, existing: bool = False,
             note: bool = True) -> None:
        """A document with nothing to do. `existing`: its output is there (--skip-existing),
        counted for the summary; `note`: say so on a line of its own."""
        self.skipped += 1
        self.existing += existing
        if why and note and not self.quiet:
            self._say(f"tamiz: {where}: skipped: {why}")

    # -- progress --
    def started(self, total: int | None) -> None:
        """Show the progress display (stderr only). Called once work is under way, after the
        pool's workers have been forked, so no fork happens while the bar's refresh thread runs."""
        self.total = total
        if not self.want_progress or self._bar is not None or self._plain:
            return
        if not sys.stderr.isatty():
            self._plain = True
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
        elif self._plain:
            now = time.perf_counter()
            if now - self._last_line >= self.every:
                self._last_line = now
                sys.stderr.write(self.progress_line(now) + "\n")
                sys.stderr.flush()

    def progress_line(self, now: float | None = None) -> str:
        """`tamiz: progress: 120/4026 files, 3.1 MB in 12.0 s` (no total for JSON Lines input)."""
        secs = (now or time.perf_counter()) - self.start
        of = f"/{self.total}" if self.total else ""
        return f"tamiz: progress: {self.done}{of} {self.unit}, {self.bytes / 1e6:.1f} MB in {secs:.1f} s"

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def summary(self) -> str:
        secs = max(time.perf_counter() - self.start, 1e-9)
        mb = self.bytes / 1e6
        n = self.cleaned + self.failed + self.skipped
        existing = f" ({self.existing} with their output already there)" if self.existing else ""
        unit = self.unit[:-1] if n == 1 else self.unit  # "1 file", "3 files"
        learned = (f"; learned {self.learned} template line{'s' if self.learned != 1 else ''} of "
                   f"{self.learned_sites} site{'s' if self.learned_sites != 1 else ''}") if self.learned else ""
        return (f"tamiz: {n} {unit}: {self.cleaned} cleaned, {self.failed} failed, "
                f"{self.skipped} skipped{existing}; {self.removed} line{'s' if self.removed != 1 else ''} removed; "
                f"{mb:.1f} MB in {secs:.1f} s ({mb / secs:.1f} MB/s){learned}")
