"""Benchmark of a 10,000-town layer (issue 16): the command line on a user upload.

Run: ``python benchmarks/bench_large.py [--towns 10000] [--baseline main]
[--runs rank,report.html,ranking.xlsx] [--repeat 3]``. Generates a
synthetic upload (seeded; points drawn uniformly inside Kazakhstan's regions, log-uniform
populations from 500 to 300,000, researchers for 30 % of towns, random flags) — test data
for speed only, not real figures — and times, in fresh processes:

1. ``scicity rank --layer towns --data towns.csv`` (target ≤ 2 s);
2. the same with ``--out report.html`` (target ≤ 10 s and ≤ 500 MB peak resident set);
3. the same with ``--out ranking.xlsx``;

each with its wall time, its CPU time (user + system, ``wait4`` ru_utime + ru_stime: on a
loaded machine the wall time also counts waiting for a core, the CPU time does not) and
the child's peak resident set (``wait4`` ru_maxrss); a run
still going after ``--timeout`` seconds is stopped (exit -9, its time a lower bound). The
baseline is the same commands run on the code of a git revision (``--baseline``, default
``main``, extracted with ``git archive``) in the same run, with the same interpreter and
input: the printed ratio is baseline time ÷ this tree's time. ``--baseline none`` skips it.
With ``--repeat N`` each command runs N times, this tree and the baseline alternating (so
a change in the machine's load hits both), and the summary gives the median times and
the largest peak; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.regions import load_regions  # noqa: E402

TARGETS = {"rank": (2.0, None), "report.html": (10.0, 500.0), "ranking.xlsx": (None, None)}


def make_upload(path: Path, n: int, seed: int = 0) -> None:
    """A synthetic towns table of ``n`` rows (see the module docstring)."""
    rng = np.random.default_rng(seed)
    land = shapely.union_all(list(load_regions(web=True).geometry))
    shapely.prepare(land)
    x0, y0, x1, y1 = land.bounds
    xs: list[float] = []
    ys: list[float] = []
    while len(xs) < n:
        x, y = rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)
        inside = shapely.contains_xy(land, x, y)
        xs += x[inside].tolist()
        ys += y[inside].tolist()
    pop = np.round(np.exp(rng.uniform(np.log(500), np.log(300_000), n)))
    pd.DataFrame({
        "id": [f"t{i:05d}" for i in range(n)], "name_en": [f"Town {i}" for i in range(n)],
        "lat": ys[:n], "lon": xs[:n], "population": pop.astype(int),
        "researchers": np.where(rng.random(n) < 0.3,
                                np.round(pop * rng.uniform(0.001, 0.05, n)), np.nan),
        "universities": rng.integers(0, 5, n), "airport": rng.integers(0, 2, n),
        "railway": rng.integers(0, 2, n), "sez": rng.integers(0, 2, n),
    }).to_csv(path, index=False)


def run(code_root: Path, args: list[str], cwd: Path, timeout: float
        ) -> tuple[float, float, int, float]:
    """(wall seconds, peak resident set in MB, exit status, CPU seconds) of ``scicity
    ARGS`` run on the code in ``code_root``; a run longer than ``timeout`` seconds is
    killed (status -9, its times are then lower bounds)."""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scicity.cli.main", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            proc.kill()
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def extract(rev: str, into: Path) -> str:
    """Write the tree of git revision ``rev`` into ``into``; its short commit id."""
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    data = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return commit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--towns", type=int, default=10_000)
    ap.add_argument("--baseline", default="main", help="git revision, or 'none'")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds after which a run is stopped (exit -9: time is a lower bound)")
    ap.add_argument("--runs", default=",".join(TARGETS),
                    help=f"comma-separated subset of {', '.join(TARGETS)}")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command per tree")
    opts = ap.parse_args()
    runs = [r for r in opts.runs.split(",") if r in TARGETS]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        upload = work / "towns.csv"
        make_upload(upload, opts.towns)
        trees = {"this tree": ROOT}
        if opts.baseline != "none":
            base = work / "baseline"
            commit = extract(opts.baseline, base)
            trees[f"baseline {opts.baseline} ({commit})"] = base
        print(f"{opts.towns:,}-town upload ({upload.stat().st_size / 1e6:.1f} MB CSV), "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
              f"{_load()}", flush=True)
        results: dict[str, dict[str, list[tuple[float, float, int, float]]]] = {
            label: {what: [] for what in runs} for label in trees}
        for what in runs:
            for k in range(opts.repeat):
                for label, code in trees.items():
                    args = ["rank", "--layer", "towns", "--data", str(upload)]
                    if what != "rank":
                        args += ["--out", str(work / f"{label[:4]}-{what}")]
                    wall, mb, status, cpu = run(code, args, work, opts.timeout)
                    results[label][what].append((wall, mb, status, cpu))
                    print(f"  {label}: {what:<13} run {k + 1}  {wall:7.2f} s  (CPU "
                          f"{cpu:5.2f} s)  {mb:7.0f} MB  exit {status}", flush=True)
        print(f"summary (median time, largest peak of {opts.repeat} run(s); load average "
              f"{_load()})")
        for what in runs:
            t_max, mb_max = TARGETS[what]
            wall, mb, status, cpu = _summary(results["this tree"][what])
            line = f"{what:<13} {wall:7.2f} s (CPU {cpu:.2f} s)  {mb:7.0f} MB  exit {status}"
            if t_max is not None:
                line += f"  target ≤ {t_max:g} s" + (f", ≤ {mb_max:g} MB" if mb_max else "")
            for label, res in results.items():
                if label != "this tree":
                    b_wall, b_mb, b_status, b_cpu = _summary(res[what])
                    line += (f"  | {label}: {b_wall:.2f} s (CPU {b_cpu:.2f} s), {b_mb:.0f} MB"
                             f" (exit {b_status}), ratio {b_wall / wall:.2f}x"
                             f" (CPU {b_cpu / cpu:.2f}x)")
            print(line)


def _summary(runs: list[tuple[float, float, int, float]]
             ) -> tuple[float, float, int, float]:
    """Median wall time, largest peak, worst exit status and median CPU time of repeated
    runs."""
    return (float(np.median([r[0] for r in runs])), max(r[1] for r in runs),
            next((r[2] for r in runs if r[2] != 0), 0), float(np.median([r[3] for r in runs])))


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
