"""`--normalize`: hazm's Normalizer on the kept text, digits left as they are."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _normalizer():
    from hazm import Normalizer  # imported only when asked: it costs ~0.7 s
    return Normalizer(persian_numbers=False)


def normalize_lines(lines: list[str]) -> list[str]:
    norm = _normalizer()
    return [norm.normalize(line) for line in lines]
