"""tamiz's cache on disk: what is costly to build and the same on every run.

Two things are kept:
- hazm's Normalizer, built for `--normalize`: about 1 s to build and 0.25 s to load
  (core/normalize.py);
- dateparser's month, weekday and relative-time words: 0.12 s to read from dateparser, 2 ms
  from here (core/dates.py).

Each entry is one file. Its name says what it was built from, so a changed
input gets a new name, never a stale entry.

The cache is only ever an aid:
- an entry that is missing, unreadable or damaged is built again;
- a cache that cannot be written (a read-only home, a full disk) is skipped silently;
- an entry is written to a temporary file and renamed, so a reader sees it whole or not at all,
  and two processes writing the same entry at once both succeed;
- a temporary file a killed writer left behind is removed by the next writer of that entry.

An entry may be a pickle, and loading a pickle runs what it says. So an entry is read only
when it is a regular file that the user owns, in a directory the user owns, neither writable
by anyone else (POSIX); tamiz makes its directory private (0700).
"""
from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

CACHE_ENV = "TAMIZ_CACHE_DIR"
# A writer's temporary file older than this was left by a writer that died.
STALE_TEMP_SECONDS = 600


def cache_dir() -> Path | None:
    """Where tamiz keeps its cache.

    This is `$TAMIZ_CACHE_DIR` when it is set; an empty value turns the cache off, giving None.
    Otherwise it is the platform's user cache directory for tamiz, from platformdirs: for
    example `~/.cache/tamiz` on Linux (or `$XDG_CACHE_HOME/tamiz`), `~/Library/Caches/tamiz` on
    macOS, and `%LOCALAPPDATA%\\tamiz\\Cache` on Windows.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        # «~/cache» as a shell would read it, not a folder named «~» in the working directory
        return Path(chosen).expanduser() if chosen.strip() else None
    from platformdirs import user_cache_dir  # the OS's convention, not ours to re-derive
    return Path(user_cache_dir("tamiz", appauthor=False))


def read_entry(name: str, directory: Path | None = None) -> bytes | None:
    """The bytes of entry `name`, or None when there is no cache or no such readable entry.

    `directory` defaults to `cache_dir()`.
    """
    where = directory if directory is not None else cache_dir()
    if where is None:
        return None
    path = where / name
    try:
        # stat first: opening a FIFO or a device planted as an entry would block or never end
        if not (_private(os.stat(where), directory=True) and _private(os.stat(path), directory=False)):
            return None
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def _private(st: os.stat_result, *, directory: bool) -> bool:
    """A directory, or a regular file, that is the user's own and that no one else can write."""
    if not (stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)):
        return False
    if not hasattr(os, "geteuid"):
        return True          # Windows: no POSIX owner or mode bits to judge; the user's profile
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write_entry(name: str, data: bytes, directory: Path | None = None) -> bool:
    """Store `data` as entry `name`, whole or not at all; True when it was stored.

    `directory` defaults to `cache_dir()`. Never raises for the cache's sake: a directory that
    cannot be made or written gives False.
    """
    where = directory if directory is not None else cache_dir()
    if where is None:
        return False
    tmp = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where), directory=True):
            return False     # an entry there would never be read (read_entry): do not leave one
        _remove_stale_temps(where, name)
        with tempfile.NamedTemporaryFile(dir=where, prefix=name + ".", suffix=".tmp", delete=False) as f:
            tmp = f.name
            f.write(data)
        os.replace(tmp, where / name)
        tmp = None
        return True
    except (OSError, ValueError):
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _remove_stale_temps(where: Path, name: str) -> None:
    """Remove the temporary files of entry `name` that writers killed mid-write left behind;
    a live writer's file is younger than STALE_TEMP_SECONDS and stays."""
    now = time.time()
    for leftover in where.iterdir():
        if not (leftover.name.startswith(name + ".") and leftover.name.endswith(".tmp")):
            continue
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except OSError:
            pass
