#!/usr/bin/env python3
"""Corpus scale (issue 10): WARC throughput on each engine, beside trafilatura, in one run; and
the memory of a long `tamiz clean` run over a WARC file.

    .venv/bin/python tests/bench/corpus_scale.py [--pages 300] [--files 8] [--reps 3]
                                                 [--rss-pages 20000] [--corpus DIR]

Builds, in a temp dir, WARC files (request + response records, gzipped, as crawlers write
them) from the raw HTML pages of the shared corpus (real/html, dev/html) and tests/data/html,
replicated to --pages pages, each copy's body made unique (bench.py's _new_article: tamiz
remembers lines it has seen, as a site's chrome repeats but articles do not). The same pages
go in --files files (the unit of work of Dask and Spark) and in one file (for `tamiz clean`).

Prints pages/s (median of --reps runs, with the range) for:
  - tamiz.corpus.process_warcs in this process (reading the WARC included; warm);
  - tamiz.clean_bytes alone on the pages' bodies (read with warcio beforehand), and
    trafilatura.extract on the same bodies, sequential, and their ratio;
  - `tamiz clean ONE.warc.gz -j 1` and `-j 2` (wall time of the command, start-up included);
  - samples/engines/dask_warc.py's clean_to_jsonl on a LocalCluster of 1 and 2 processes;
  - samples/engines/spark_warc.py's clean_to_jsonl on local[1] and local[2], if pyspark is
    importable and java is on PATH;
  start-up (cluster or session, plus one warm-up page per worker) is timed apart. Then
  `tamiz clean` -j 2 over --rss-pages pages in one WARC, its output read here line by line:
  the RSS of the parent and of each worker (from /proc) after 10% and 100% of the pages, and
  their peaks (sampled every 0.25 s, and the command's ru_maxrss from wait4).
Not a test: pytest ignores this folder (conftest.py).
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ENGINES = REPO / "samples" / "engines"
HTML_SETS = ("real/html/raw", "dev/html/raw")
sys.path.insert(0, str(HERE))
from bench import _new_article, find_corpus  # noqa: E402


# --- WARC set --------------------------------------------------------------------------------
def html_pages(corpus: Path) -> list[bytes]:
    files = [p for s in HTML_SETS if (corpus / s).is_dir() for p in sorted((corpus / s).iterdir())
             if p.is_file()]
    files += sorted((REPO / "tests" / "data" / "html").glob("*.html"))
    return [p.read_bytes() for p in files]


def replicas(pages: list[bytes], n: int):
    for i in range(n):
        yield f"https://example.ir/news/{i}", _new_article(pages[i % len(pages)], i // len(pages))


def write_warc(path: Path, items) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    n = 0
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body in items:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.ir")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            n += 1
    return n


def bodies(paths: list[Path]) -> list[tuple[bytes, str | None]]:
    from tamiz.warc import iter_warc_pages
    return [(p.data, p.charset) for path in paths for p in iter_warc_pages(path)]


# --- measurements ----------------------------------------------------------------------------
def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def seq_process_warcs(files: list[Path]) -> int:
    from tamiz.corpus import process_warcs
    return sum(1 for r in process_warcs(files) if r["error"] is None)


def seq_clean_bytes(pages) -> int:
    from tamiz import clean_bytes
    for data, charset in pages:
        clean_bytes(data, input_format="html", charset=charset)
    return len(pages)


def seq_trafilatura(pages) -> int:
    import trafilatura
    for data, _ in pages:
        trafilatura.extract(data)
    return len(pages)


def tamiz_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "tamiz"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tamiz.cli.main"]


def cli_run(warc: Path, jobs: int) -> int:
    p = subprocess.run([*tamiz_cmd(), "clean", str(warc), "-j", str(jobs)], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, check=True)
    return p.stdout.count(b"\n")


def _warm() -> None:  # runs in each engine worker (pickled by value from this script)
    from tamiz import clean_bytes
    clean_bytes(b"<html><body><h1>\xd8\xae\xd8\xa8\xd8\xb1</h1><p>\xd9\x85\xd8\xaa\xd9\x86</p></body></html>",
                input_format="html")


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ENGINES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dask_runs(files: list[Path], workers: int, reps: int, tmp: Path) -> tuple[float, list[float], int]:
    from dask.distributed import Client, LocalCluster
    mod = load("dask_warc")
    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(_warm)
        start = time.perf_counter() - t0
        times, n = [], 0
        for r in range(reps):
            took, n = timed(lambda: mod.clean_to_jsonl(files, tmp / f"dask{workers}-{r}"))
            times.append(took)
    return start, times, n


def spark_runs(files: list[Path], cores: int, reps: int, tmp: Path) -> tuple[float, list[float], int]:
    mod = load("spark_warc")
    t0 = time.perf_counter()
    spark = mod.session(f"local[{cores}]")
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize(range(cores), cores).foreach(lambda _: _warm())
    start = time.perf_counter() - t0
    times, n = [], 0
    try:
        for r in range(reps):
            took, n = timed(lambda: mod.clean_to_jsonl(spark, files, tmp / f"spark{cores}-{r}"))
            times.append(took)
    finally:
        spark.stop()
    return start, times, n


def spark_available() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark not installed"
    return None if shutil.which("java") else "no java on PATH"


# --- memory over a long run ------------------------------------------------------------------
def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def tree(pid: int) -> dict[int, int]:
    """RSS (kB) of pid and its descendants."""
    found, todo = {}, [pid]
    while todo:
        p = todo.pop()
        found[p] = rss_kb(p)
        todo += children(p)
    return found


def rss_run(warc: Path, pages: int, jobs: int) -> dict:
    proc = subprocess.Popen([*tamiz_cmd(), "clean", str(warc), "-j", str(jobs)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, bufsize=1 << 16)
    peak: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            for p, kb in tree(proc.pid).items():
                peak[p] = max(peak.get(p, 0), kb)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    marks, n, t0 = {}, 0, time.perf_counter()
    checkpoints = {max(1, pages // 10), pages - 1}
    for _ in proc.stdout:
        n += 1
        if n in checkpoints:
            marks[n] = tree(proc.pid)
    took = time.perf_counter() - t0
    done.set()
    sampler.join()
    # wait4: this command's own usage, its ru_maxrss the largest of it and its reaped workers
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, proc.returncode
    return {"pages": n, "seconds": took, "marks": marks, "peak": peak, "parent": proc.pid,
            "maxrss_kb": usage.ru_maxrss}


# --- report ----------------------------------------------------------------------------------
def fmt(n: int, times: list[float]) -> str:
    rates = sorted(n / t for t in times)
    med = statistics.median(rates)
    return f"{med:7.1f}  ({rates[0]:.1f}–{rates[-1]:.1f})", med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rss-pages", type=int, default=20_000, help="0: skip the memory run")
    ap.add_argument("--corpus")
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()
    import trafilatura
    import tamiz.corpus  # noqa: F401

    src = html_pages(find_corpus(args.corpus))
    tmp = Path(tempfile.mkdtemp(prefix="tamiz-corpus-scale-"))
    try:
        items = list(replicas(src, args.pages))
        per = -(-len(items) // args.files)
        files = [tmp / f"part-{i:03d}.warc.gz" for i in range(args.files)]
        for i, f in enumerate(files):
            write_warc(f, items[i * per:(i + 1) * per])
        one = tmp / "all.warc.gz"
        write_warc(one, items)
        pages = bodies([one])
        mb = sum(len(d) for d, _ in pages) / 1e6
        print(f"# Corpus scale: {len(pages)} HTML pages ({mb:.1f} MB; {len(src)} distinct pages replicated, "
              f"bodies made unique), in {args.files} WARC files and in one")
        print(f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
              f"trafilatura {trafilatura.__version__}; pages/s: median of {args.reps} runs (range)\n")

        _warm()
        seq_trafilatura(pages[:3])
        rows: list[tuple[str, str, str]] = []
        med: dict[str, float] = {}

        def add(key: str, label: str, n: int, times: list[float], start: str = "") -> None:
            text, m = fmt(n, times)
            med[key] = m
            rows.append((label, text, start))

        add("seq", "process_warcs, 1 process (WARC reading included)", len(pages),
            [timed(lambda: seq_process_warcs(files))[0] for _ in range(args.reps)])
        add("cb", "tamiz clean_bytes on the bodies, 1 process", len(pages),
            [timed(lambda: seq_clean_bytes(pages))[0] for _ in range(args.reps)])
        add("traf", "trafilatura.extract on the bodies, 1 process", len(pages),
            [timed(lambda: seq_trafilatura(pages))[0] for _ in range(args.reps)])
        for j in (1, 2):
            add(f"cli{j}", f"tamiz clean one.warc.gz -j {j} (start-up included)", len(pages),
                [timed(lambda: cli_run(one, j))[0] for _ in range(args.reps)])
        for w in (1, 2):
            start, times, n = dask_runs(files, w, args.reps, tmp)
            assert n == len(pages), n
            add(f"dask{w}", f"Dask LocalCluster, {w} process{'es' if w > 1 else ''}", n, times,
                f"{start:.1f} s")
        why = "--no-spark" if args.no_spark else spark_available()
        if why is None:
            for c in (1, 2):
                start, times, n = spark_runs(files, c, args.reps, tmp)
                assert n == len(pages), n
                add(f"spark{c}", f"PySpark local[{c}]", n, times, f"{start:.1f} s")

        print("| run | pages/s | start-up (+ warm-up) |\n|---|---:|---:|")
        for label, text, start in rows:
            print(f"| {label} | {text} | {start} |")
        print()
        t = med["traf"]
        for key, label in [("cb", "clean_bytes"), ("seq", "process_warcs 1 process"),
                           ("cli1", "tamiz clean -j 1"), ("cli2", "tamiz clean -j 2"),
                           ("dask1", "Dask 1"), ("dask2", "Dask 2"), ("spark1", "Spark local[1]"),
                           ("spark2", "Spark local[2]")]:
            if key in med:
                print(f"tamiz/trafilatura, {label}: {med[key] / t:.2f}x")
        for a, b in (("cli2", "cli1"), ("dask2", "dask1"), ("spark2", "spark1")):
            if a in med:
                print(f"2 vs 1: {a}/{b} = {med[a] / med[b]:.2f}x")
        if why:
            print(f"Spark: not run ({why})")

        if args.rss_pages:
            print(f"\n# Memory: tamiz clean -j 2 over one WARC of {args.rss_pages} pages")
            big = tmp / "big.warc.gz"
            t, n = timed(lambda: write_warc(big, replicas(src, args.rss_pages)))
            print(f"(built {big.stat().st_size / 1e6:.0f} MB gzipped in {t:.0f} s)")
            r = rss_run(big, args.rss_pages, 2)
            parent = r["parent"]
            print(f"{r['pages']} records in {r['seconds']:.0f} s ({r['pages'] / r['seconds']:.1f} pages/s)")
            print("| after | parent RSS MB | worker RSS MB |\n|---:|---:|---:|")
            for at, m in sorted(r["marks"].items()):
                workers = sorted(kb / 1024 for p, kb in m.items() if p != parent)
                print(f"| {at} pages | {m.get(parent, 0) / 1024:.0f} | "
                      f"{', '.join(f'{w:.0f}' for w in workers)} |")
            workers = sorted(kb / 1024 for p, kb in r["peak"].items() if p != parent)
            print(f"| peak (sampled every 0.25 s) | {r['peak'].get(parent, 0) / 1024:.0f} | "
                  f"{', '.join(f'{w:.0f}' for w in workers)} |")
            print(f"ru_maxrss of the command (wait4: the largest of the parent and its workers): "
                  f"{r['maxrss_kb'] / 1024:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
