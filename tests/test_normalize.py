"""`--normalize` (issue 11): hazm's Normalizer, built once and then loaded from the user's cache."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tamiz.cache import CACHE_ENV, cache_dir
from tamiz.normalize import cache_name, load_normalizer

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TAMIZ = Path(sys.executable).parent / "tamiz"
# Arabic letters, spacing hazm joins («می شود» -> «می‌شود», «ها» suffix), a repeated letter, digits.
LINES = ["اين جمله با حروف عربي نوشته شده است و ۱۲ عدد دارد که نبايد تغيير کند، می شود.",
         "کتاب ها را می خوانند و خیلیییی خوشحال اند .",
         *(SAMPLES / "ilna-001.txt").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def fresh() -> list[str]:
    """What a Normalizer built the plain way (no cache) makes of LINES."""
    norm = load_normalizer(None)
    return [norm.normalize(line) for line in LINES]


def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, building a Normalizer fails: what is returned must come from the cache."""
    import hazm

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built, not loaded from the cache")
    monkeypatch.setattr(hazm.Normalizer, "__init__", refuse)


def test_a_cached_normalizer_normalizes_as_a_fresh_one(tmp_path: Path, fresh: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    built = load_normalizer(tmp_path)
    path = tmp_path / cache_name()
    assert path.is_file() and "hazm-" in path.name and path.name.endswith(".pickle")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]      # no temporary file left
    no_build(monkeypatch)
    loaded = load_normalizer(tmp_path)
    assert [loaded.normalize(line) for line in LINES] == fresh == [built.normalize(line) for line in LINES]
    assert "این" in fresh[0] and "۱۲" in fresh[0] and "می\u200cشود" in fresh[0]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"a": "dict"})])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, fresh: list[str], damage: bytes,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / cache_name()).write_bytes(damage)
    norm = load_normalizer(tmp_path)
    assert [norm.normalize(line) for line in LINES] == fresh
    no_build(monkeypatch)
    assert load_normalizer(tmp_path).normalize(LINES[0]) == fresh[0]   # rewritten whole


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path, fresh: list[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    norm = load_normalizer(blocker / "cache")
    assert norm.normalize(LINES[0]) == fresh[0]
    assert blocker.read_text() == "a file where the cache directory would be"


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_dir() is None                       # empty: no cache
    monkeypatch.delenv(CACHE_ENV)
    default = cache_dir()
    assert default is not None and "tamiz" in default.parts      # ~/.cache/tamiz and the like


def test_the_command_fills_the_cache_and_reads_it(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    page = SAMPLES / "ilna-001.txt"
    first = subprocess.run([str(TAMIZ), "clean", "--normalize", str(page)], capture_output=True, env=env, timeout=120)
    assert first.returncode == 0 and first.stderr == b""
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".pickle"]
    second = subprocess.run([str(TAMIZ), "clean", "--normalize", str(page)], capture_output=True, env=env, timeout=120)
    assert second.stdout == first.stdout and second.returncode == 0
    plain = subprocess.run([str(TAMIZ), "clean", str(page)], capture_output=True, env=env, timeout=120)
    assert plain.stdout != first.stdout          # the normalizer did change something


def test_cache_entries_are_whole_or_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tamiz.cache import read_entry, write_entry
    assert write_entry("e.bin", b"\x00data", tmp_path / "new" / "dir") is True   # made on demand
    assert read_entry("e.bin", tmp_path / "new" / "dir") == b"\x00data"
    assert [p.name for p in (tmp_path / "new" / "dir").iterdir()] == ["e.bin"]
    (tmp_path / "file").write_bytes(b"")
    assert write_entry("e.bin", b"x", tmp_path / "file") is False                # not a directory
    assert read_entry("missing", tmp_path) is None
    monkeypatch.setenv(CACHE_ENV, "")
    assert write_entry("e.bin", b"x") is False and read_entry("e.bin") is None  # cache off


class _Planted:
    """A pickle that, when loaded, writes a file: what an attacker would plant in a shared cache."""
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (Path.write_text, (self.marker, "ran"))


@pytest.mark.parametrize("loose", ["directory", "entry"])
def test_an_entry_others_can_write_is_never_loaded(loose: str, tmp_path: Path, fresh: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran.txt"
    entry = cache / cache_name()
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    entry.chmod(0o600)
    (cache if loose == "directory" else entry).chmod(0o777 if loose == "directory" else 0o666)
    norm = load_normalizer(cache)
    assert not marker.exists()                       # the planted pickle never ran
    assert norm.normalize(LINES[0]) == fresh[0]


def test_a_fifo_or_folder_as_the_entry_is_skipped_not_waited_on(tmp_path: Path) -> None:
    from tamiz.cache import read_entry
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    tmp_path.chmod(0o700)
    # in a child with a time limit: opening the FIFO would block forever, and hang the suite
    code = f"from tamiz.cache import read_entry; print(read_entry('fifo', __import__('pathlib').Path({str(tmp_path)!r})))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60).stdout.strip() == "None"
    assert read_entry("folder", tmp_path) is None


def test_the_cache_directory_is_private_and_tilde_is_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tamiz.cache import write_entry
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(CACHE_ENV, "~/tamiz-cache")
    assert cache_dir() == tmp_path / "tamiz-cache"
    assert write_entry("e", b"x") is True
    assert (tmp_path / "tamiz-cache").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "tamiz-cache" / "e").stat().st_mode & 0o777 == 0o600


def test_a_killed_writers_temporary_file_is_removed_by_the_next(tmp_path: Path) -> None:
    from tamiz.cache import STALE_TEMP_SECONDS, write_entry
    tmp_path.chmod(0o700)
    old = tmp_path / "e.abc123.tmp"
    live = tmp_path / "e.def456.tmp"
    other = tmp_path / "f.abc123.tmp"
    for p in (old, live, other):
        p.write_bytes(b"partial")
    long_ago = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    assert write_entry("e", b"whole", tmp_path) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e", "e.def456.tmp", "f.abc123.tmp"]


def test_threads_asking_at_once_share_one_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tamiz import normalize
    loads = []

    def slow_load(directory: object) -> object:
        loads.append(1)
        time.sleep(0.2)
        return object()

    monkeypatch.setattr(normalize, "load_normalizer", slow_load)
    normalize._the_normalizer.cache_clear()
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda _: normalize.normalizer(), range(4)))
        assert len(loads) == 1 and all(g is got[0] for g in got)
    finally:
        normalize._the_normalizer.cache_clear()
