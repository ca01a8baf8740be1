"""Engine-neutral corpus functions: WARC files -> cleaned records, for any engine's map step.

No engine is imported here. `process_warcs` is exactly what Spark's `mapPartitions` and Dask's
`map_partitions` / `bag.map_partitions` take (an iterable of paths in, an iterator of dicts
out); `clean_records` cleans pages from anywhere; both never raise for one bad page: the error
goes into its record, and the run goes on.

    >>> from tamiz.corpus import process_warcs
    >>> for rec in process_warcs(["crawl.warc.gz"]):        # doctest: +SKIP
    ...     print(rec["url"], rec["error"] or rec["title"])
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .pipeline import DEFAULT_EXTRACTOR, clean_bytes
from .warc import WarcPage, iter_warc_pages

DEFAULT_TIMEOUT = 30.0  # seconds per page: trafilatura takes ~20 ms a page, tamiz's text path less


class PageTimeout(Exception):
    """A page took longer than its time limit."""


def clean_records(pages: Iterable[WarcPage], *, source: str | None = None, rules: Iterable[str] = (),
                  normalize: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
                  extractor: str = DEFAULT_EXTRACTOR) -> Iterator[dict[str, Any]]:
    """Clean each page into one flat dict, in order; never raises for a page.

    Every record has `source` (the file, as given), `url`, `warc_record_id`, `warc_date`,
    `warc_offset` (bytes), `error` (None, or why the page failed: unreadable record, not text,
    over `timeout` seconds) and `text` (the article; None on error). A cleaned page adds the
    rest of `Result.to_dict()`: `title`, `lead`, `paragraphs`, `metadata`, `removed`,
    `article_found`, `encoding`, `warnings`, ...

    extractor: how HTML pages are read, "tamiz" or "trafilatura" (see `tamiz.clean`).
    timeout: seconds per page (None or 0: none). Enforced with a timer signal, so only in the
        main thread of a Unix process (as in Spark's and Dask's worker processes); elsewhere
        pages run without a limit.
    """
    rule_files = tuple(rules)
    for page in pages:
        rec: dict[str, Any] = {"source": source, "url": page.url, "warc_record_id": page.record_id,
                               "warc_date": page.date, "warc_offset": page.offset, "error": page.error,
                               "text": None}
        if page.error is None:
            try:
                with time_limit(timeout):
                    result = clean_bytes(page.data, rules=rule_files, normalize=normalize,
                                         input_format=page.kind, charset=page.charset, extractor=extractor)
            except PageTimeout:
                rec["error"] = f"timed out after {timeout:g} s"
            except Exception as exc:  # one bad page must not end a partition of thousands
                rec["error"] = f"{type(exc).__name__}: {exc}".split("\n", 1)[0]
            else:
                body = result.to_dict()
                del body["source"]  # the record's own `source` is the WARC file
                rec.update(body)
        yield rec


def process_warcs(paths: Iterable[str | Path], *, rules: Iterable[str] = (), normalize: bool = False,
                  timeout: float | None = DEFAULT_TIMEOUT, max_bytes: int = 0,
                  extractor: str = DEFAULT_EXTRACTOR) -> Iterator[dict[str, Any]]:
    """Every page of every WARC file in `paths`, cleaned (see `clean_records` for the dicts).

    A file that cannot be opened gives one record with its `error` and no `url`.
    """
    rule_files = tuple(str(r) for r in rules)
    for path in paths:
        name = str(path)
        try:
            pages = iter_warc_pages(name, max_bytes=max_bytes)
            yield from clean_records(pages, source=name, rules=rule_files, normalize=normalize,
                                     timeout=timeout, extractor=extractor)
        except OSError as exc:
            yield {"source": name, "url": None, "warc_record_id": None, "warc_date": None,
                   "warc_offset": None, "error": f"cannot read: {exc.strerror or exc}", "text": None}


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise PageTimeout in the block after `seconds` (wall clock). A no-op when `seconds` is
    None or 0, off the main thread, or where there is no SIGALRM (Windows)."""
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise PageTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
