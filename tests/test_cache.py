"""tamiz's cache of dateparser's date words (issue 11): a page whose date line has a word the
Jalali vocabulary lacks («دبیر ۳۰۵۴ / ۲۰۳۹») used to import dateparser and load three locales,
0.12 s of a one-page run; the words now come from the cache."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tamiz.cache import CACHE_ENV

# The first line needs dateparser's words alone; the second is parsed by dateparser itself.
PROBE = ("import sys, tamiz.dates as d; a = d.is_date_line('دبیر ۳۰۵۴ / ۲۰۳۹', 4); "
         "imported = 'dateparser' in sys.modules; "
         "print(a, d.is_date_line('۲۸ ژوئن ۲۰۲۳', 3), len(d._dateparser_words()), imported)")


def probe(cache: Path) -> list[str]:
    env = {**os.environ, CACHE_ENV: str(cache)}
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                          check=True, timeout=120).stdout.split()


def test_date_words_come_from_the_cache_after_the_first_run(tmp_path: Path) -> None:
    first = probe(tmp_path)
    entries = [p.name for p in tmp_path.iterdir()]
    assert len(entries) == 1 and entries[0].startswith("dateparser-phrases-")
    second = probe(tmp_path)
    assert first[:3] == second[:3]                  # the same answers and the same words
    assert first[3] == "True" and second[3] == "False"    # dateparser is not imported again
    assert first[:2] == ["False", "True"] and int(first[2]) > 100


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9\x01\x00\x00\x00"])
def test_a_damaged_date_words_entry_is_read_again(tmp_path: Path, damage: bytes) -> None:
    good = probe(tmp_path)
    entry = next(tmp_path.iterdir())
    entry.write_bytes(damage)
    again = probe(tmp_path)
    assert again[:3] == good[:3] and again[3] == "True"     # read from dateparser again
    assert entry.read_bytes() != damage                        # and the entry rewritten


def test_date_words_without_a_cache(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_ENV: ""}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                         check=True, timeout=120).stdout.split()
    assert out[:2] == ["False", "True"] and out[3] == "True"
