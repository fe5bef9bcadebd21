"""Benchmark of PROMETHEE II flows: the sorted-column computation of :mod:`mcda.promethee`
against the dense (n, n, m) computation it replaced, in one process.

Run: ``python benchmarks/bench_methods.py``. Prints, for the project's default preference
(linear, q = 10 %, p = 50 % of the range) and for the Gaussian (computed in blocks of rows):
1. a size both can run (1,000 x 20): wall time and peak traced memory (tracemalloc, numpy
   allocations) of each, their ratio and the largest difference of the flows;
2. 10,000 x 50, new code only (the dense form would need 3 arrays of 10,000² x 50 float64,
   about 120 GB): wall time and peak traced memory.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from functools import partial

import numpy as np

from mcda import promethee
from mcda.methods import promethee_ii


def dense_flows(R: np.ndarray, w: np.ndarray, kind: promethee.PreferenceName,
                q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The previous computation: every difference at once, (n, n, m) temporaries."""
    n = R.shape[0]
    diff = R[:, None, :] - R[None, :, :]
    pref = np.stack([promethee.preference(diff[..., j], kind, q[j], p[j], s[j])
                     for j in range(R.shape[1])], axis=-1)
    per_indicator = (pref.sum(axis=1) - pref.sum(axis=0)) / (n - 1)
    return np.asarray(per_indicator @ w, dtype=float)


def measure(fn: Callable[[], np.ndarray]) -> tuple[np.ndarray, float, float]:
    """(result, seconds, peak MB above the start)."""
    tracemalloc.start()
    start, _ = tracemalloc.get_traced_memory()
    t0 = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, wall, (peak - start) / 2**20


def main() -> None:
    rng = np.random.default_rng(0)
    for kind in ("linear", "gaussian"):
        print(f"PROMETHEE II net flows, {kind} preference")
        for n, m, compare in ((1_000, 20, True), (10_000, 50, False)):
            R = rng.random((n, m))
            w = rng.dirichlet(np.ones(m))
            q, p, s = np.full(m, 0.1), np.full(m, 0.5), np.full(m, 0.25)
            new, t_new, mb_new = measure(partial(promethee_ii, R, w, None, kind, p=p, q=q,
                                                 s=s))
            line = f"  {n:>6,} x {m:<3} new   {t_new:8.2f} s  peak {mb_new:9.1f} MB"
            if compare:
                old, t_old, mb_old = measure(partial(dense_flows, R, w, kind, q, p, s))
                print(f"  {n:>6,} x {m:<3} dense {t_old:8.2f} s  peak {mb_old:9.1f} MB")
                line += (f"   time ratio {t_old / t_new:6.1f}x, memory ratio "
                         f"{mb_old / mb_new:6.0f}x, largest |difference| "
                         f"{np.abs(new - old).max():.1e}")
            print(line)


if __name__ == "__main__":
    main()
