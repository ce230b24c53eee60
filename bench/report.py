#!/usr/bin/python3
"""Turn the figures of one scripts/bench.sh run into the Markdown section
of BENCHMARKS.md (machine, date, commit, tables, goals of issue #5).

    bench/report.py DIR [--update BENCHMARKS.md]

DIR holds what bench.sh wrote: *.kv files of score_bench and
baseline_pandas.py ("KEY VALUE" lines) and *.time files of /usr/bin/time
("SECONDS KB" per run). Prints the section; with --update, also replaces
the text between the markers <!-- bench:begin --> and <!-- bench:end -->
of the given file.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def read_kv(path):
    out = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            parts = line.split()
            if len(parts) == 2:
                try:
                    out[parts[0]] = float(parts[1])
                except ValueError:
                    out[parts[0]] = parts[1]
    return out


def read_time(path):
    """Median seconds and median peak KB of the runs in a /usr/bin/time file."""
    secs, kbs = [], []
    if os.path.exists(path):
        for line in open(path):
            parts = line.split()
            if len(parts) == 2:
                secs.append(float(parts[0]))
                kbs.append(float(parts[1]))
    if not secs:
        return None
    return statistics.median(secs), statistics.median(kbs), len(secs)


def machine():
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    ncpu = os.cpu_count()
    load = open("/proc/loadavg").read().split()[:3]
    return model, ncpu, mem, load


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def ms(v):
    return "—" if v is None else ("%.0f ms" % v if v >= 100 else "%.1f ms" % v)


def fmt_phase(kv, key):
    """'wall (cpu)' of a phase, or —."""
    if key + "_ms" not in kv:
        return "—"
    return "%s (%s)" % (ms(kv[key + "_ms"]), ms(kv.get(key + "_cpu_ms")))


def verdict(ok):
    return "—" if ok is None else ("met" if ok else "**not met**")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--update")
    args = ap.parse_args(argv[1:])
    d = args.dir
    m = read_kv(os.path.join(d, "meihao.kv"))
    mn = read_kv(os.path.join(d, "meihao-national.kv"))
    z = read_kv(os.path.join(d, "zuzhi.kv"))
    g = read_kv(os.path.join(d, "dangyuan.kv"))
    p = read_kv(os.path.join(d, "pandas.kv"))
    mo = read_kv(os.path.join(d, "meihao-open.kv"))
    po = read_kv(os.path.join(d, "pandas-open.kv"))
    cli = {name: read_time(os.path.join(d, name + ".time"))
           for name in ("cli-meihao", "cli-zuzhi", "cli-dangyuan")}
    model, ncpu, mem, load = machine()
    out = []
    w = out.append
    w(BEGIN)
    w("")
    w("Measured %s on commit `%s`%s, with `scripts/bench.sh`." % (
        datetime.date.today().isoformat(), git("rev-parse", "--short", "HEAD"),
        " (plus uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no")
        not in ("", "?") else ""))
    w("Machine: %s, %s cores (`nproc`), %s of memory, %s; load average %s when the "
      "report was written (the machine is shared: wall times include waiting for a core, "
      "CPU times in parentheses do not)." % (model, ncpu, mem, platform.platform(), " ".join(load)))
    w("")
    w("Medians of the runs, wall time (CPU time of the process). `evaluate` is "
      "criteria + scorecards + tiers + targets, as `score_evaluate_with` does them in one call.")
    w("")
    w("| phase | meihao-xiangcun | zuzhi-zhenxing | dangyuan-jifen |")
    w("|---|---|---|---|")
    w("| rows × columns | %s | %s | %s |" % tuple(
        "%d × %d" % (k["rows"], k["columns"]) if "rows" in k else "—" for k in (m, z, g)))
    w("| CSV size | %s | %s | %s |" % tuple(
        "%.1f MB" % k["csv_mb"] if "csv_mb" in k else "—" for k in (m, z, g)))
    w("| runs | %s | %s | %s |" % tuple("%d" % k["runs"] if "runs" in k else "—" for k in (m, z, g)))
    w("| load (compile ruleset) | %s | %s | %s |" % tuple(fmt_phase(k, "load") for k in (m, z, g)))
    w("| read CSV | %s | %s | %s |" % tuple(fmt_phase(k, "read") for k in (m, z, g)))
    w("| read CSV, MB/s | %s | %s | %s |" % tuple(
        "%.0f" % k["read_per_s"] if "read_per_s" in k else "—" for k in (m, z, g)))
    for t in (1, 2):
        w("| evaluate, %d thread%s | %s | %s | %s |" % (
            t, "s" if t > 1 else "", *(fmt_phase(k, "eval_t%d" % t) for k in (m, z, g))))
        w("| evaluate, %d thread%s, rows/s | %s | %s | %s |" % (
            t, "s" if t > 1 else "", *("%.0f" % k["eval_t%d_per_s" % t]
                                       if "eval_t%d_per_s" % t in k else "—" for k in (m, z, g))))
    w("| targets (read and format the outcomes) | %s | %s | %s |" % tuple(
        fmt_phase(k, "targets") for k in (m, z, g)))
    w("| output (per-row CSV to /dev/null) | %s | %s | %s |" % tuple(
        fmt_phase(k, "output") for k in (m, z, g)))
    for t in (1, 2):
        w("| end to end via the API (load + read + evaluate), %d thread%s | %s | %s | %s |" % (
            t, "s" if t > 1 else "", *(fmt_phase(k, "e2e_t%d" % t) for k in (m, z, g))))
    clis = [cli["cli-meihao"], cli["cli-zuzhi"], cli["cli-dangyuan"]]
    w("| CLI end to end (`/usr/bin/time`), seconds | %s | %s | %s |" % tuple(
        "%.1f s" % c[0] if c else "—" for c in clis))
    w("| CLI peak memory | %s | %s | %s |" % tuple(
        "%.0f MB" % (c[1] / 1024) if c else "—" for c in clis))
    w("| columnar data (rows × columns × 8 B) | %s | %s | %s |" % tuple(
        "%.0f MB" % k["columnar_mb"] if "columnar_mb" in k else "—" for k in (m, z, g)))
    w("| peak memory of score_bench (ru_maxrss) | %s | %s | %s |" % tuple(
        "%.0f MB (%.2f×)" % (k["peak_mb"], k["peak_ratio"]) if "peak_mb" in k else "—"
        for k in (m, z, g)))
    w("")
    w("The CLI commands: `score eval meihao-xiangcun meihao-xiangcun.csv --format csv`, "
      "`score targets zuzhi-zhenxing zuzhi-zhenxing.csv --format csv`, `score eval "
      "dangyuan-jifen dangyuan-jifen.csv --format csv`, output to /dev/null.")
    w("")

    # baselines
    w("Baselines on the same villages (meihao-xiangcun); the C loop and pandas use one thread. "
      "The libscore rows were timed in the same runs as the C loop, one after the other:")
    w("")
    w("| | time | rows that differ from libscore |")
    w("|---|---|---|")
    if "baseline_c_ms" in m:
        w("| hand-written C loop (`bench/baseline_meihao.c`) | %s | tier %d, qualified %d, "
          "verdicts %d, score %d |" % (fmt_phase(m, "baseline_c"), m["baseline_tier_mismatches"],
                                       m["baseline_qualified_mismatches"],
                                       m["baseline_verdict_mismatches"],
                                       m["baseline_score_mismatches"]))
        w("| libscore, 1 thread, in the same runs | %s | |" % fmt_phase(m, "paired_eval_t1"))
        w("| libscore, 2 threads, in the same runs | %s | |" % fmt_phase(m, "paired_eval_t2"))
    if "pandas_ms" in p:
        w("| pandas %s (`bench/baseline_pandas.py`) | %s | tier %d, qualified %d |" % (
            p.get("pandas_version", ""), fmt_phase(p, "pandas"), p.get("pandas_tier_mismatches", -1),
            p.get("pandas_qualified_mismatches", -1)))
    if "baseline_c_ms" in mn:
        w("| C loop, national quotas (every level × 7101) | %s | tier %d |" % (
            fmt_phase(mn, "baseline_c"), mn["baseline_tier_mismatches"]))
        w("| libscore, 1 thread, national quotas | %s | |" % fmt_phase(mn, "paired_eval_t1"))
    w("")
    r1 = m.get("ratio_libscore_t1_over_c")
    r2 = m.get("ratio_libscore_t2_over_c")
    pand = (p["pandas_ms"] / m["eval_t1_ms"]) if "pandas_ms" in p and "eval_t1_ms" in m else None
    pand_cpu = (p["pandas_cpu_ms"] / m["eval_t1_cpu_ms"]
                if "pandas_cpu_ms" in p and "eval_t1_cpu_ms" in m else None)
    w("Ratios: libscore / C loop = %s (1 thread), %s (2 threads), medians of the paired "
      "runs; pandas / libscore (1 thread) = %s by wall time, %s by CPU time." % (
          "%.2f" % r1 if r1 else "—", "%.2f" % r2 if r2 else "—",
          "%.1f" % pand if pand else "—", "%.1f" % pand_cpu if pand_cpu else "—"))
    w("")

    # without quotas (issue #15)
    if "baseline_c_ms" in mo:
        w("Without quotas and cap (issue #15): meihao-xiangcun with its `quota:` and `cap:` "
          "lines dropped (`meihao-open.yaml`, written by `scripts/bench.sh`), so that every "
          "level awards all its candidates and nothing is ranked: criteria, the scorecard "
          "and the qualified tiers. Evaluation only, data in memory; the C loop "
          "(`meihao_baseline_run_open`) and libscore timed in the same runs, one after the "
          "other; pandas in its own process:")
        w("")
        w("| | time | rows/s | rows that differ from libscore |")
        w("|---|---|---|---|")
        w("| hand-written C loop, 1 thread | %s | %.0f | tier %d, qualified %d, verdicts %d, "
          "score %d |" % (fmt_phase(mo, "baseline_c"), mo.get("baseline_c_per_s", 0),
                          mo["baseline_tier_mismatches"], mo["baseline_qualified_mismatches"],
                          mo["baseline_verdict_mismatches"], mo["baseline_score_mismatches"]))
        for key, name in (("paired_eval_t1", "libscore, 1 thread (`score_evaluate_with`)"),
                          ("paired_eval_t2", "libscore, 2 threads"),
                          ("paired_into_t1", "libscore, 1 thread, into a reused result "
                                             "(`score_evaluate_into`)")):
            if key + "_ms" in mo:
                w("| %s | %s | %.0f | |" % (name, fmt_phase(mo, key), mo.get(key + "_per_s", 0)))
        if "pandas_open_ms" in po:
            w("| pandas %s, `--no-quotas` | %s | %.0f | tier %d, qualified %d |" % (
                po.get("pandas_version", ""), fmt_phase(po, "pandas_open"),
                mo.get("rows", 0) / po["pandas_open_ms"] * 1e3,
                po.get("pandas_open_tier_mismatches", -1),
                po.get("pandas_open_qualified_mismatches", -1)))
        w("")
        w("Peak memory of that score_bench run: %.0f MB, %.2f× the columnar data (%.0f MB)." % (
            mo.get("peak_mb", 0), mo.get("peak_ratio", 0), mo.get("columnar_mb", 0)))
        w("")

    # goals of issue #15, the evaluation half
    if "baseline_c_ms" in mo:
        o1, o2 = mo.get("ratio_libscore_t1_over_c"), mo.get("ratio_libscore_t2_over_c")
        oi = mo.get("ratio_into_t1_over_c")
        po_x = (po["pandas_open_ms"] / mo["paired_eval_t1_ms"]
                if "pandas_open_ms" in po and "paired_eval_t1_ms" in mo else None)
        po_cpu = (po["pandas_open_cpu_ms"] / mo["paired_eval_t1_cpu_ms"]
                  if "pandas_open_cpu_ms" in po and "paired_eval_t1_cpu_ms" in mo else None)
        w("Goals of issue #15 (evaluation), measured against the goal:")
        w("")
        w("| goal | measured | verdict |")
        w("|---|---|---|")
        w("| evaluation without quotas within 2× the hand-written C loop on one thread | "
          "%s (into a reused result %s) | %s |" % (
              "%.2f×" % o1 if o1 else "—", "%.2f×" % oi if oi else "—", verdict(o1 and o1 <= 2)))
        w("| … and faster than it on two threads | %s | %s |" % (
            "%.2f×" % o2 if o2 else "—", verdict(o2 and o2 < 1)))
        w("| at least 10× pandas, without quotas | %s | %s |" % (
            "%.1f× (CPU time %s×)" % (po_x, "%.1f" % po_cpu if po_cpu else "—") if po_x else "—",
            verdict(po_x and po_x >= 10)))
        w("| at least 10× pandas, with quotas (2020) | %s | %s |" % (
            "%.1f× (CPU time %s×)" % (pand, "%.1f" % pand_cpu if pand_cpu else "—")
            if pand else "—", verdict(pand and pand >= 10)))
        cm = cli["cli-meihao"]
        loop = (m["baseline_parse_ms"] + m["baseline_c_ms"]) / 1000 \
            if "baseline_parse_ms" in m and "baseline_c_ms" in m else None
        w("| `score eval … --format csv` end to end within 2× the C loop's read + evaluate "
          "| %s | %s |" % (
              "%.1f s / %.2f s = %.1f×" % (cm[0], loop, cm[0] / loop) if cm and loop else "—",
              verdict(cm[0] / loop <= 2 if cm and loop else None)))
        w("| peak memory under 2× the columnar data, without quotas | %s | %s |" % (
            "%.2f×" % mo["peak_ratio"] if "peak_ratio" in mo else "—",
            verdict(mo["peak_ratio"] < 2 if "peak_ratio" in mo else None)))
        w("")

    # goals
    w("Goals of issue #5, measured against the goal:")
    w("")
    w("| goal | measured | verdict |")
    w("|---|---|---|")
    w("| criteria + scorecards + tiers for 490k villages within 2× the hand-written C loop "
      "on one thread | %s | %s |" % ("%.2f×" % r1 if r1 else "—", verdict(r1 and r1 <= 2)))
    w("| … and faster than it with `--threads 2` | %s | %s |" % (
        "%.2f×" % r2 if r2 else "—", verdict(r2 and r2 < 1)))
    w("| at least 15× faster than pandas | %s | %s |" % (
        "%.1f× (CPU time %s×)" % (pand, "%.1f" % pand_cpu if pand_cpu else "—") if pand else "—",
        verdict(pand and pand >= 15)))
    rates = [k.get("read_per_s") for k in (m, z, g) if "read_per_s" in k]
    w("| CSV reading at 200 MB/s or more | %s | %s |" % (
        ", ".join("%.0f MB/s" % r for r in rates) if rates else "—",
        verdict(min(rates) >= 200 if rates else None)))
    e2e = g.get("e2e_t2_ms", g.get("e2e_t1_ms"))
    clid = cli["cli-dangyuan"]
    full = g.get("rows", 0) >= 10000000  # the goal is about 10M members
    w("| 10M members scored in under 3 s end to end from CSV | API %s, CLI %s%s | %s |" % (
        "%.1f s" % (e2e / 1000) if e2e else "—", "%.1f s" % clid[0] if clid else "—",
        "" if full or "rows" not in g else " (on %d members only: not the goal's size)" % g["rows"],
        verdict(e2e / 1000 < 3 if e2e and full else None)))
    ratios = [(name, k["peak_ratio"]) for name, k in (("meihao", m), ("zuzhi", z), ("dangyuan", g))
              if "peak_ratio" in k]
    w("| peak memory under 2× the columnar data | %s | %s |" % (
        ", ".join("%s %.2f×" % r for r in ratios) if ratios else "—",
        verdict(max(r for _, r in ratios) < 2 if ratios else None)))
    w("")
    w(END)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.update:
        doc = open(args.update, encoding="utf-8").read()
        a, b = doc.find(BEGIN), doc.find(END)
        if a < 0 or b < 0:
            print("report: %s has no %s ... %s markers" % (args.update, BEGIN, END),
                  file=sys.stderr)
            return 1
        doc = doc[:a] + text.rstrip("\n") + doc[b + len(END):]
        open(args.update, "w", encoding="utf-8").write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
