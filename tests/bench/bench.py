#!/usr/bin/env python3
"""tamiz benchmark: one run, side by side, printed as a markdown table (issue 5's targets).

    .venv/bin/python tests/bench/bench.py [--size-mb 50] [--corpus DIR] [--write-readme]

Measures, on the shared real+dev corpora replicated to --size-mb in a temp dir:
  - text mode throughput (MB/s, docs/s): the library in a pool of 1 and 2 fresh worker
    processes, and the `tamiz clean` CLI (with --jobs 1/2 when the CLI has it);
  - the floor: `grep -v -F -f <tamiz's phrase list>` over the same files;
  - HTML: ms/page and F1 (score.py's) on the same pages with gold (the shared real and dev
    HTML pages and tests/data/real_html) for tamiz's default reading, tamiz with
    `--extractor trafilatura`, bare `trafilatura.extract`, resiliparse's main-content
    extraction and jusText (each skipped when not installed: `pip install resiliparse`);
  - cold start of `tamiz clean one.txt` / `one.html` / `--normalize one.txt` vs a bare Typer
    command that prints a file (bare_typer.py here) and `python -c pass` (median of --reps);
  - peak RSS of each worker (getrusage in the worker; wait4 for CLI process trees).
Not a test: pytest ignores this folder (conftest.py).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEXT_SETS = ("real/text", "dev/text", "dev/dump")
HTML_SETS = ("real/html", "dev/html")
CHUNK = 64                      # files per pool task: small enough to balance two workers
MB = 1_000_000

# Issue 11's goals: text ≥ 10 MB/s per core; HTML ≥ 3× faster than trafilatura.extract at no
# lower F1; `tamiz clean one.txt` ≤ 1.25× bare Typer, one HTML page ≤ 0.35 s, --normalize adds
# ≤ 0.5 s; two workers ≥ 1.7× one; a worker's peak RSS ≤ 150 MB.
TARGETS = {"text_mb_s": 10.0, "html_speedup": 3.0, "cold_ratio": 1.25, "cold_html_s": 0.35,
           "normalize_s": 0.5, "speedup_2": 1.7, "rss_mb": 150.0}
HTML_SYSTEMS = ("tamiz", "tamiz --extractor trafilatura", "trafilatura.extract", "resiliparse", "jusText")


# --- worker side (runs in fresh spawned processes) -------------------------------------------
def _warm() -> None:
    import tamiz
    from tamiz.pipeline import _rulebook
    _rulebook(())
    tamiz.clean("گرم کردن")


def _clean_files(paths: list[str]) -> tuple[int, int, int, int]:
    """Clean files as the CLI would (read, decode, clean, encode the output)."""
    from tamiz import clean_bytes
    nbytes = out = 0
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        nbytes += len(data)
        out += len(clean_bytes(data, input_format="text").text.encode("utf-8"))
    return nbytes, len(paths), os.getpid(), _maxrss_kb()


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _html_reader(system: str):
    """bytes -> text for `system`, or None when it is not installed here."""
    if system.startswith("tamiz"):
        from tamiz import clean_bytes
        extractor = "trafilatura" if "trafilatura" in system else "tamiz"
        return lambda data: clean_bytes(data, input_format="html", extractor=extractor).text
    if system == "trafilatura.extract":
        import trafilatura
        return lambda data: trafilatura.extract(data) or ""
    if system == "resiliparse":
        try:
            from resiliparse.extract.html2text import extract_plain_text
            from resiliparse.parse.encoding import bytes_to_str, detect_encoding
            from resiliparse.parse.html import HTMLTree
        except ImportError:
            return None
        return lambda data: extract_plain_text(HTMLTree.parse(bytes_to_str(data, detect_encoding(data))),
                                               main_content=True)
    if system == "jusText":
        try:
            import justext
        except ImportError:
            return None
        stop = justext.get_stoplist("Persian") if "Persian" in justext.get_stoplists() else frozenset()
        return lambda data: "\n".join(p.text for p in justext.justext(data, stop) if not p.is_boilerplate)
    raise ValueError(system)


def _html_rounds(system: str, paths: list[str], rounds: int) -> tuple[list[float], int, int, list[str]] | None:
    """Seconds per round over all pages with `system` (after one warm-up page), peak RSS, and
    each page's text; None when the system is not installed."""
    run = _html_reader(system)
    if run is None:
        return None
    pages = [Path(p).read_bytes() for p in paths]
    run(pages[0])
    texts = [run(data) for data in pages]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for data in pages:
            run(data)
        times.append(time.perf_counter() - t)
    return times, len(pages), _maxrss_kb(), texts


# --- corpus ----------------------------------------------------------------------------------
def find_corpus(arg: str | None) -> Path:
    for cand in (arg, os.environ.get("TAMIZ_CORPUS"), REPO.parent / "shared" / "corpus", "/work/shared/corpus"):
        if cand and (Path(cand) / "dev").is_dir():
            return Path(cand)
    sys.exit("bench: shared corpus not found (give --corpus DIR)")


def _new_article(data: bytes, copy: int) -> bytes:
    """The page as another article of the same site: its long lines (the body) made unique,
    its short lines (the site's chrome) left as they are. tamiz remembers lines it has seen,
    and a site's chrome really does repeat across its pages, but its articles do not."""
    if copy == 0:
        return data
    tag = f" ({copy})".encode()
    def fresh(line: bytes) -> bytes:
        if line.count(b" ") < 12:
            return line
        return line[:-1] + tag + b"\r" if line.endswith(b"\r") else line + tag
    return b"\n".join(fresh(line) for line in data.split(b"\n"))


def replicate(corpus: Path, dest: Path, size_mb: float) -> tuple[list[Path], int]:
    """Copy the raw text pages round by round until they add up to `size_mb`; each round's
    pages get unique bodies (see _new_article)."""
    sources = [p for s in TEXT_SETS if (corpus / s / "raw").is_dir()
               for p in sorted((corpus / s / "raw").iterdir()) if p.is_file()]
    if not sources:
        sys.exit("bench: no raw text pages in the corpus")
    datas = [(f"{p.parent.parent.parent.name}-{p.parent.parent.name}-{p.name}", p.read_bytes()) for p in sources]
    dest.mkdir(parents=True)
    files, total, copy = [], 0, 0
    while total < size_mb * MB:
        sub = dest / f"{copy:03d}"
        sub.mkdir()
        for name, data in datas:
            path = sub / name
            data = _new_article(data, copy) if copy else data
            path.write_bytes(data)
            files.append(path)
            total += len(data)
        copy += 1
    return files, total


def phrase_list(dest: Path) -> Path:
    """Every exact, prefix and contained phrase of tamiz's built-in rules, one a line."""
    from tamiz import load_rulebook
    phrases = sorted({p.strip() for r in load_rulebook().rules for p in (*r.exact, *r.prefix, *r.contains)
                      if p.strip()})
    dest.write_text("\n".join(phrases) + "\n", encoding="utf-8")
    return dest


# --- measurements ----------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    nbytes: int
    docs: int
    rss_mb: list[float] = field(default_factory=list)   # peak RSS of each worker / process tree
    note: str = ""

    @property
    def mb_s(self) -> float:
        return self.nbytes / MB / self.seconds

    @property
    def docs_s(self) -> float:
        return self.docs / self.seconds


def pool_run(files: list[Path], jobs: int) -> Run:
    """The library in `jobs` fresh (spawned) workers; the clock starts once they are warm."""
    ctx = mp.get_context("spawn")
    chunks = [[str(p) for p in files[i:i + CHUNK]] for i in range(0, len(files), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm) as pool:
        list(pool.map(time.sleep, [0.2] * jobs))          # all workers up and warm
        t = time.perf_counter()
        results = list(pool.map(_clean_files, chunks))
        seconds = time.perf_counter() - t
    rss: dict[int, int] = {}
    for _, _, pid, kb in results:
        rss[pid] = max(rss.get(pid, 0), kb)
    return Run(seconds, sum(r[0] for r in results), sum(r[1] for r in results),
               [kb / 1024 for kb in rss.values()])


def timed(argv: list[str], *, stdout: int | None = subprocess.DEVNULL, env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the largest process in the tree, exit code."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def tamiz_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("tamiz")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tamiz.cli.main"]


def cli_has_jobs() -> bool:
    out = subprocess.run([*tamiz_cmd(), "clean", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in out


def cli_has(option: str) -> bool:
    out = subprocess.run([*tamiz_cmd(), "clean", "--help"], capture_output=True, text=True).stdout
    return option in out


def cli_run(root: Path, nbytes: int, docs: int, jobs: int | None, learn: bool = False) -> Run:
    # A folder is learned from first by default (issue 9): the cleaning rows measure the
    # cleaning alone, and one row the whole default run.
    flags = [] if learn or not cli_has("--no-learn") else ["--no-learn"]
    argv = [*tamiz_cmd(), "clean", "--input-format", "text", *flags,
            *(["--jobs", str(jobs)] if jobs else []), str(root)]
    seconds, rss, code = timed(argv)
    return Run(seconds, nbytes, docs, [rss], "" if code in (0, 1) else f"exit {code}")


def grep_run(root: Path, phrases: Path, nbytes: int, docs: int) -> Run | None:
    if not shutil.which("grep"):
        return None
    seconds, rss, _ = timed(["grep", "-v", "-F", "-h", "-r", "-f", str(phrases), str(root)])
    return Run(seconds, nbytes, docs, [rss])


def html_pages(corpus: Path) -> list[tuple[str, Path, str]]:
    """(id, raw page, gold text) of every HTML page with gold: the shared real and dev HTML
    corpora and tests/data/real_html."""
    out = []
    for root in [corpus / s for s in HTML_SETS] + [REPO / "tests" / "data" / "real_html"]:
        if not (root / "raw").is_dir():
            continue
        for p in sorted((root / "raw").iterdir()):
            gold = root / "gold" / f"{p.stem}.txt"
            if p.suffix in (".html", ".htm") and gold.is_file():
                out.append((f"{root.parent.name}/{root.name}/{p.stem}", p, gold.read_text(encoding="utf-8")))
    return out


def html_compare(pages: list[tuple[str, Path, str]], rounds: int, corpus: Path) -> dict[str, tuple]:
    """Per system: (median seconds per page, peak RSS MB, pages, F1 as score.py counts it, leak
    docs), each system in its own fresh worker process."""
    score = load_score(corpus)
    docs = [{"id": i, "gold": gold} for i, _, gold in pages]
    out = {}
    ctx = mp.get_context("spawn")
    for system in HTML_SYSTEMS:
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            got = pool.submit(_html_rounds, system, [str(p) for _, p, _ in pages], rounds).result()
        if got is None:
            continue
        times, n, kb, texts = got
        r = score.score(docs, {d["id"]: t for d, t in zip(docs, texts)})
        out[system] = (statistics.median(times) / n, kb / 1024, n, r["f1"], r["leak_docs"])
    return out


def load_score(corpus: Path):
    """The shared corpus's score.py, for F1 exactly as it counts it."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("score", corpus / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def cold_starts(one_txt: Path, one_html: Path, reps: int) -> dict[str, float]:
    """Median wall seconds of each command; the commands take turns so drift hits all alike."""
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare Typer prints one.txt": [sys.executable, str(HERE / "bare_typer.py"), str(one_txt)],
        "tamiz clean one.txt": [*tamiz_cmd(), "clean", str(one_txt)],
        "tamiz clean one.html": [*tamiz_cmd(), "clean", str(one_html)],
        "tamiz clean --normalize one.txt": [*tamiz_cmd(), "clean", "--normalize", str(one_txt)],
    }
    # As on a user's machine, Python may cache bytecode: an environment that forbids it
    # (PYTHONDONTWRITEBYTECODE, set in some sandboxes) would compile tamiz's sources on every
    # run while the installed Typer, pydantic and trafilatura keep the .pyc pip wrote for them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="tamiz-bench-cache-") as cache:
        # An empty cache of tamiz's own, as on a new install: the first --normalize run builds
        # hazm's Normalizer and keeps it (core/normalize.py); the timed runs load it.
        env["TAMIZ_CACHE_DIR"] = cache
        first = {name: timed(argv, env=env)[0] for name, argv in cmds.items()}  # warms .pyc too
        samples: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(reps):
            for name, argv in cmds.items():
                samples[name].append(timed(argv, env=env)[0])
    medians = {k: statistics.median(v) for k, v in samples.items()}
    medians["first --normalize run"] = first["tamiz clean --normalize one.txt"]
    return medians


# --- report ----------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import trafilatura
        traf = trafilatura.__version__
    except Exception:  # noqa: BLE001
        traf = "?"
    import tamiz
    return (f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
            f"tamiz {tamiz.__version__}, trafilatura {traf}")


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def render(res: dict) -> str:
    t = TARGETS
    rows = []
    one, two = res["lib1"], res["lib2"]
    speedup = two.mb_s / one.mb_s
    rows.append(("text, library, 1 worker", f"{one.mb_s:.2f} MB/s, {one.docs_s:.0f} docs/s",
                 f"≥ {t['text_mb_s']:.0f} MB/s per core", mark(one.mb_s >= t["text_mb_s"])))
    rows.append(("text, library, 2 workers", f"{two.mb_s:.2f} MB/s, {two.docs_s:.0f} docs/s; {speedup:.2f}× one",
                 f"≥ {t['speedup_2']}× one", mark(speedup >= t["speedup_2"])))
    for key, label in (("cli1", "text, `tamiz clean`, 1 process"), ("cli_j1", "text, `tamiz clean --jobs 1`"),
                       ("cli_j2", "text, `tamiz clean --jobs 2`")):
        r = res.get(key)
        if r is None:
            continue
        extra = ""
        if key == "cli_j2" and res.get("cli_j1"):
            extra = f"; {r.mb_s / res['cli_j1'].mb_s:.2f}× --jobs 1"
        ok = r.mb_s >= t["text_mb_s"] if key in ("cli1", "cli_j1") else (
            r.mb_s / res["cli_j1"].mb_s >= t["speedup_2"] if res.get("cli_j1") else None)
        rows.append((label, f"{r.mb_s:.2f} MB/s, {r.docs_s:.0f} docs/s{extra}{' ' + r.note if r.note else ''}",
                     f"≥ {t['text_mb_s']:.0f} MB/s" if key != "cli_j2" else f"≥ {t['speedup_2']}× --jobs 1", mark(ok)))
    if not res.get("cli_j1"):
        rows.append(("text, `tamiz clean --jobs N`", "CLI has no --jobs yet", "", "n/a"))
    learned = res.get("cli_learn")
    if learned and res.get("cli_j2"):
        ratio = learned.mb_s / res["cli_j2"].mb_s
        rows.append(("text, `tamiz clean --jobs 2` on a folder, learning its template first (the default)",
                     f"{learned.mb_s:.2f} MB/s; {ratio:.2f}× without", "(two passes)", ""))
    g = res.get("grep")
    if g:
        rows.append(("floor: `grep -v -F -f` tamiz's phrases", f"{g.mb_s:.1f} MB/s ({g.mb_s / one.mb_s:.0f}× tamiz 1 worker)",
                     "(reference)", ""))
    h = res["html"]
    if "error" in h:
        rows.append(("HTML", h["error"], f"≥ {t['html_speedup']:.0f}× trafilatura.extract", "n/a"))
    else:
        traf = h["trafilatura.extract"]
        for system, (sec, rss_mb, n, f1, leaks) in h.items():
            speed = traf[0] / sec
            target = ok = ""
            if system == "tamiz":
                target = f"≥ {t['html_speedup']:.0f}× trafilatura.extract, F1 ≥ its reading's"
                ok = mark(speed >= t["html_speedup"] and f1 >= h["tamiz --extractor trafilatura"][3])
            rows.append((f"HTML: {system}", f"{sec * 1000:.1f} ms/page ({speed:.2f}× trafilatura.extract); "
                         f"F1 {f1:.4f}, {leaks} leak docs", target, ok))
    c = res["cold"]
    base = c["bare Typer prints one.txt"]
    rows.append(("cold start: `tamiz clean one.txt`",
                 f"{c['tamiz clean one.txt']:.3f} s = {c['tamiz clean one.txt'] / base:.2f}× bare Typer "
                 f"({base:.3f} s; `python -c pass` {c['python -c pass']:.3f} s)",
                 f"≤ {t['cold_ratio']}× bare Typer", mark(c["tamiz clean one.txt"] / base <= t["cold_ratio"])))
    rows.append(("cold start: `tamiz clean one.html`", f"{c['tamiz clean one.html']:.3f} s",
                 f"≤ {t['cold_html_s']} s", mark(c["tamiz clean one.html"] <= t["cold_html_s"])))
    extra = c["tamiz clean --normalize one.txt"] - c["tamiz clean one.txt"]
    rows.append(("cold start: `tamiz clean --normalize one.txt`",
                 f"{c['tamiz clean --normalize one.txt']:.3f} s: hazm adds {extra:.2f} s (the first run, "
                 f"which builds hazm's Normalizer and caches it: {c['first --normalize run']:.2f} s)",
                 f"adds ≤ {t['normalize_s']} s", mark(extra <= t["normalize_s"])))
    text_rss = max(one.rss_mb + two.rss_mb)
    html_rss = h["tamiz"][1] if "error" not in h else 0.0
    cli_rss = max((r.rss_mb[0] for k, r in res.items() if k.startswith("cli") and r), default=0.0)
    worst = max(text_rss, html_rss)
    rows.append(("peak RSS per worker", f"text {text_rss:.0f} MB, HTML {html_rss:.0f} MB"
                 + (f" (trafilatura alone {h['trafilatura.extract'][1]:.0f} MB)" if "error" not in h else "")
                 + (f"; largest CLI process {cli_rss:.0f} MB" if cli_rss else ""),
                 f"≤ {t['rss_mb']:.0f} MB", mark(worst <= t["rss_mb"])))
    lines = ["| measure | figure | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c_} | {d} |" for a, b, c_, d in rows]
    lines.append("")
    lines.append(f"Text: {res['size_mb']:.1f} MB in {res['docs']} files (the {len(TEXT_SETS)} text corpora "
                 f"replicated); HTML: {h.get('tamiz', (0, 0, 0))[2]} pages with gold, median of {res['rounds']} rounds; "
                 f"cold start: median of {res['reps']} runs. Whole bench: {res['elapsed']:.0f} s.")
    lines.append(f"Machine: {res['machine']}.")
    return "\n".join(lines)


def write_readme(table: str) -> Path:
    readme = REPO / "README.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if start in text and end in text and text.index(start) < text.index(end):
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")
        return readme
    results = HERE / "RESULTS.md"
    results.write_text(f"# Benchmark results\n\n{table}\n", encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="the shared corpus folder (default: ../shared/corpus)")
    ap.add_argument("--size-mb", type=float, default=50.0, help="replicate the text pages to this size")
    ap.add_argument("--reps", type=int, default=9, help="cold-start runs per command (median)")
    ap.add_argument("--rounds", type=int, default=3, help="HTML rounds per system (median)")
    ap.add_argument("--write-readme", action="store_true",
                    help="put the table between README's bench markers (else tests/bench/RESULTS.md)")
    args = ap.parse_args(argv)
    began = time.perf_counter()
    corpus = find_corpus(args.corpus)
    res: dict = {"reps": args.reps, "rounds": args.rounds, "machine": machine()}

    def say(msg: str) -> None:
        sys.stderr.write(f"[{time.perf_counter() - began:6.1f}s] {msg}\n")

    with tempfile.TemporaryDirectory(prefix="tamiz-bench-") as tmp:
        tmpdir = Path(tmp)
        files, nbytes = replicate(corpus, tmpdir / "text", args.size_mb)
        res["size_mb"], res["docs"] = nbytes / MB, len(files)
        phrases = phrase_list(tmpdir / "phrases.txt")
        say(f"corpus: {nbytes / MB:.1f} MB, {len(files)} files")
        res["grep"] = grep_run(tmpdir / "text", phrases, nbytes, len(files))
        say("grep done")
        for jobs in (1, 2):
            res[f"lib{jobs}"] = pool_run(files, jobs)
            say(f"library, {jobs} worker(s): {res[f'lib{jobs}'].mb_s:.2f} MB/s")
        if cli_has_jobs():
            for jobs in (1, 2):
                res[f"cli_j{jobs}"] = cli_run(tmpdir / "text", nbytes, len(files), jobs)
                say(f"CLI --jobs {jobs}: {res[f'cli_j{jobs}'].mb_s:.2f} MB/s")
            if cli_has("--no-learn"):
                res["cli_learn"] = cli_run(tmpdir / "text", nbytes, len(files), 2, learn=True)
                say(f"CLI --jobs 2, learning first: {res['cli_learn'].mb_s:.2f} MB/s")
        else:
            res["cli1"] = cli_run(tmpdir / "text", nbytes, len(files), None)
            say(f"CLI (no --jobs yet): {res['cli1'].mb_s:.2f} MB/s")
        pages = html_pages(corpus)
        try:
            res["html"] = html_compare(pages, args.rounds, corpus)
        except Exception as exc:  # noqa: BLE001 - report, do not lose the other figures
            res["html"] = {"error": f"HTML run failed: {type(exc).__name__}: {exc}"}
        say("HTML done")
        one_txt = tmpdir / "one.txt"
        one_txt.write_bytes(files[0].read_bytes())
        one_html = tmpdir / "one.html"
        one_html.write_bytes(pages[0][1].read_bytes())
        res["cold"] = cold_starts(one_txt, one_html, args.reps)
        say("cold starts done")
    res["elapsed"] = time.perf_counter() - began
    table = render(res)
    print(table)
    if args.write_readme:
        say(f"table written to {write_readme(table)}")


if __name__ == "__main__":
    main()
