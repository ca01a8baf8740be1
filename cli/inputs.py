"""Finding inputs (files, directories, stdin) and reading them with one-line reasons for failure."""
from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

STDIN = "-"

# How `--input-format auto` knows JSON Lines: the name, or a first line that opens a JSON
# object with a key (`{"url": ...`). No news page, text or HTML, starts that way.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_OBJECT_START = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"(?:[^"\\\n]|\\.)*"\s*:')


class InputError(Exception):
    """An input that cannot be read; the message is the cause, for `tamiz: PATH: cause`."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str        # as shown to the user and in JSON `source`: the path as given, or "-"
    rel: str         # path relative to the argument it came from: mirrored under --out
    named: bool = True  # named on the command line (a pipe or device is fine) or found in a walk


def collect(paths: list[str], globs: tuple[str, ...], *, prune: str | None,
            on_error: Callable[[str, str], None], on_empty: Callable[[str, str], None]) -> list[Source]:
    """Expand the arguments into sources, in order. Directories are walked recursively in sorted
    order; their files are chosen by name (`globs`, case-insensitive); hidden files and folders
    are skipped; symlinked folders are not followed (no loops). Paths named explicitly are taken
    whatever their name, and a missing one is reported (via `on_error`) when it is read.
    `prune` is a real path never walked into: the --out folder when it lies inside an input.
    Unlistable folders go to `on_error`, folders with nothing chosen to `on_empty`."""
    sources: list[Source] = []
    dirs = [arg for arg in paths if arg != STDIN and os.path.isdir(arg)]
    # Several folders are mirrored each under its own name (the shortest tail of its path that
    # tells it from the others): two folders' 001.txt must not share one output.
    under = _distinct_names(dirs) if len(dirs) > 1 else {}
    walked: set[str] = set()
    for arg in paths:
        if arg != STDIN and os.path.isdir(arg):
            real = os.path.realpath(arg)
            if real in walked:  # the same folder named twice is cleaned once
                continue
            walked.add(real)
            found = list(_walk(arg, globs, prune, on_error, under.get(arg, "")))
            if not found:
                on_empty(arg, "no files matching " + ", ".join(globs) + _hint(arg))
            sources += found
        else:
            sources.append(Source(arg, os.path.basename(os.path.normpath(arg)) if arg != STDIN else "stdin"))
    return sources


def _distinct_names(dirs: list[str]) -> dict[str, str]:
    """Each folder's shortest path tail that no other folder shares: `a/text/raw` and
    `a/dump/raw` -> `text/raw`, `dump/raw`."""
    parts = {d: os.path.realpath(d).strip(os.sep).split(os.sep) for d in dirs}
    longest = max(len(p) for p in parts.values())
    for k in range(1, longest + 1):
        names = {d: os.path.join(*p[-k:]) for d, p in parts.items()}
        if len(set(names.values())) == len(set(map(os.path.realpath, dirs))):
            return names
    return {d: os.path.join(*p) for d, p in parts.items()}


def _hint(folder: str) -> str:
    """What else the folder holds that tamiz reads, when no file matched."""
    try:
        names = [n.lower() for _, _, files in os.walk(folder) for n in files]
    except OSError:
        return ""
    for suffixes, what, glob in ((JSONL_SUFFIXES, "JSON Lines", "*.jsonl"),
                                 ((".warc", ".warc.gz", ".wet", ".wet.gz"), "WARC", "*.warc.gz")):
        n = sum(1 for name in names if name.endswith(suffixes))
        if n:
            return f" (it holds {n} {what} file{'s' if n != 1 else ''}: --glob '{glob}' takes them)"
    return ""


def _walk(top: str, globs: tuple[str, ...], prune: str | None,
          on_error: Callable[[str, str], None], under: str = "") -> Iterator[Source]:
    pats = tuple(g.lower() for g in globs)

    def walk_error(exc: OSError) -> None:
        on_error(exc.filename or top, "cannot list: " + describe(exc))

    for root, dirs, files in os.walk(top, onerror=walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (prune and os.path.realpath(os.path.join(root, d)) == prune))
        for name in sorted(files):
            if not name.startswith(".") and any(fnmatchcase(name.lower(), p) for p in pats):
                path = os.path.join(root, name)
                yield Source(path, os.path.join(under, os.path.relpath(path, top)), named=False)


def input_kind(path: str, globs: tuple[str, ...] = ()) -> str:
    """What `--input-format auto` takes `path` for: "warc", "jsonl" or "page". A directory is
    what its `--glob` patterns name (`*.warc.gz`: WARC), pages otherwise."""
    from tamiz.warc import is_warc_name, looks_like_warc

    if path != STDIN and os.path.isdir(path):
        if globs and all(is_warc_name(g.rstrip("*")) for g in globs):
            return "warc"
        if globs and all(g.lower().endswith(JSONL_SUFFIXES) for g in globs):
            return "jsonl"
        return "page"
    if path != STDIN and is_warc_name(path):
        return "warc"
    try:
        if path == STDIN:
            head = sys.stdin.buffer.peek(512)[:512]
        else:
            with open(path, "rb") as fh:
                head = fh.read(512)
        if looks_like_warc(head):
            return "warc"
    except (AttributeError, OSError, ValueError):
        pass
    return "jsonl" if looks_like_jsonl(path) else "page"


def looks_like_jsonl(path: str) -> bool:
    """True when `path` (a file, or "-" for stdin) holds JSON Lines records, judged by its name
    or its first bytes; stdin is peeked, not consumed. Directories, missing and unreadable
    files are False (they are reported when read)."""
    if path == STDIN:
        try:
            head = sys.stdin.buffer.peek(4096)[:4096]
        except (AttributeError, OSError, ValueError):
            return False
        return bool(_OBJECT_START.match(head))
    if path.lower().endswith(JSONL_SUFFIXES):
        return not os.path.isdir(path)
    try:
        if not os.path.isfile(path):
            return False
        with open(path, "rb") as fh:
            return bool(_OBJECT_START.match(fh.read(4096)))
    except OSError:
        return False


def read_bytes(path: str, max_bytes: int = 0, *, regular_only: bool = False) -> bytes:
    """The file's bytes, or InputError naming the cause. `max_bytes` (0: none) refuses huge files
    before reading them; `regular_only` refuses FIFOs and devices without blocking on them."""
    try:
        flags = os.O_RDONLY | (os.O_NONBLOCK if regular_only else 0)
        with open(os.open(path, flags), "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError("is a directory")
            if regular_only and not stat.S_ISREG(st.st_mode):
                raise InputError("not a regular file")
            if max_bytes and stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                raise InputError(too_large(st.st_size, max_bytes))
            data = fh.read(max_bytes + 1) if max_bytes else fh.read()
    except OSError as exc:
        raise InputError(describe(exc, path)) from None
    if max_bytes and len(data) > max_bytes:  # a pipe or device: its size was unknown up front
        raise InputError(too_large(None, max_bytes))
    return data


def read_stdin(max_bytes: int = 0) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1) if max_bytes else sys.stdin.buffer.read()
    if max_bytes and len(data) > max_bytes:
        raise InputError(too_large(None, max_bytes))
    return data


def too_large(size: int | None, limit: int) -> str:
    what = f"{size / 1e6:.1f} MB" if size is not None else "more than that"
    return f"too large ({what}; the limit is {limit / 1e6:g} MB, see --max-size)"


def describe(exc: OSError, path: str | None = None) -> str:
    """A short lower-case cause for an OSError, naming symlink trouble plainly."""
    if exc.errno == errno.ENOENT and path and os.path.islink(path):
        return "broken symbolic link"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


@dataclass(slots=True)
class Record:
    """One record of a records input: a JSON Lines line (its line number, the parsed object or
    None if the line is not JSON, the page text in the chosen field or None with `error` set)
    or a WARC page (`lineno` is its byte offset; `obj` holds its url, record id and date)."""
    lineno: int
    obj: dict | None
    text: str | None
    error: str | None = None
    unit: str = "line"   # what `lineno` counts: "line" (JSON Lines) or "offset" (WARC, bytes)
    raw: str | None = None  # the JSON object's text as read, so that it is written back unchanged

    def where(self, name: str) -> str:
        """`crawl.jsonl:12` or `crawl.warc.gz@48213`, for messages."""
        return f"{name}:{self.lineno}" if self.unit == "line" else f"{name}@{self.lineno}"


def iter_records(stream, field: str) -> Iterator[Record]:
    """Parse a JSON Lines byte stream lazily, one record per non-blank line. UTF-8, or UTF-16 /
    UTF-32 when the stream starts with their byte order mark (JSON Lines is UTF-8 by its
    definition, but Windows tools write UTF-16 with a BOM)."""
    for lineno, raw in enumerate(_lines(stream), start=1):
        if not raw.strip():
            continue
        try:
            line = raw if isinstance(raw, str) else raw.decode("utf-8")
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield Record(lineno, None, None, f"not a JSON record ({_short(exc)})")
            continue
        if not isinstance(obj, dict):
            yield Record(lineno, None, None, "not a JSON object")
            continue
        text = obj.get(field)
        if not isinstance(text, str):
            why = ("missing" if field not in obj else "is null" if text is None
                   else f"is not a string ({type(text).__name__})")
            yield Record(lineno, obj, None, f"field {field!r} {why}", raw=line)
            continue
        yield Record(lineno, obj, text, raw=line)


def _lines(stream) -> Iterator[bytes | str]:
    """The stream's lines: bytes, or str when a UTF-16/32 byte order mark says how to decode."""
    import codecs
    import io

    try:
        head = stream.peek(4)[:4]
    except (AttributeError, OSError, ValueError):
        head = b""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return iter(io.TextIOWrapper(stream, encoding=codec, errors="replace", newline=None))
    return iter(stream)


def _short(exc: Exception) -> str:
    return str(exc).split("\n", 1)[0][:120]
