"""`--normalize`: hazm's Normalizer on the kept text, digits left as they are.

hazm's Normalizer is slow to build. Importing hazm takes about 0.3 s, because it imports nltk.
Building the Normalizer takes about 1 s more: it reads hazm's 193,000-word lexicon and conjugates
346,000 verb forms to know which words to join or space. Unpickling one that is already built
takes about 0.25 s. So the first run builds it and keeps it, pickled, in the user's cache
directory, and later runs load that file. The file is named for the versions of hazm and Python
and for the options, so an upgrade builds it afresh.

A cache that is missing, damaged or of another shape is rebuilt. One that cannot be written is
skipped. Normalizing never fails for the cache's sake.
"""
from __future__ import annotations

import gc
import os
import pickle
import sys
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from hazm import Normalizer

CACHE_ENV = "TAMIZ_CACHE_DIR"
# hazm's own defaults, except digits: tamiz keeps the page's digits as they were.
OPTIONS = {"persian_numbers": False}


def cache_dir() -> Path | None:
    """Where tamiz keeps what is costly to build.

    This is `$TAMIZ_CACHE_DIR` when it is set (an empty value turns the cache off, giving None).
    Otherwise it is the platform's user cache directory for tamiz, from platformdirs: for
    example `~/.cache/tamiz` on Linux, `~/Library/Caches/tamiz` on macOS, and
    `%LOCALAPPDATA%\\tamiz\\Cache` on Windows.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    from platformdirs import user_cache_dir  # the OS's convention, not ours to re-derive
    return Path(user_cache_dir("tamiz", appauthor=False))


def cache_file(directory: Path) -> Path:
    """The pickle of the Normalizer in `directory`, named for what would change its contents."""
    from importlib.metadata import version
    opts = "-".join(f"{k}={v}" for k, v in sorted(OPTIONS.items()))
    return directory / f"hazm-{version('hazm')}-normalizer-{opts}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


@contextmanager
def _no_gc() -> Iterator[None]:
    # Building or unpickling hazm's lexicons makes ~1.5 million objects, which sets off the
    # cyclic garbage collector again and again. None of them is garbage: pausing the collector
    # cuts the build from ~1.1 s to ~0.8 s (measured).
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_normalizer(directory: Path | None) -> "Normalizer":
    """hazm's Normalizer with `OPTIONS`, loaded from `directory`'s cache or built (and cached).

    `directory` None builds without a cache. hazm is imported here only, since it costs ~0.3 s.
    """
    from hazm import Normalizer
    path = cache_file(directory) if directory is not None else None
    with _no_gc():
        if path is not None:
            try:
                with path.open("rb") as f:
                    found = pickle.load(f)
                if isinstance(found, Normalizer):
                    return found
            except Exception:  # noqa: BLE001 - any damaged or foreign cache is rebuilt
                pass
        built = Normalizer(**OPTIONS)
    if path is not None:
        _store(built, path)
    return built


def _store(normalizer: "Normalizer", path: Path) -> None:
    """Write the pickle whole or not at all: a temporary file, renamed over the old one."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as f:
            tmp = f.name
            pickle.dump(normalizer, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except Exception:  # noqa: BLE001 - a read-only home, a full disk: run without the cache
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@lru_cache(maxsize=1)
def _normalizer() -> "Normalizer":
    return load_normalizer(cache_dir())


def normalize_lines(lines: list[str]) -> list[str]:
    """Each line through hazm's Normalizer (digits unchanged); the first call loads it (above)."""
    norm = _normalizer()
    return [norm.normalize(line) for line in lines]
