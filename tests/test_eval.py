"""`tamiz eval` and tamiz.evaluate: the figures agree with the shared reference scorer."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tamiz.evaluate import CorpusDoc, CorpusError, LEAK_MARKERS, evaluate, load_corpus, tamiz_predictor

REPO = Path(__file__).resolve().parents[1]
TOLERANCE = 0.005


def _shared_corpus() -> Path | None:
    """The shared corpus: $TAMIZ_CORPUS, else shared/ beside the repo (as CI lays it), else /work/shared."""
    for cand in (os.environ.get("TAMIZ_CORPUS"), REPO.parent / "shared" / "corpus", "/work/shared/corpus"):
        if cand and (Path(cand) / "score.py").is_file():
            return Path(cand)
    return None


SHARED = _shared_corpus()
CORPORA = ["real/text", "real/html", "dev/text", "dev/html", "dev/dump"]
needs_shared = pytest.mark.skipif(SHARED is None, reason="shared corpus (score.py) not present")


@pytest.fixture(scope="module")
def score_py() -> ModuleType:
    assert SHARED is not None
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tamiz.cli.main", *args], capture_output=True,
                          text=True, timeout=300)


@needs_shared
@pytest.mark.parametrize("name", CORPORA)
def test_agrees_with_score_py(name: str, score_py: ModuleType) -> None:
    root = SHARED / name  # type: ignore[operator]
    if not (root / "raw").is_dir():
        pytest.skip(f"{name} not in the shared corpus")
    preds: dict[str, str] = {}
    predict = tamiz_predictor()

    def recording(doc: CorpusDoc) -> str:
        preds[doc.id] = predict(doc)
        return preds[doc.id]

    ours = evaluate(root, predict=recording)
    # The reference scorer, in process, on the very same outputs and its own corpus loading.
    ref = score_py.score(score_py.load_corpus(str(root)), preds)
    assert len(ours.docs) == ref["docs"]
    for key, mine in (("precision", ours.precision), ("recall", ours.recall), ("f1", ours.f1),
                      ("macro_f1", ours.macro_f1), ("exact", ours.exact)):
        assert abs(mine - ref[key]) <= TOLERANCE, (key, mine, ref[key])
    assert len(ours.leak_docs) == ref["leak_docs"]
    assert {d.id: d.leaked for d in ours.leak_docs} == dict(ref["leaks"])


@needs_shared
def test_cli_json_agrees_with_score_py_run_tamiz(score_py: ModuleType) -> None:
    """End to end: `tamiz eval --format json` vs score.py driving `tamiz clean` itself."""
    root = SHARED / "real" / "text"  # type: ignore[operator]
    docs = score_py.load_corpus(str(root))
    ref = score_py.score(docs, score_py.run_tamiz(docs, str(root), f"{sys.executable} -m tamiz.cli.main"))
    proc = _cli("eval", str(root), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    ours = json.loads(proc.stdout)
    for key in ("precision", "recall", "f1", "macro_f1", "exact"):
        assert abs(ours[key] - ref[key]) <= TOLERANCE, (key, ours[key], ref[key])
    assert ours["leak_docs"] == ref["leak_docs"]


@needs_shared
def test_leak_markers_are_score_pys(score_py: ModuleType) -> None:
    assert list(LEAK_MARKERS) == score_py.LEAK_MARKERS


# --- a tiny corpus made here: runs everywhere -------------------------------------------------
def _tiny(tmp_path: Path) -> Path:
    pages = {
        # id: (raw page, gold, what the stub "cleaner" returns)
        "a": ("سلام دنیا خوب", "سلام دنیا خوب\n", "سلام دنیا"),
        "b": ("خبر مهم امروز\nانتهای پیام", "خبر مهم امروز\n", "خبر مهم امروز\nانتهای پیام"),
        "c": ("كتاب ۱۲", "کتاب 12\n", "كتاب ۱۲"),          # Arabic kaf, Persian digits: folded alike
    }
    (tmp_path / "raw").mkdir()
    (tmp_path / "gold").mkdir()
    for doc_id, (raw, gold, _) in pages.items():
        (tmp_path / "raw" / f"{doc_id}.txt").write_text(raw, encoding="utf-8")
        (tmp_path / "gold" / f"{doc_id}.txt").write_text(gold, encoding="utf-8")
    (tmp_path / "raw" / "orphan.txt").write_text("بدون طلا", encoding="utf-8")  # no gold: skipped
    return tmp_path


STUB = {"a": "سلام دنیا", "b": "خبر مهم امروز\nانتهای پیام", "c": "كتاب ۱۲"}


def test_tiny_corpus_known_numbers(tmp_path: Path) -> None:
    report = evaluate(_tiny(tmp_path), predict=lambda doc: STUB[doc.id])
    # a: tp 2 fp 0 fn 1 (P 1, R 2/3, F1 .8); b: tp 3 fp 2 fn 0 (P .6, R 1, F1 .75); c: exact.
    assert [d.id for d in report.docs] == ["a", "b", "c"]
    assert report.precision == pytest.approx(7 / 9)
    assert report.recall == pytest.approx(7 / 8)
    assert report.f1 == pytest.approx(2 * (7 / 9) * (7 / 8) / (7 / 9 + 7 / 8))
    assert report.macro_f1 == pytest.approx((0.8 + 0.75 + 1.0) / 3)
    assert report.exact_docs == 1 and report.exact == pytest.approx(1 / 3)
    assert [(d.id, d.leaked) for d in report.leak_docs] == [("b", ["انتهای پیام"])]
    by_id = {d.id: d for d in report.docs}
    assert by_id["a"].dropped_wrong == ["سلام دنیا خوب"] and by_id["a"].kept_wrong == ["سلام دنیا"]
    assert by_id["b"].kept_wrong == ["انتهای پیام"] and by_id["b"].dropped_wrong == []
    assert dict(by_id["b"].extra_tokens) == {"انتهای": 1, "پیام": 1}
    assert dict(by_id["a"].missing_tokens) == {"خوب": 1}
    assert [d.id for d in report.worst(2)] == ["b", "a"]


def test_tiny_corpus_matches_score_py(tmp_path: Path, score_py_optional: ModuleType | None) -> None:
    if score_py_optional is None:
        pytest.skip("shared corpus (score.py) not present")
    root = _tiny(tmp_path)
    ours = evaluate(root, predict=lambda doc: STUB[doc.id])
    ref = score_py_optional.score(score_py_optional.load_corpus(str(root)), STUB)
    assert round(ours.f1, 4) == ref["f1"] and round(ours.macro_f1, 4) == ref["macro_f1"]


@pytest.fixture
def score_py_optional() -> ModuleType | None:
    if SHARED is None:
        return None
    spec = importlib.util.spec_from_file_location("shared_score_tiny", SHARED / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_failing_page_counts_as_empty(tmp_path: Path) -> None:
    def boom(doc: CorpusDoc) -> str:
        if doc.id == "a":
            raise ValueError("binary content")
        return STUB[doc.id]
    report = evaluate(_tiny(tmp_path), predict=boom)
    assert report.errors == 1
    a = report.docs[0]
    assert a.error == "ValueError: binary content" and a.recall == 0.0 and a.tp == 0


def test_cli_json_fields(tmp_path: Path) -> None:
    corpus = _tiny(tmp_path)
    proc = _cli("eval", str(corpus), "--format", "json", "--worst", "2")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("corpus", "docs", "precision", "recall", "f1", "macro_precision", "macro_recall",
                "macro_f1", "exact", "exact_docs", "leak_docs", "leaks", "errors", "seconds",
                "per_doc", "worst"):
        assert key in out, key
    assert out["docs"] == 3 and len(out["per_doc"]) == 3 and len(out["worst"]) <= 2
    assert out["extractor"] == "tamiz"          # how HTML was read: the report says which
    assert json.loads(_cli("eval", str(corpus), "-f", "json", "--extractor", "trafilatura").stdout)[
        "extractor"] == "trafilatura"
    out = json.loads(proc.stdout)
    for key in ("id", "f1", "precision", "recall", "kept_wrong", "dropped_wrong", "extra_tokens",
                "missing_tokens", "leaked"):
        for doc in out["worst"]:
            assert key in doc, key


def test_cli_table(tmp_path: Path) -> None:
    proc = _cli("eval", str(_tiny(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert "precision" in proc.stdout and "macro" in proc.stdout


@pytest.mark.parametrize("layout", ["empty", "no-gold", "missing"])
def test_cli_bad_corpus(tmp_path: Path, layout: str) -> None:
    root = tmp_path / "corpus"
    if layout != "missing":
        root.mkdir()
    if layout == "no-gold":
        (root / "raw").mkdir()
    proc = _cli("eval", str(root))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tamiz: ") and str(root) in lines[0]
    assert ("gold/" in lines[0]) if layout == "no-gold" else True
    assert proc.stdout == ""


def test_load_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError):
        load_corpus(tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw" / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="no raw/ file has a matching gold"):
        load_corpus(tmp_path)


def test_cli_bad_rules_file(tmp_path: Path) -> None:
    proc = _cli("eval", str(_tiny(tmp_path)), "--rules", str(tmp_path / "nope.toml"))
    assert proc.returncode == 2 and "rules file not found" in proc.stderr
