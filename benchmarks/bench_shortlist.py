"""Benchmark of shortlists (mcda.shortlist), in one process so that ratios are fair.

Run: ``python benchmarks/bench_shortlist.py``. Prints
1. the bundled towns (balanced scenario), k = 3, 10,000 uniform weight samples: the whole
   ``scicity.engine.shortlist.shortlist`` call (best set, runners-up, best set per sample), without
   constraints and with Kurchatov fixed, one town per region and 300 km apart;
2. a synthetic layer of 2,000 units (20 regions, two required types, an eligibility filter,
   at most one per region, 100 km apart), k = 10, solved by the 0-1 programme
   (scipy.optimize.milp, HiGHS): time per solve over several score vectors;
3. enumeration against the programme on the same problems where enumeration is feasible
   (synthetic, up to about 10^5 candidate sets): time per solve of each, the ratio, and
   whether both found the same set.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from timing import median_seconds

from criteria.bundled import load_bundled
from mcda.shortlist import Candidates, Constraints, best_set, best_sets, compile_problem
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.engine.shortlist import shortlist


def synthetic(n: int, rng: np.random.Generator) -> Candidates:
    """``n`` units spread over Kazakhstan's bounding box, 20 regions (a 4 x 5 grid), type
    ``a`` for 10 % and ``b`` for 5 % of them, 20 % restricted by the 3 % rule."""
    lat, lon = rng.uniform(40.6, 55.4, n), rng.uniform(46.5, 87.3, n)
    region = (np.minimum((lat - 40.6) / 3.7, 3).astype(int) * 5
              + np.minimum((lon - 46.5) / 8.16, 4).astype(int))
    ids = tuple(f"u{i}" for i in range(n))
    draw = rng.random(n)
    types = {u: frozenset({"a"} if d < 0.10 else {"b"} if d < 0.15 else set())
             for u, d in zip(ids, draw, strict=True)}
    state = tuple(rng.choice(["eligible", "undetermined", "no_data", "restricted"], n,
                             p=[0.3, 0.2, 0.3, 0.2]))
    return Candidates(ids=ids, region=tuple(f"R{r}" for r in region), lat=tuple(lat),
                      lon=tuple(lon), types=types, state=state)


def main() -> None:
    rng = np.random.default_rng(0)

    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    print("1. bundled towns (balanced), k = 3, 10,000 weight samples")
    for name, cons in (("no constraints", Constraints(k=3)),
                       ("Kurchatov fixed, 1 per region, 300 km apart",
                        Constraints(k=3, fixed=("kurchatov",), max_per_region=1,
                                    min_distance_km=300))):
        res = shortlist(ev, cons, samples=10_000, seed=0)
        t = median_seconds(lambda c=cons: shortlist(ev, c, samples=10_000, seed=0), 5)
        print(f"  {name:<45} {1e3 * t:8.1f} ms   set {', '.join(res.selection.members)}"
              f"  P(best) {res.p_best:.3f}  ({res.sets_considered:,} sets, "
              f"{res.selection.solver})")

    print("2. synthetic 2,000 units, k = 10, milp (HiGHS)")
    cand = synthetic(2000, rng)
    cons = Constraints(k=10, max_per_region=1, min_distance_km=100, require=("a", "b"),
                       eligibility="eligible_or_undetermined")
    t0 = time.perf_counter()
    prob = compile_problem(cand, cons)
    t_compile = time.perf_counter() - t0
    print(f"  allowed units {prob.allowed.size:,}, pairs closer than 100 km "
          f"{len(prob.conflicts):,}, candidate sets {float(prob.set_count):.2e}")
    print(f"  checks + distances (pyproj.Geod)        {1e3 * t_compile:8.1f} ms")
    times = []
    for _ in range(7):
        s = rng.random(2000)
        t0 = time.perf_counter()
        best_set(s, cand, cons, "milp")
        times.append(time.perf_counter() - t0)
    print(f"  milp per solve, 7 score vectors         median {1e3 * statistics.median(times):8.1f}"
          f" ms  (min {1e3 * min(times):.1f}, max {1e3 * max(times):.1f})")

    print("3. enumeration vs milp where enumeration is feasible (same problems)")
    cases = ((27, 3, Constraints(k=3)),
             (27, 3, Constraints(k=3, max_per_region=1, min_distance_km=300)),
             (60, 4, Constraints(k=4, max_per_region=1, min_distance_km=200, require=("a",))),
             (120, 3, Constraints(k=3, max_per_region=1, min_distance_km=200,
                                  require=("a",))))
    for n, k, c in cases:
        cd = synthetic(n, rng)
        s = rng.random(n)
        sets = compile_problem(cd, c).set_count
        enum = best_set(s, cd, c, "enumeration")
        mip = best_set(s, cd, c, "milp")
        te = median_seconds(lambda cd=cd, c=c, s=s: best_set(s, cd, c, "enumeration"), 5)
        tm = median_seconds(lambda cd=cd, c=c, s=s: best_set(s, cd, c, "milp"), 5)
        same = set(enum.members) == set(mip.members)
        print(f"  n = {n:>3}, k = {k}, {sets:>7,} sets, {c.summary():<55}"
              f" enumeration {1e3 * te:7.2f} ms  milp {1e3 * tm:7.2f} ms"
              f"  milp/enumeration {tm / te:6.2f}  same set: {same}")
    cd, c = synthetic(27, rng), Constraints(k=3, max_per_region=1, min_distance_km=300)
    samples = rng.random((200, 27))
    te = median_seconds(lambda: best_sets(samples, cd, c, "enumeration"), 3) / 200
    tm = median_seconds(lambda: best_sets(samples, cd, c, "milp"), 1) / 200
    print(f"  per weight sample, 27 units k = 3 (200 samples): enumeration "
          f"{1e6 * te:8.1f} us  milp {1e6 * tm:8.1f} us  milp/enumeration {tm / te:8.0f}")


if __name__ == "__main__":
    main()
