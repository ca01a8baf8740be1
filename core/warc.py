"""WARC front-end: the pages in a web archive, as bytes with what the crawl knew of them.

Read with warcio (the WARC reader of datatrove and cc-pyspark, pure Python), never by hand.
Which records are pages:

- `response` records whose HTTP `Content-Type` is HTML (`text/html`, `application/xhtml+xml`),
  or has no type: the HTML path, with the HTTP charset as the transport's declaration (a
  windows-1256 page whose charset is only in the HTTP header decodes right);
- `conversion` records of `text/plain` (Common Crawl's WET files: a page's text, one line per
  block, menus and all): the text path;
- every other record (requests, metadata, warcinfo, images, PDFs) is skipped and counted.

A damaged record never stops the file: a broken HTTP header, a record cut short (a truncated
gzip member) or one over the size limit becomes a `WarcPage` with `error` set and its offset;
where warcio cannot read on at all, reading resumes at the next record boundary found in the
bytes (a gzip member's start, or a `WARC/1.` line).
"""
from __future__ import annotations

import contextlib
import io
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.wet.gz")
# How far past a record warcio could not read the next record boundary is looked for, in
# bytes; a boundary is a gzip member's start (.gz) or a "WARC/1." version line.
_RESYNC_SCAN = 64 << 20


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One page of a WARC file.

    data: the page's bytes as the server sent them (after chunked and gzip transfer encodings);
        empty when `error` is set.
    kind: "html" (a `response` record) or "text" (a WET `conversion` record).
    url: `WARC-Target-URI`; record_id: `WARC-Record-ID` (`<urn:uuid:...>`); date: `WARC-Date`
        (ISO 8601, as written).
    charset: the charset of the HTTP `Content-Type`, when it names one (HTML only).
    offset: the record's byte offset in the file (in the compressed file for .gz).
    error: why the record could not be read (a broken HTTP header, a record cut short, over
        the size limit), or None.
    """
    data: bytes
    kind: str
    url: str | None
    record_id: str | None
    date: str | None
    charset: str | None
    offset: int
    error: str | None = None

    def at(self, offset: int) -> WarcPage:
        """The same page at `offset`."""
        return WarcPage(self.data, self.kind, self.url, self.record_id, self.date, self.charset,
                        offset, self.error)


def is_warc_name(path: str) -> bool:
    """Named as a WARC or WET file (`.warc`, `.warc.gz`, `.wet`, `.warc.wet.gz`)."""
    return path.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(head: bytes) -> bool:
    """The first bytes of a WARC file: a `WARC/1.x` line, or a gzip member holding one."""
    if head.startswith(b"WARC/1."):
        return True
    if head.startswith(b"\x1f\x8b"):
        import zlib
        try:
            return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/1.")
        except zlib.error:
            return False
    return False


def iter_warc_pages(source: str | os.PathLike[str] | BinaryIO, *, max_bytes: int = 0,
                    skipped: Counter[str] | None = None) -> Iterator[WarcPage]:
    """The pages of a WARC (or WET) file, in file order, as `WarcPage`s.

    source: a path, or a binary file object (seekable for resuming past damage).
    max_bytes: a record whose content is longer is not read (an error page instead); 0: no limit.
    skipped: when given, counts the records that are not pages, by reason
        ("request", "metadata", "image/png", ...).

    Never raises for damaged content (see the module docstring); raises OSError when the
    file cannot be opened.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            yield from iter_warc_pages(fh, max_bytes=max_bytes, skipped=skipped)
        return
    from warcio.archiveiterator import ArchiveIterator

    counts = skipped if skipped is not None else Counter()
    start = source.tell() if source.seekable() else 0
    while True:
        it = ArchiveIterator(source)
        offset = start
        try:
            for record in _quietly(it):
                with contextlib.redirect_stderr(io.StringIO()):  # warcio's own warnings
                    page = _page(record, max_bytes, counts)
                    # Asked only once the content is read: warcio reads the record to its end
                    # to know where it started.
                    offset = it.get_record_offset()
                if page is not None:
                    yield page.at(offset)
            return
        except Exception as exc:  # warcio cannot read on: damaged framing or compression
            offset = it.offset if getattr(it, "offset", None) is not None and it.offset > offset else offset
            yield WarcPage(b"", "html", None, None, None, None, offset,
                           f"unreadable WARC record: {_short(exc)}")
            nxt = _next_boundary(source, offset + 1) if source.seekable() else None
            if nxt is None:
                return
            source.seek(nxt)
            start = nxt


def _quietly(it: Iterator) -> Iterator:
    """warcio writes its own warnings to stderr (a record not followed by a blank line); a
    library must not print, and the page-level error says what matters."""
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                record = next(it)
            except StopIteration:
                return
        yield record


def _page(record, max_bytes: int, counts: Counter[str]) -> WarcPage | None:
    """The record as a page (its offset not yet known), an error page, or None (skipped and
    counted)."""
    offset = -1
    kind = record.rec_type
    head = record.rec_headers
    url, rid, date = (head.get_header("WARC-Target-URI"), head.get_header("WARC-Record-ID"),
                      head.get_header("WARC-Date"))
    if kind == "conversion":
        ctype = (head.get_header("Content-Type") or "text/plain").split(";")[0].strip().lower()
        if ctype != "text/plain":
            counts[f"conversion {ctype}"] += 1
            return None
        charset = None
        page_kind = "text"
    elif kind == "response":
        http = record.http_headers
        if http is None or not (http.protocol or "").upper().startswith("HTTP/"):
            return WarcPage(b"", "html", url, rid, date, None, offset, "broken HTTP header")
        ctype = http.get_header("Content-Type") or ""
        mime = ctype.split(";")[0].strip().lower()
        if mime and mime not in HTML_TYPES:
            counts[mime] += 1
            return None
        charset = _charset(ctype)
        page_kind = "html"
    elif kind is None:  # a header warcio could not read: a file cut inside a record
        return WarcPage(b"", "html", url, rid, date, None, offset, "record without a type (a truncated file?)")
    else:
        counts[kind] += 1
        return None
    length = int(head.get_header("Content-Length") or 0)
    if max_bytes and length > max_bytes:
        return WarcPage(b"", page_kind, url, rid, date, charset, offset,
                        f"too large ({length / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB)")
    try:
        data = record.content_stream().read()
    except Exception as exc:  # a broken chunked or gzip transfer encoding
        return WarcPage(b"", page_kind, url, rid, date, charset, offset, f"unreadable content: {_short(exc)}")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return WarcPage(b"", page_kind, url, rid, date, charset, offset,
                        f"record cut short ({missing} bytes missing: a truncated file?)")
    return WarcPage(data, page_kind, url, rid, date, charset, offset)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _next_boundary(fh: BinaryIO, pos: int) -> int | None:
    """The offset of the next record boundary at or after `pos`, or None."""
    fh.seek(pos)
    chunk = fh.read(_RESYNC_SCAN)
    found = [i for i in (chunk.find(b"\x1f\x8b\x08"), chunk.find(b"WARC/1.")) if i >= 0]
    return pos + min(found) if found else None


def _short(exc: Exception) -> str:
    """One printable line: the bytes warcio quotes from a damaged file must not reach a terminal."""
    text = str(exc).strip().split("\n", 1)[0]
    if "first line:" in text:  # «Invalid WARC record, first line: <binary>»
        text = text.split("first line:", 1)[0].rstrip(" ,") + " (its first line is not a WARC header)"
    text = "".join(ch if ch.isprintable() else "?" for ch in text)[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
