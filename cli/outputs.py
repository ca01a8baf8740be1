"""Where results go: stdout (text, json, jsonl, records) or a mirrored --out folder.

Text format with several inputs (or a directory) puts a header line before each document and a
blank line between documents, like head(1); cleaned text never contains a blank line, so

    ==> raw/a.txt <==
    headline
    body ...

    ==> raw/b.txt <==
    ...

splits unambiguously on lines matching `^==> (.*) <==$` that start the output or follow a blank
line. `--format json` prints one object for one input and a JSON array for several.
"""
from __future__ import annotations

import json
import os
import sys
from typing import BinaryIO

from .inputs import Source
from .settings import Settings


class PlanError(Exception):
    """An input whose output cannot be written (it would overwrite an input, a name clash)."""


def record_line(obj: dict | None, lineno: int, settings: Settings, text: str | None,
                data: dict | None, error: str | None, unit: str = "line", raw: str | None = None) -> bytes:
    """One JSON Lines input record written back, as JSON without a line end.

    Every non-blank input line gives exactly one record, so that output line N answers input
    record N: the input object with the cleaned text added under `--output-field` (null when
    it failed), plus `"tamiz"`: the whole result (`data`, with --format json/jsonl or
    --explain) or, when the record failed, `{"error": cause, "line": input line number}`
    (`"offset"`, in bytes, for a WARC page). A line that is not a JSON object gives a record of
    just those two fields.

    The input object is written back as it was read (`raw`): its numbers, escapes and key order
    unchanged (a round trip through Python would turn 1.10 into 1.1 and 1e400 into Infinity,
    which is not JSON); the new fields are appended before its closing brace. Only when the
    object already has one of those fields is it rebuilt from the parsed object."""
    added: dict = {settings.output_field: text}
    if error is not None:
        added["tamiz"] = {"error": error, unit: lineno}
    elif data is not None:
        added["tamiz"] = data
    indent = 2 if settings.fmt == "json" else None
    body = raw.strip() if raw is not None else None
    if obj is not None and body and body.endswith("}") and not (added.keys() & obj.keys()):
        tail = _dumps(added, None)[1:]  # '"clean_text": ..., "tamiz": ...}'
        joined = body[:-1].rstrip() + ("" if not obj else ", ") + tail
        return _encode(joined)
    rec = dict(obj) if obj is not None else {}
    rec.update(added)
    return _encode(_dumps(rec, indent))


def _dumps(obj: dict, indent: int | None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\udc80" in the input): escape, stay valid JSON
        return json.dumps(json.loads(text)).encode("ascii")


def _strip_warc_suffix(name: str) -> str:
    for suffix in (".warc.wet.gz", ".warc.gz", ".wet.gz", ".warc", ".wet", ".jsonl"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def json_name(name: str) -> str:
    """A file name as JSON can hold it: bytes that are not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def utf8(text: str) -> bytes:
    """UTF-8, with an undecodable file name's original bytes kept (as `ls` shows them)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")


class StdoutSink:
    def __init__(self, settings: Settings, multi: bool, stream: BinaryIO | None = None) -> None:
        self.s, self.multi = settings, multi
        self.out = stream or sys.stdout.buffer
        self.count = 0

    def document(self, source: Source, body: str) -> None:
        s, first = self.s, self.count == 0
        self.count += 1
        if s.fmt == "text":
            if self.multi:
                body = ("" if first else "\n") + f"==> {source.name} <==\n" + body
        elif s.fmt == "json":
            body = (("[\n" if first else ",\n") + body) if self.multi else body + "\n"
        else:
            body += "\n"
        self.out.write(utf8(body))

    def record(self, line: bytes) -> None:
        """A JSON Lines record: one per line, or an element of one JSON array (--format json)."""
        if self.s.fmt == "json":
            self.out.write((b"[\n" if self.count == 0 else b",\n") + line)
        else:
            self.out.write(line + b"\n")
        self.count += 1

    def close(self) -> None:
        if self.s.fmt == "json" and (self.multi or self.s.records):
            self.out.write(b"\n]\n" if self.count else b"[]\n")
        self.out.flush()

    def abort(self) -> None:
        pass


class DirSink:
    """Mirror the inputs under `root`: `a/b.html` -> `root/a/b.txt` (`.json` for JSON formats,
    records keep their name). Each file is written to a hidden temporary name in its final folder
    and renamed, so an output file is whole or absent."""

    def __init__(self, settings: Settings, root: str, sources: list[Source]) -> None:
        self.s, self.root, self.sources = settings, root, sources
        self.suffix = "" if settings.records else (".txt" if settings.fmt == "text" else ".json")
        self.claimed: dict[str, Source] = {}  # output path -> the input it is for
        self._input_ids: set[tuple[int, int]] | None = None
        self._natural_names: dict[str, Source] | None = None
        self._tmp: str | None = None
        self._stream: BinaryIO | None = None
        self._records = 0            # records written to the open file
        self.count = 0

    # -- planning (in the parent, before any work is sent) --
    def target(self, source: Source) -> tuple[str, str | None]:
        """The output file for `source`, and a note when it is not the natural name.

        `a/b.html` -> `root/a/b.txt`. When two inputs would get the same output name (`x.txt`
        and `x.html` in one folder), the input that keeps its own name (`x.txt`) gets it, and
        the other's output is named after its whole file name (`x.html.txt`), whatever the
        order; the note says so, so that the rename is never silent. Raises PlanError when the
        output would overwrite an input, or when no name is free."""
        if self.s.records:  # a records file keeps its name; as one JSON array it is .json
            natural = "stdin.jsonl" if source.name == "-" else source.rel
            if self.s.input_format == "warc":  # crawl.warc.gz -> crawl.jsonl
                natural = _strip_warc_suffix(natural) + ".jsonl"
            if self.s.fmt == "json":
                natural = os.path.splitext(natural)[0] + ".json"
            candidates = [natural]
        else:
            stem, ext = os.path.splitext(source.rel)
            natural = stem + self.suffix
            candidates = [natural, source.rel + self.suffix]
            if ext != self.suffix and self._path(natural) in self._natural():
                candidates.pop(0)
        for cand in candidates:
            path = self._path(cand)
            other = self.claimed.get(path)
            if other is None:
                self.claimed[path] = source
                if self._is_input(path):
                    raise PlanError(f"output {path} would overwrite an input")
                note = None if cand == natural else (
                    f"written to {path}: {self._path(natural)} is the output of {self.claimed_by(natural)}")
                return path, note
            if other.rel == source.rel:  # the same name from two places: no rename can say which
                break
        raise PlanError(f"output {self._path(natural)} clashes with the output of {self.claimed_by(natural)}")

    def claimed_by(self, rel: str) -> str:
        """The input whose output `rel` is (claimed already, or kept for an input of that name)."""
        path = self._path(rel)
        other = self.claimed.get(path) or self._natural().get(path)
        return other.name if other is not None else "another input"

    def _path(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.root, rel))

    def _natural(self) -> dict[str, Source]:
        """Outputs that have the same name as their input (`b.txt` -> `b.txt`): they win a clash."""
        if self._natural_names is None:
            self._natural_names = {self._path(src.rel): src for src in self.sources
                                   if src.rel.endswith(self.suffix)}
        return self._natural_names

    def _is_input(self, path: str) -> bool:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if self._input_ids is None:
            self._input_ids = set()
            for src in self.sources:
                try:
                    ist = os.stat(src.name)
                    self._input_ids.add((ist.st_dev, ist.st_ino))
                except OSError:
                    pass
        return (st.st_dev, st.st_ino) in self._input_ids

    # -- writing --
    def document(self, target: str, body: str) -> None:
        self.open(target)
        assert self._stream is not None
        self._stream.write(utf8(body))
        if self.s.fmt != "text":
            self._stream.write(b"\n")
        self.commit(target)

    def open(self, target: str) -> None:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        self._tmp = os.path.join(os.path.dirname(target),
                                 f".{os.path.basename(target)}.tamiz-{os.getpid()}.tmp")
        self._stream = open(self._tmp, "wb")
        self._records = 0

    def record(self, line: bytes) -> None:
        if self._stream is not None:  # None: the file could not be opened (already reported)
            if self.s.fmt == "json":
                self._stream.write((b"[\n" if self._records == 0 else b",\n") + line)
            else:
                self._stream.write(line + b"\n")
            self._records += 1

    def commit(self, target: str) -> None:
        if self._stream is None or self._tmp is None:
            return
        if self.s.records and self.s.fmt == "json":
            self._stream.write(b"\n]\n" if self._records else b"[]\n")
        self._stream.close()
        os.replace(self._tmp, target)
        self._stream = self._tmp = None
        self.count += 1

    def abort(self) -> None:
        """Remove the file being written, if any: an output is whole or absent."""
        if self._stream is not None:
            self._stream.close()
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
        self._stream = self._tmp = None

    def close(self) -> None:
        self.abort()
