#!/usr/bin/env python3
"""Clean WARC files on Dask: one JSON record per page, written as JSON Lines.

    pip install 'tamiz[dask]'
    python samples/engines/dask_warc.py OUT_DIR crawl-1.warc.gz crawl-2.warc.gz ... [--workers 2]

A `dask.bag` of WARC paths, one file per partition (a WARC file is read from its start, so a
file is the unit of work), mapped with `tamiz.corpus.process_warcs`: paths in, one flat dict
per page out (url, warc_record_id, warc_date, error, text, title, ...), never raising for a
page. The records stream from the reader to the part files, so a worker holds one page at a
time however large its files are. OUT_DIR gets part-00000.jsonl, part-00001.jsonl, ... in the
order of the paths.

On a real cluster, connect a `Client` to its scheduler instead of starting a LocalCluster and
call `clean_to_jsonl`; every worker needs tamiz installed and the paths readable (a shared file
system, or s3:// paths opened with fsspec before they reach tamiz).
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from pathlib import Path

import dask.bag as db
from dask.distributed import Client, LocalCluster

from tamiz.corpus import process_warcs


def clean_to_jsonl(paths: list[str], out_dir: str | Path, partitions: int | None = None) -> int:
    """Clean every page of `paths` on the current Dask scheduler into OUT_DIR/part-*.jsonl;
    return the number of records written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Only functions importable by name go to the workers (process_warcs, json.dumps): a
    # worker process unpickles them by reference, whatever file this script was run from.
    to_line = functools.partial(json.dumps, ensure_ascii=False)
    # Per-page time limit: process_warcs enforces it with SIGALRM, which only works in a
    # process's main thread; Dask runs tasks in a worker thread, so here there is none.
    bag = db.from_sequence([str(p) for p in paths], npartitions=partitions or len(paths))
    files = (bag.map_partitions(process_warcs)
                .map(to_line)
                .to_textfiles(str(out / "part-*.jsonl"), name_function=lambda i: f"{i:05d}", last_endline=True,
                              encoding="utf-8"))
    return sum(_lines(f) for f in files)


def run(paths: list[str], out_dir: str | Path, workers: int = 2) -> int:
    """Start a LocalCluster of `workers` processes (one thread each: the cleaning is pure
    Python, so threads would share one GIL), clean `paths` into `out_dir`, stop the cluster;
    return the number of records."""
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        return clean_to_jsonl(paths, out_dir)


def _lines(path: str) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("warcs", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    start = time.perf_counter()
    n = run(args.warcs, args.out_dir, workers=args.workers)
    took = time.perf_counter() - start
    print(f"{n} pages in {took:.1f} s ({n / took:.1f} pages/s, cluster start included) "
          f"-> {args.out_dir}/part-*.jsonl", file=sys.stderr)


if __name__ == "__main__":  # the guard matters: LocalCluster's worker processes import this file
    main()
