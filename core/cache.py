"""tamiz's cache on disk: what is costly to build and the same on every run.

Today that is hazm's Normalizer, built for `--normalize`: about 1 s to build and 0.25 s to load
(core/normalize.py). Each entry is one file. Its name says what it was built from, so a changed
input gets a new name, never a stale entry.

The cache is only ever an aid:
- an entry that is missing, unreadable or damaged is built again;
- a cache that cannot be written (a read-only home, a full disk) is skipped silently;
- an entry is written to a temporary file and renamed, so a reader sees it whole or not at all,
  and two processes writing the same entry at once both succeed.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "TAMIZ_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where tamiz keeps its cache.

    This is `$TAMIZ_CACHE_DIR` when it is set; an empty value turns the cache off, giving None.
    Otherwise it is the platform's user cache directory for tamiz, from platformdirs: for
    example `~/.cache/tamiz` on Linux (or `$XDG_CACHE_HOME/tamiz`), `~/Library/Caches/tamiz` on
    macOS, and `%LOCALAPPDATA%\\tamiz\\Cache` on Windows.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    from platformdirs import user_cache_dir  # the OS's convention, not ours to re-derive
    return Path(user_cache_dir("tamiz", appauthor=False))


def read_entry(name: str, directory: Path | None = None) -> bytes | None:
    """The bytes of entry `name`, or None when there is no cache or no such readable entry.

    `directory` defaults to `cache_dir()`.
    """
    where = directory if directory is not None else cache_dir()
    if where is None:
        return None
    try:
        return (where / name).read_bytes()
    except (OSError, ValueError):
        return None


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
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=where, prefix=name, suffix=".tmp", delete=False) as f:
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
