"""Scoring tamiz against a gold corpus: the library behind `tamiz eval`.

A corpus is a folder with `raw/<id>.txt|.html` (pages) and `gold/<id>.txt` (the lines a person
kept). Tokens are counted exactly as the shared reference scorer (`corpus/score.py`, see
BOILERPLATE.md "Judging") counts them, so the figures here and there agree: its own light fold
(not tamiz's matching fold), `\\w+` tokens, lower case, multiset overlap.
"""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- the reference scorer's tokenisation, kept as data so that both count alike ---------------
_DIGITS = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})
SCORE_FOLD: dict[int, str | None] = {
    ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("ة"): "ه", ord("ۀ"): "ه",
    ord("\u200c"): " ", ord("\u200d"): None, ord("\u200f"): None, ord("\u200e"): None,
    ord("ـ"): None, **_DIGITS}
_TOKEN = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")

# A kept line carrying one of these phrases, when the gold lacks it, is a leak.
LEAK_MARKERS: tuple[str, ...] = (
    "انتهای پیام", "پایان پیام", "انتهای خبر", "پایان خبر", "کد خبر", "شناسه خبر", "ارسال نظر",
    "نرم افزار موبایل", "هیچگونه مسئولیتی", "اخبار مرتبط", "لینک کوتاه", "اشتراک گذاری",
    "پربازدیدترین", "پیشنهاد امروز", "کلیه حقوق", "برچسب ها", "تمامی اخبار این باکس",
    "بیشتر بخوانید", "نسخه چاپی", "کپی شد", "نظرات حاوی", "عضویت در کانال")

HTML_SUFFIXES = (".html", ".htm")


class CorpusError(ValueError):
    """A folder that is not a corpus (no raw/ or gold/, or no pairs)."""


def score_fold(text: str) -> str:
    """The reference scorer's fold: a few letter variants, ZWNJ as space, digits ASCII."""
    return _SPACES.sub(" ", text.translate(SCORE_FOLD))


def score_tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(score_fold(text).lower()))


# --- corpus ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CorpusDoc:
    id: str
    name: str        # file name under raw/
    kind: str        # "html" | "text", from the suffix, as the reference scorer decides
    raw: bytes
    gold: str


def load_corpus(root: str | Path) -> list[CorpusDoc]:
    """Every raw page that has a gold file, sorted by file name. Raises CorpusError."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"{root}: not a directory")
    missing = [d for d in ("raw", "gold") if not (root / d).is_dir()]
    if missing:
        raise CorpusError(f"{root}: not a corpus: no {' or '.join(m + '/' for m in missing)} folder "
                          "(expected raw/<id>.txt|.html and gold/<id>.txt)")
    docs = []
    for name in sorted(os.listdir(root / "raw")):
        doc_id, ext = os.path.splitext(name)
        gold = root / "gold" / (doc_id + ".txt")
        raw = root / "raw" / name
        if name.startswith(".") or not raw.is_file() or not gold.is_file():
            continue
        docs.append(CorpusDoc(doc_id, name, "html" if ext.lower() in HTML_SUFFIXES else "text",
                              raw.read_bytes(), gold.read_text(encoding="utf-8")))
    if not docs:
        raise CorpusError(f"{root}: no raw/ file has a matching gold/<id>.txt")
    return docs


# --- scores ----------------------------------------------------------------------------------
@dataclass(slots=True)
class DocScore:
    id: str
    name: str
    kind: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    exact: bool
    leaked: list[str]                  # leak markers kept that the gold lacks
    kept_wrong: list[str]              # predicted lines the gold does not have
    dropped_wrong: list[str]           # gold lines the prediction lacks
    extra_tokens: Counter[str]         # tokens kept beyond the gold (false positives)
    missing_tokens: Counter[str]       # gold tokens not kept (false negatives)
    error: str | None = None           # tamiz failed on this page (counts as empty output)

    def to_dict(self, *, top_tokens: int = 10) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "exact": self.exact, "leaked": self.leaked, "error": self.error,
                "kept_wrong": self.kept_wrong, "dropped_wrong": self.dropped_wrong,
                "extra_tokens": dict(self.extra_tokens.most_common(top_tokens)),
                "missing_tokens": dict(self.missing_tokens.most_common(top_tokens))}


@dataclass(slots=True)
class Report:
    corpus: str
    docs: list[DocScore]
    precision: float                   # micro: over all tokens of the corpus
    recall: float
    f1: float
    macro_f1: float                    # mean of per-document F1
    macro_precision: float
    macro_recall: float
    exact_docs: int
    seconds: float = 0.0
    errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def exact(self) -> float:
        """Share of documents whose token multiset equals the gold's (score.py's "exact")."""
        return self.exact_docs / len(self.docs) if self.docs else 0.0

    @property
    def leak_docs(self) -> list[DocScore]:
        return [d for d in self.docs if d.leaked]

    def worst(self, n: int) -> list[DocScore]:
        """The `n` documents with the lowest F1 (leaks first among equals); perfect ones never."""
        bad = [d for d in self.docs if d.f1 < 1.0 or d.leaked or d.error]
        return sorted(bad, key=lambda d: (d.f1, -len(d.leaked), d.id))[:max(n, 0)]

    def to_dict(self, *, worst: int = 5) -> dict[str, Any]:
        return {"corpus": self.corpus, "docs": len(self.docs),
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "macro_precision": round(self.macro_precision, 4),
                "macro_recall": round(self.macro_recall, 4), "macro_f1": round(self.macro_f1, 4),
                "exact": round(self.exact, 4), "exact_docs": self.exact_docs,
                "leak_docs": len(self.leak_docs),
                "leaks": {d.id: d.leaked for d in self.leak_docs},
                "errors": self.errors, "seconds": round(self.seconds, 3), **self.extra,
                "per_doc": [{"id": d.id, "precision": round(d.precision, 4), "recall": round(d.recall, 4),
                             "f1": round(d.f1, 4), "exact": d.exact, "leaked": d.leaked}
                            for d in self.docs],
                "worst": [d.to_dict() for d in self.worst(worst)]}


def _ratio(num: int, den: int, empty: float) -> float:
    return num / den if den else empty


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _line_diff(pred: str, gold: str) -> tuple[list[str], list[str]]:
    """(kept but not in gold, in gold but not kept): lines compared on the scorer's fold."""
    def keyed(text: str) -> list[tuple[str, str]]:
        return [(score_fold(l).strip().lower(), l.strip()) for l in text.splitlines() if l.strip()]
    def unmatched(lines: list[tuple[str, str]], other: list[tuple[str, str]]) -> list[str]:
        left = Counter(k for k, _ in other)
        out = []
        for key, line in lines:
            if left[key] > 0:
                left[key] -= 1
            else:
                out.append(line)
        return out
    p, g = keyed(pred), keyed(gold)
    return unmatched(p, g), unmatched(g, p)


def score_doc(doc: CorpusDoc, pred: str, error: str | None = None) -> DocScore:
    """One document's figures, computed as the reference scorer computes them."""
    g, p = score_tokens(doc.gold), score_tokens(pred)
    inter = g & p
    tp = sum(inter.values())
    fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
    prec = _ratio(tp, tp + fp, 1.0 if not g else 0.0)
    rec = _ratio(tp, tp + fn, 1.0)
    fp_text, fg_text = score_fold(pred), score_fold(doc.gold)
    leaked = [m for m in LEAK_MARKERS if m in fp_text and m not in fg_text]
    kept, dropped = _line_diff(pred, doc.gold)
    return DocScore(doc.id, doc.name, doc.kind, tp, fp, fn, prec, rec, _f1(prec, rec), g == p,
                    leaked, kept, dropped, p - g, g - p, error)


def summarise(corpus: str, scores: Sequence[DocScore], seconds: float = 0.0) -> Report:
    tp = sum(d.tp for d in scores)
    fp = sum(d.fp for d in scores)
    fn = sum(d.fn for d in scores)
    prec, rec = _ratio(tp, tp + fp, 0.0), _ratio(tp, tp + fn, 0.0)
    n = len(scores) or 1
    return Report(corpus=corpus, docs=list(scores), precision=prec, recall=rec, f1=_f1(prec, rec),
                  macro_f1=sum(d.f1 for d in scores) / n,
                  macro_precision=sum(d.precision for d in scores) / n,
                  macro_recall=sum(d.recall for d in scores) / n,
                  exact_docs=sum(d.exact for d in scores), seconds=seconds,
                  errors=sum(d.error is not None for d in scores))


Predictor = Callable[[CorpusDoc], str]


def tamiz_predictor(*, rules: Sequence[str | Path] = (), input_format: str = "auto",
                    extractor: str = "tamiz") -> Predictor:
    """Run tamiz on a page as `tamiz clean` does; "auto" sniffs HTML as the CLI does;
    `extractor` is how HTML is read ("tamiz" or "trafilatura", see `tamiz.clean`)."""
    from .pipeline import clean_bytes

    def predict(doc: CorpusDoc) -> str:
        return clean_bytes(doc.raw, rules=rules, input_format=input_format, extractor=extractor).text
    return predict


def evaluate(root: str | Path, *, rules: Sequence[str | Path] = (), input_format: str = "auto",
             predict: Predictor | None = None, extractor: str = "tamiz") -> Report:
    """Clean every raw page of the corpus at `root` and score it against its gold.

    A page tamiz cannot read counts as empty output (as a missing one does for score.py) and
    carries its error. Raises CorpusError for a folder that is not a corpus, RuleFileError
    for a bad rules file.
    """
    docs = load_corpus(root)
    predict_given = predict is not None
    if predict is None:
        from .pipeline import _rulebook
        _rulebook(tuple(str(r) for r in rules))      # a bad rules file fails once, up front
        predict = tamiz_predictor(rules=rules, input_format=input_format, extractor=extractor)
    start = time.perf_counter()
    scores = []
    for doc in docs:
        try:
            pred, error = predict(doc), None
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the run; it is reported
            pred, error = "", f"{type(exc).__name__}: {exc}"
        scores.append(score_doc(doc, pred, error))
    report = summarise(str(root), scores, time.perf_counter() - start)
    report.extra["extractor"] = None if predict_given else extractor   # a given predictor: unknown
    return report
