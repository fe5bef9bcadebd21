"""Benchmark of the robustness hot paths, in one process so that ratios are fair.

Run: ``python benchmarks/bench_robustness.py``. Prints
1. batch TOPSIS, 10,000 weight vectors x 50 alternatives x 12 indicators: median ms;
   a loop of pymcdm ``TOPSIS(vector_normalization)`` calls (validation=False) on the same
   raw matrix, types and weights, and the ratio (also against pymcdm scoring a matrix
   normalised beforehand, i.e. without pymcdm's per-call normalisation);
2. SMAA-2 with 1,000,000 samples on 30 x 12: wall time and peak traced memory above the
   start (tracemalloc: numpy allocations, not the interpreter's resident set), and the peak
   resident set (resource.getrusage ru_maxrss) for reference;
3. the app path: full robustness of the 20 regions (balanced) with 10,000 samples.
"""

from __future__ import annotations

import resource
import time
import tracemalloc

import numpy as np
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization
from timing import median_seconds

from criteria.bundled import load_bundled
from mcda import batch, registry, sampling
from mcda.normalization import normalize
from mcda.smaa import smaa
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import robustness


def main() -> None:
    rng = np.random.default_rng(0)
    raw = rng.lognormal(1.0, 1.0, (50, 12))
    types = rng.choice([1, -1], size=12)
    W = rng.dirichlet(np.ones(12), size=10_000)
    R = normalize(raw, types, "vector")

    fast = 1e3 * median_seconds(lambda: batch.topsis(R, W), 100)
    body = TOPSIS(vector_normalization)
    loop = 1e3 * median_seconds(lambda: [body(raw, w, types, validation=False) for w in W], 3)
    bare = TOPSIS(lambda x, cost: x)
    loop_pre = 1e3 * median_seconds(lambda: [bare(R, w, types, validation=False) for w in W], 3)
    diff = max(np.abs(batch.topsis(R, W[:500])[k] - body(raw, W[k], types)).max()
               for k in range(500))
    print("batch TOPSIS 10,000 x 50 x 12")
    print(f"  batch (mcda.batch.topsis)         median {fast:8.2f} ms")
    print(f"  pymcdm loop, raw matrix           median {loop:8.1f} ms   ratio {loop / fast:6.0f}x")
    print(f"  pymcdm loop, pre-normalised       median {loop_pre:8.1f} ms   "
          f"ratio {loop_pre / fast:6.0f}x")
    print(f"  largest |difference| (500 rows)   {diff:.1e}")

    R30 = normalize(rng.lognormal(1.0, 1.0, (30, 12)), np.ones(12, dtype=int), "vector")
    scorer = registry.scorer("topsis", R30)
    tracemalloc.start()
    start, _ = tracemalloc.get_traced_memory()
    t0 = time.perf_counter()
    smaa(scorer, sampling.uniform_sampler(12), 1_000_000, np.random.default_rng(1))
    wall = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("SMAA-2, 1,000,000 samples, 30 x 12 (TOPSIS)")
    print(f"  wall time                         {wall:8.2f} s   (under tracemalloc)")
    print(f"  peak traced memory above start    {(peak - start) / 2**20:8.1f} MB")
    print(f"  peak resident set of the process  {rss:8.1f} MB")
    t0 = time.perf_counter()
    smaa(scorer, sampling.uniform_sampler(12), 1_000_000, np.random.default_rng(1))
    print(f"  wall time without tracemalloc     {time.perf_counter() - t0:8.2f} s")

    ds = load_bundled("regions")
    ev = evaluate(ds, load_scenario("balanced"))
    full = 1e3 * median_seconds(lambda: robustness(ev, samples=10_000, seed=1), 15)
    lean = 1e3 * median_seconds(
        lambda: robustness(ev, samples=10_000, seed=1, method_samples=0), 15)
    evaluation = 1e3 * median_seconds(lambda: evaluate(ds, load_scenario("balanced")), 15)
    print("App path: 20 regions, balanced, 10,000 samples")
    print(f"  evaluate (the ranking itself)     median {evaluation:8.1f} ms")
    print(f"  robustness, SMAA + stability      median {lean:8.1f} ms")
    print(f"  ... + SMAA for 6 method variants  median {full:8.1f} ms")


if __name__ == "__main__":
    main()
