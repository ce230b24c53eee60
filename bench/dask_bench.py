#!/usr/bin/python3
"""党员量化积分 (dangyuan-jifen) over a county's worth of member records:
one Python process (Ruleset.evaluate on the whole pandas DataFrame) against
libscore.dask on a LocalCluster of worker processes. Not a test: it
prints rows per second and peak memory (docs/scale-out.md has figures).

    PYTHONPATH=BUILD/bindings/python /usr/bin/python3 bench/dask_bench.py \\
        [--rows 10000000] [--partitions P] [--workers 2] [--mode both|single|dask]

The member table is that of the Python tests (members() of
bindings/python/tests/test_dask.py): generated in memory, deterministic,
the same rows however it is split; blanks in a few % of the cells. Its
generation is timed apart: in the single process the whole DataFrame is
built there; on the cluster each partition is built on the worker that
holds it (and kept there, persisted), as data read from storage would be.

Then, timed, each side does what a user would:
  rows     the row results of every member (Ruleset.evaluate(df).rows;
           libscore.dask.evaluate(...) persisted on the workers, not
           gathered: 10M rows of results are the cluster's to keep)
  targets  the target check with its 销号 ledger (Ruleset.check_targets;
           libscore.dask.check_targets, which scores the partitions again)

Memory: the single process's peak RSS (ru_maxrss); per worker, the peak of
RSS sampled every 0.2 s during generation and during the timed work, and
ru_maxrss at the end. --mode both (the default) runs each side in a fresh
process of its own, one after the other, so that neither's memory counts
for the other, and checks that both gave the same grades and targets.
"""

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bindings" / "python" / "tests"))

GIB = 2 ** 30


def _maxrss() -> int:
    """This process's peak resident set, bytes (Linux gives KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _rss() -> int:
    import psutil
    return psutil.Process().memory_info().rss


def digest(rows_grades, targets) -> dict:
    """What both sides must agree on: the grade counts, the targets table
    (without the ledger) and the ledger's length."""
    import pandas as pd
    table = targets.drop(columns=[c for c in ("failing",) if c in targets])
    text = table.to_csv(index=False, float_format="%.15g")
    grades = {"(none)" if pd.isna(k) else str(k): int(v) for k, v in rows_grades.items()}
    return {"grades": dict(sorted(grades.items())),
            "targets": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "outcomes": len(table),
            "verdicts": {k: int(v) for k, v in table["verdict"].value_counts().items()}}


def run_single(rows: int) -> dict:
    import libscore
    from test_dask import members
    rs = libscore.load("dangyuan-jifen")
    t = time.perf_counter()
    frame = members(0, rows)
    generate = time.perf_counter() - t
    after_generate = _maxrss()

    t = time.perf_counter()
    result = rs.evaluate(frame)
    out = result.rows
    evaluate = time.perf_counter() - t
    grades = out["points_grade"].value_counts(dropna=False).to_dict()
    failing = sum(len(o[10]) for o in result._outcomes())  # the ledger's length, untimed
    del result, out

    t = time.perf_counter()
    targets = rs.check_targets(frame)
    check = time.perf_counter() - t
    return {"mode": "single", "rows": rows, "generate_s": generate, "rows_s": evaluate,
            "targets_s": check, "maxrss": _maxrss(), "maxrss_after_generate": after_generate,
            "failing": failing, **digest(grades, targets)}


class Sampler:
    """Each worker's RSS every `every` seconds, keeping the peak per phase."""

    def __init__(self, client, every: float = 0.2) -> None:
        self.client, self.every = client, every
        self.peaks: dict = {}
        self.phase = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            phase = self.phase
            if phase:
                try:
                    now = self.client.run(_rss)
                except Exception:  # the cluster closing
                    break
                peak = self.peaks.setdefault(phase, {})
                for w, v in now.items():
                    peak[w] = max(peak.get(w, 0), v)
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_dask(rows: int, partitions: int, workers: int) -> dict:
    import cloudpickle
    from dask.distributed import Client, LocalCluster, wait

    import libscore
    import libscore.dask as ld
    import test_dask
    from test_dask import generated_members

    cloudpickle.register_pickle_by_value(test_dask)  # members() runs on the workers
    rs = libscore.load("dangyuan-jifen")
    step = -(-rows // partitions)
    sizes = [min(step, rows - k) for k in range(0, rows, step)]
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,  # all on loopback
                           scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           worker_dashboard_address="127.0.0.1:0")
    client = Client(cluster)
    start = time.perf_counter() - t
    baseline = client.run(_rss)
    sampler = Sampler(client)
    try:
        sampler.phase = "generate"
        t = time.perf_counter()
        ddf = generated_members(sizes).persist()
        wait(ddf)
        generate = time.perf_counter() - t

        sampler.phase = "work"
        t = time.perf_counter()
        out = ld.evaluate(rs, ddf).persist()
        wait(out)
        evaluate = time.perf_counter() - t
        grades = out["points_grade"].value_counts(dropna=False).compute().to_dict()
        del out

        t = time.perf_counter()
        targets = ld.check_targets(rs, ddf)
        check = time.perf_counter() - t
        sampler.phase = None
        failing = int(targets["failing"].map(len).sum())
        worker_maxrss = client.run(_maxrss)
    finally:
        sampler.stop()
        client.close()
        cluster.close()
    names = sorted(baseline)
    return {"mode": "dask", "rows": rows, "partitions": len(sizes), "workers": workers,
            "cluster_start_s": start, "generate_s": generate, "rows_s": evaluate,
            "targets_s": check, "maxrss": _maxrss(), "failing": failing,
            "worker_rss_idle": [baseline[w] for w in names],
            "worker_peak_generate": [sampler.peaks.get("generate", {}).get(w, 0) for w in names],
            "worker_peak_work": [sampler.peaks.get("work", {}).get(w, 0) for w in names],
            "worker_maxrss": [worker_maxrss[w] for w in names],
            **digest(grades, targets)}


def show(r: dict) -> None:
    n = r["rows"]
    print(f"{r['mode']}: {n:,} rows")
    if r["mode"] == "dask":
        print(f"  cluster   {r['workers']} workers x 1 thread, {r['partitions']} partitions, "
              f"started in {r['cluster_start_s']:.1f} s")
    print(f"  generate  {r['generate_s']:8.1f} s")
    print(f"  rows      {r['rows_s']:8.1f} s  {n / r['rows_s']:12,.0f} rows/s")
    print(f"  targets   {r['targets_s']:8.1f} s  {n / r['targets_s']:12,.0f} rows/s "
          f"({r['outcomes']:,} outcomes: {r['verdicts']}; {r['failing']:,} in the ledger)")
    if r["mode"] == "single":
        print(f"  peak RSS  {r['maxrss'] / GIB:.2f} GiB "
              f"({r['maxrss_after_generate'] / GIB:.2f} GiB after generating)")
    else:
        def gib(v):
            return " / ".join(f"{x / GIB:.2f}" for x in v) + " GiB"
        print(f"  workers   idle {gib(r['worker_rss_idle'])}; peak while generating "
              f"{gib(r['worker_peak_generate'])}; while scoring {gib(r['worker_peak_work'])}; "
              f"ru_maxrss {gib(r['worker_maxrss'])}")
        print(f"  client    peak RSS {r['maxrss'] / GIB:.2f} GiB (scheduler included)")
    sys.stdout.flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000, help="member records (10M)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="partitions on the cluster (default: one per 500,000 rows)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (2)")
    ap.add_argument("--mode", choices=["both", "single", "dask"], default="both")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = ap.parse_args()
    partitions = args.partitions or max(1, -(-args.rows // 500_000))
    if args.mode == "single":
        r = run_single(args.rows)
    elif args.mode == "dask":
        r = run_dask(args.rows, partitions, args.workers)
    else:
        results = []
        for mode in ("single", "dask"):
            proc = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--rows", str(args.rows),
                 "--partitions", str(partitions), "--workers", str(args.workers), "--json"],
                stdout=subprocess.PIPE, text=True, env=os.environ)
            if proc.returncode != 0:
                print(f"--mode {mode} failed", file=sys.stderr)
                return 1
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            show(results[-1])
        single, cluster = results
        same = all(single[k] == cluster[k] for k in ("grades", "targets", "outcomes", "failing"))
        print(f"same grades and targets on both: {'yes' if same else 'NO'}")
        print(f"speed-up: rows {single['rows_s'] / cluster['rows_s']:.2f}x, "
              f"targets {single['targets_s'] / cluster['targets_s']:.2f}x")
        return 0 if same else 1
    if args.json:
        print(json.dumps(r))
    else:
        show(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
