#!/usr/bin/env python3
"""Clean WARC files on Spark, in the cc-pyspark style: one JSON record per page, JSON Lines out.

    pip install 'tamiz[spark]'                     # and Java 17 on PATH
    python samples/engines/spark_warc.py OUT_DIR crawl-1.warc.gz ... [--master 'local[2]']
    spark-submit samples/engines/spark_warc.py OUT_DIR crawl-1.warc.gz ...

As cc-pyspark does it: an RDD of WARC paths, one file per partition (a WARC file is read from
its start, so a file is the unit of work), `mapPartitions` with `tamiz.corpus.process_warcs`:
paths in, one flat dict per page out (url, warc_record_id, warc_date, error, text, title, ...),
never raising for a page. OUT_DIR (which must not exist yet: Spark's rule) gets part-00000,
part-00001, ... of JSON Lines, in the order of the paths. For a DataFrame instead:
`spark.read.json(lines)`, or `spark.createDataFrame(records.map(lambda r: Row(url=..., ...)))`.

Every executor needs tamiz installed in the Python that PYSPARK_PYTHON names, and the paths
readable from it (a shared file system, or s3:// paths fetched before they reach tamiz).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pyspark.sql import SparkSession

from tamiz.corpus import process_warcs


def session(master: str | None = "local[2]") -> SparkSession:
    """A SparkSession. Under spark-submit its --master stands; run with plain `python`, Spark
    runs in this process's JVM on `master` (local[2]: two Python workers)."""
    # The executors' Python workers must import tamiz: by default, the Python running this.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("tamiz-warc")
    # spark-submit starts the JVM first and hands its port to Python in PYSPARK_GATEWAY_PORT
    # (pyspark's own test for it); only without one is the master ours to choose.
    if master and "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(master)
    return builder.getOrCreate()


def clean_to_jsonl(spark: SparkSession, paths: list[str], out_dir: str | Path,
                   partitions: int | None = None) -> int:
    """Clean every page of `paths` into OUT_DIR/part-* (JSON Lines); return the number of
    records written."""
    paths = [str(p) for p in paths]
    records = (spark.sparkContext.parallelize(paths, partitions or len(paths))
               # A lambda, as in cc-pyspark: Spark pickles it by value, and process_warcs (a
               # tamiz function) by name. The per-page timeout works here: PySpark runs each
               # task in its Python worker's main thread.
               .mapPartitions(lambda it: process_warcs(it)))
    records.map(lambda r: json.dumps(r, ensure_ascii=False)).saveAsTextFile(str(out_dir))
    return sum(_lines(f) for f in sorted(Path(out_dir).glob("part-*")))


def run(paths: list[str], out_dir: str | Path, master: str = "local[2]") -> int:
    """Start Spark on `master`, clean `paths` into `out_dir`, stop Spark; the number of records."""
    spark = session(master)
    try:
        return clean_to_jsonl(spark, paths, out_dir)
    finally:
        spark.stop()


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("warcs", nargs="+")
    ap.add_argument("--master", default="local[2]", help="when run with python (default: local[2])")
    args = ap.parse_args()
    start = time.perf_counter()
    spark = session(args.master)
    started = time.perf_counter()
    try:
        n = clean_to_jsonl(spark, args.warcs, args.out_dir)
    finally:
        spark.stop()
    took = time.perf_counter() - started
    print(f"{n} pages in {took:.1f} s ({n / took:.1f} pages/s; Spark took {started - start:.1f} s "
          f"to start) -> {args.out_dir}/part-*", file=sys.stderr)


if __name__ == "__main__":
    main()
