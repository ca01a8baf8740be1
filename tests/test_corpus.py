"""Accuracy on the shared corpora, scored by the shared score.py (skipped where ../shared is absent)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tamiz import clean_bytes

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "score.py").is_file(), reason="shared corpus not present")


def _score_py():
    spec = importlib.util.spec_from_file_location("shared_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("corpus, min_f1", [
    ("real/text", 0.99), ("dev/text", 0.99), ("dev/dump", 0.99), ("real/html", 0.97), ("dev/html", 0.97),
])
def test_f1_and_no_leaks(corpus: str, min_f1: float) -> None:
    score = _score_py()
    docs = score.load_corpus(str(CORPUS / corpus))
    result = score.score(docs, {d["id"]: clean_bytes(d["raw"]).text for d in docs})
    assert result["f1"] >= min_f1, result["per_doc"]
    assert result["leak_docs"] == 0, result["leaks"]
