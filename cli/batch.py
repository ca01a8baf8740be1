"""One `tamiz clean` run: inputs -> jobs -> (pool) -> outputs, with messages and the summary.

The parent process plans (finds inputs, names outputs, skips existing ones, reads stdin and
JSON Lines records) and writes every output, in input order; workers only read and clean.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import BinaryIO

from .inputs import STDIN, InputError, Record, Source, collect, describe, iter_records, read_stdin
from .outputs import DirSink, PlanError, StdoutSink, json_name, record_line
from .pool import ordered_map
from .report import Reporter
from .settings import Settings
from .worker import Outcome, Payload, init, work


class NoInput(Exception):
    """Nothing to do: a usage error (exit 2)."""


@dataclass(slots=True)
class Job:
    source: Source
    payload: Payload | None = None   # None: nothing for a worker (a marker, or failed already)
    kind: str = "doc"                # doc | begin | record | end (the last three: JSON Lines input)
    target: str | None = None        # --out: the output file
    record: Record | None = None
    error: str | None = None         # failed while planning
    skip: str | None = None          # skipped while planning (--skip-existing)
    note: str | None = None          # a warning from planning (an output renamed to avoid a clash)


def run(paths: list[str], s: Settings, on_start: Callable[[list[Source]], None] | None = None) -> int:
    """Clean everything; return the exit code (0 all cleaned, 1 some failed).

    `on_start(sources)` is called once the inputs are found, before any work or worker process
    starts.
    """
    prune = os.path.realpath(s.out_dir) if s.out_dir else None
    multi = len(paths) > 1 or any(p != STDIN and os.path.isdir(p) for p in paths)
    # One page gets neither a progress bar nor a summary: its output is the whole story. A
    # JSON Lines file is a batch of documents, and gets both.
    batch = multi or s.records
    rep = Reporter(progress=s.progress and batch, quiet=s.quiet,
                   unit="documents" if s.records else "files")
    sources = collect(paths, s.globs, prune=prune, on_error=rep.error,
                      on_empty=lambda where, why: rep.warn(where, why))
    if not sources:
        raise NoInput("no input files found")
    if on_start is not None:
        on_start(sources)
    stdin = _spool_stdin(sources) if s.learn and s.records else None
    sites: dict[str, str] = {}
    if s.learn:
        s, sites, _ = _learn(sources, s, rep, stdin)
    # Explained records are documents for a reader, each under its "==> file:line <==" header.
    headers = multi or (s.records and s.explain_view)
    sink: StdoutSink | DirSink = DirSink(s, s.out_dir, sources) if s.out_dir else StdoutSink(s, headers)
    jobs = s.jobs if s.records else min(s.jobs, len(sources))  # one input: no pool at all
    chunk = 16 if s.records else max(1, min(16, len(sources) // max(1, jobs * 4)))
    stream = ordered_map(_jobs(sources, s, sink, sites, stdin), work=work, init=init, initargs=(s,), jobs=jobs,
                         chunk_size=chunk, crashed=lambda job: Outcome(error="worker process crashed"))
    try:
        with closing(stream):
            for job, outcome in stream:
                rep.started(None if s.records else len(sources))
                _handle(job, outcome, sink, rep, multi)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    finally:
        rep.stop()
    if batch and not s.quiet:
        sys.stderr.write(rep.summary() + "\n")
    return 1 if rep.failed else 0


def _jobs(sources: list[Source], s: Settings, sink: StdoutSink | DirSink,
          sites: dict[str, str] | None = None, stdin: BinaryIO | None = None) -> Iterator[Job]:
    """The work, lazily: planning errors and skips travel as jobs so messages stay in order.
    `sites`: each page's site, as the learning pass found it; `stdin`: stdin, spooled."""
    sites = sites or {}
    for src in sources:
        target = note = None
        if isinstance(sink, DirSink):
            try:
                target, note = sink.target(src)
            except PlanError as exc:
                yield Job(src, error=str(exc))
                continue
            if s.skip_existing and os.path.exists(target):
                yield Job(src, skip="output exists")
                continue
        if s.records:
            yield from _record_jobs(src, s, target, stdin)
        elif src.name == STDIN:
            try:
                yield Job(src, ("bytes", read_stdin(s.max_bytes), STDIN), target=target, note=note)
            except InputError as exc:
                yield Job(src, error=str(exc))
        else:
            yield Job(src, ("named" if src.named else "path", src.name, src.name, sites.get(src.name)),
                      target=target, note=note)


def _record_jobs(src: Source, s: Settings, target: str | None, stdin: BinaryIO | None = None) -> Iterator[Job]:
    if src.name == STDIN:
        if stdin is not None:
            stdin.seek(0)
        yield from _records(src, s, target, stdin or sys.stdin.buffer)
        return
    try:
        fh = open(src.name, "rb")
    except OSError as exc:
        yield Job(src, error=describe(exc, src.name))
        return
    with fh:
        yield from _records(src, s, target, fh)


def _records(src: Source, s: Settings, target: str | None, fh: BinaryIO) -> Iterator[Job]:
    if s.input_format == "warc":
        yield from _warc_records(src, s, target, fh)
        return
    yield Job(src, kind="begin", target=target)
    for i, rec in enumerate(iter_records(fh, s.field)):
        site = _record_site(rec.obj, src, s)
        payload = ("text", rec.text, src.name, site) if rec.error is None else None
        # A file whose very first record is not JSON is probably not JSON Lines at all: say so
        # once, beside the error each of its lines will get.
        note = NOT_JSONL if i == 0 and rec.obj is None and rec.error and rec.error.startswith("not a JSON record") else None
        yield Job(src, payload, kind="record", record=rec, error=rec.error, note=note)
    yield Job(src, kind="end", target=target)


def _warc_records(src: Source, s: Settings, target: str | None, fh: BinaryIO) -> Iterator[Job]:
    """A WARC file's pages as records; the records that are not pages are counted, and said
    once at the end of the file."""
    from collections import Counter

    from tamiz.warc import iter_warc_pages

    skipped: Counter[str] = Counter()
    pages = 0
    yield Job(src, kind="begin", target=target)
    for page in iter_warc_pages(fh, max_bytes=s.max_bytes, skipped=skipped):
        pages += 1
        obj = {"url": page.url, "warc_record_id": page.record_id, "warc_date": page.date}
        rec = Record(page.offset, obj, None, page.error, unit="offset")
        site = _record_site(obj, src, s)
        payload = None if page.error else ("warc", (page.data, page.kind, page.charset), src.name, site)
        yield Job(src, payload, kind="record", record=rec, error=page.error)
    note = None if pages or skipped else "no WARC records: an empty file?"
    if skipped:
        kinds = ", ".join(f"{n} {k}" for k, n in skipped.most_common())
        n = sum(skipped.values())
        note = f"skipped {n} WARC record{'s' if n != 1 else ''} that {'are not pages' if n != 1 else 'is not a page'} ({kinds})"
    yield Job(src, kind="end", target=target, note=note)


def _record_site(obj: dict | None, src: Source, s: Settings) -> str | None:
    """A record's site (its `url` field's host, else its file's folder), when learning."""
    if not s.learn:
        return None
    from tamiz.template import site_of

    url = obj.get("url") if isinstance(obj, dict) else None
    return site_of(url if isinstance(url, str) else None, src.name, s.site_key)


def _spool_stdin(sources: list[Source]) -> BinaryIO | None:
    """Records on stdin are read twice when learning: kept in memory up to 64 MB, then on disk."""
    if not any(src.name == STDIN for src in sources):
        return None
    import shutil
    import tempfile

    spool = tempfile.SpooledTemporaryFile(max_size=64 << 20)
    shutil.copyfileobj(sys.stdin.buffer, spool)
    return spool  # type: ignore[return-value]


def _learn(sources: list[Source], s: Settings, rep: Reporter,
           stdin: BinaryIO | None) -> tuple[Settings, dict[str, str], int]:
    """The first pass: each document's lines counted per site, no text kept; returns the
    settings with the learned template, each page's site (records find theirs again), and the
    number of pages counted (copies left out)."""
    from dataclasses import replace

    from tamiz.pipeline import _rulebook
    from tamiz.template import TemplateLearner

    from .worker import learn_work

    def payloads() -> Iterator[Job]:
        # A page on stdin is one page: nothing to learn from, and stdin is read once.
        taken = [src for src in sources if s.records or src.name != STDIN]
        for job in _jobs(taken, s, StdoutSink(s, False, stream=_NullStream()), None, stdin):  # type: ignore[arg-type]
            if job.payload is not None:
                yield job

    learner = TemplateLearner()
    sites: dict[str, str] = {}
    jobs = s.jobs if s.records else min(s.jobs, len(sources))
    stream = ordered_map(payloads(), work=learn_work, init=init, initargs=(s,), jobs=jobs,
                         chunk_size=16, crashed=lambda job: None)
    with closing(stream):
        for job, got in stream:
            if got is not None:
                site, keys = got
                learner.add(site, keys)
                if not s.records:
                    sites[job.source.name] = site
    profile = learner.profile(_rulebook(s.rules))
    rep.learned = sum(len(v) for v in profile.values())
    rep.learned_sites = len(profile)
    return replace(s, template=profile), sites, sum(learner.sites.values())


def learn_profile(paths: list[str], s: Settings) -> tuple[dict, int]:
    """`tamiz learn`: the learning pass alone; returns (profile, pages counted)."""
    rep = Reporter(progress=False, quiet=True)
    sources = collect(paths, s.globs, prune=None, on_error=rep.error, on_empty=lambda w, why: None)
    if not sources:
        raise NoInput("no input files found")
    stdin = _spool_stdin(sources) if s.records else None
    learned, _, pages = _learn(sources, s, rep, stdin)
    return learned.template or {}, pages


class _NullStream:
    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass


NOT_JSONL = "its first line is not JSON: is it JSON Lines? (--input-format jsonl reads one JSON object per line)"


def _handle(job: Job, out: Outcome | None, sink: StdoutSink | DirSink, rep: Reporter,
            multi: bool) -> None:
    name = job.source.name
    if job.kind == "begin":
        if isinstance(sink, DirSink) and job.target:
            try:
                sink.open(job.target)
            except OSError as exc:
                rep.error(name, f"cannot write {job.target}: {describe(exc)}")
        return
    if job.kind == "end":
        if job.note and not rep.quiet:
            rep.info(name, job.note)
        if isinstance(sink, DirSink) and job.target:
            sink.commit(job.target)
        return
    if job.kind == "record":
        _handle_record(job, out, sink, rep)
        return
    error = job.error or (out.error if out else None)
    if error:
        rep.error(name, error)
        rep.advance()
        _stand_in(sink, job.source, "error", error)
        return
    skipped = job.skip or (out.skipped if out else None)
    if skipped:
        # A resumed batch of thousands skips thousands: the summary counts them instead.
        rep.skip(name, skipped, existing=job.skip is not None, note=not (multi and job.skip))
        rep.advance(size=out.size if out else 0)
        if not job.skip:
            _stand_in(sink, job.source, "skipped", skipped)
        return
    assert out is not None
    if job.note:
        rep.warn(name, job.note)
    for w in out.warnings:
        rep.warn(name, w)
    try:
        if isinstance(sink, DirSink):
            assert job.target is not None
            sink.document(job.target, out.body)
        else:
            sink.document(job.source, out.body)
    except OSError as exc:
        if not isinstance(sink, DirSink) or isinstance(exc, BrokenPipeError):
            raise
        sink.abort()
        rep.error(name, f"cannot write {job.target}: {describe(exc)}")
        rep.advance()
        return
    rep.advance(cleaned=True, removed=out.removed, size=out.size)


def _stand_in(sink: StdoutSink | DirSink, source: Source, key: str, why: str) -> None:
    """In JSON output to stdout, an input that failed or had nothing to clean still gets its
    object, `{"source": ..., "error": ...}` (or `"skipped"`), so that a reader of the stream
    sees every input. Text output has no place for it; --out writes no file for it (a resume
    tries it again)."""
    if isinstance(sink, StdoutSink) and sink.s.fmt != "text":
        import json
        obj = {"source": json_name(source.name), key: why}
        sink.document(source, json.dumps(obj, ensure_ascii=False, indent=2 if sink.s.fmt == "json" else None))


def _handle_record(job: Job, out: Outcome | None, sink: StdoutSink | DirSink, rep: Reporter) -> None:
    rec = job.record
    assert rec is not None
    where = rec.where(job.source.name)
    if job.note:
        rep.warn(job.source.name, job.note)
    error = job.error or (out.error if out else None)
    if error:
        rep.error(where, error)
        rep.advance()
    elif out is not None:
        for w in out.warnings:
            rep.warn(where, w)
        rep.advance(cleaned=True, removed=out.removed, size=out.size)
    if sink.s.explain_view:
        if not error and out is not None and isinstance(sink, StdoutSink):
            sink.document(Source(where, where), out.body)
        return
    text = None if error or out is None else out.body
    data = None if error or out is None else out.data
    sink.record(record_line(rec.obj, rec.lineno, sink.s, text, data, error, rec.unit, rec.raw))
