"""`--normalize`: hazm's Normalizer on the kept text, digits left as they are.

hazm's Normalizer is slow to build. Importing hazm takes about 0.3 s, because it imports nltk.
Building the Normalizer takes about 1 s more: it reads hazm's 193,000-word lexicon and conjugates
346,000 verb forms to know which words to join or space. Unpickling one that is already built
takes about 0.25 s. So the first run builds it and keeps it, pickled, in tamiz's cache
(core/cache.py: the user's cache directory, or $TAMIZ_CACHE_DIR), and later runs load that. The
entry is named for the versions of hazm and Python and for the options, so an upgrade builds it
afresh. An entry that is missing, damaged or of another shape is rebuilt.
"""
from __future__ import annotations

import gc
import pickle
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cache_dir, read_entry, write_entry

if TYPE_CHECKING:
    from hazm import Normalizer

# hazm's own defaults, except digits: tamiz keeps the page's digits as they were.
OPTIONS = {"persian_numbers": False}


def cache_name() -> str:
    """The cache entry of the Normalizer, named for what would change its contents."""
    from importlib.metadata import version
    opts = "-".join(f"{k}={v}" for k, v in sorted(OPTIONS.items()))
    return f"hazm-{version('hazm')}-normalizer-{opts}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


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
    """hazm's Normalizer with `OPTIONS`, loaded from the cache in `directory` or built (and cached).

    `directory` None builds without a cache. hazm is imported here only, since it costs ~0.3 s.
    """
    from hazm import Normalizer
    name = cache_name()
    with _no_gc():
        data = read_entry(name, directory) if directory is not None else None
        if data:
            try:
                found = pickle.loads(data)
                if isinstance(found, Normalizer):
                    return found
            except Exception:  # noqa: BLE001 - any damaged or foreign entry is rebuilt
                pass
        built = Normalizer(**OPTIONS)
        _share_tags(built)
    if directory is not None:
        try:
            write_entry(name, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL), directory)
        except Exception:  # noqa: BLE001 - a Normalizer that will not pickle: run uncached
            pass
    return built


def _share_tags(normalizer: "Normalizer") -> None:
    """Let the lexicon's words share their tag tuples: 193,000 words have 163 distinct ones.

    Equal tuples replace equal tuples, so nothing the Normalizer does changes (a test compares
    it with a fresh one), but the pickle holds each tuple once and loading it makes 400,000
    fewer objects (35 ms of 0.28 s, measured). A hazm without this lexicon is left as it is.
    """
    words = getattr(getattr(normalizer, "_tokenizer", None), "words", None)
    if not isinstance(words, dict):
        return
    shared: dict[object, object] = {}
    for word, entry in words.items():
        if isinstance(entry, tuple) and len(entry) == 2:
            words[word] = (entry[0], shared.setdefault(entry[1], entry[1]))


_LOADING = threading.Lock()


def normalizer() -> "Normalizer":
    """The process's one Normalizer (`load_normalizer` with the user's cache), loaded on first
    use; threads that ask at once wait for one load instead of each building one."""
    with _LOADING:
        return _the_normalizer()


@lru_cache(maxsize=1)
def _the_normalizer() -> "Normalizer":
    return load_normalizer(cache_dir())


def normalize_lines(lines: list[str]) -> list[str]:
    """Each line through hazm's Normalizer (digits unchanged); the first call loads it (above)."""
    norm = normalizer()
    return [norm.normalize(line) for line in lines]
