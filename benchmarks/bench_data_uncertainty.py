"""Benchmark of the data's uncertainty in robustness, in one process so that ratios are fair.

Run: ``python benchmarks/bench_data_uncertainty.py``. For each bundled layer (balanced
scenario, 10,000 uniform weight samples, no method comparison, no Sobol indices) prints
the median wall time of the weights-only analysis (no dataset given), of the analysis
with the data's uncertainty (joint SMAA, the data alone at the scenario's weights for the
tied groups, and the value-of-information list) and their ratio; then the parts alone.
"""

from __future__ import annotations

from functools import partial

from timing import median_seconds

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda import sampling
from scenarios.library import load_scenario
from scicity.engine import data_uncertainty as du
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import robustness

SAMPLES = 10_000
#: Five timed calls, no untimed warm-up call.
_median_s = partial(median_seconds, repeat=5, warm_up=False)


def layer(cat, name: str) -> None:
    """Print the figures of one layer."""
    ds = load_bundled(name)
    ev = evaluate(ds, load_scenario("balanced"))
    prob = ev.outcome.problem
    base = _median_s(lambda: robustness(ev, samples=SAMPLES, compare_methods=False))
    full = _median_s(lambda: robustness(ev, samples=SAMPLES, compare_methods=False,
                                        data=ds))
    dm, _ = du.figures_to_request(ev, ds, cat)
    voi = _median_s(lambda: du.figures_to_request(ev, ds, cat))
    sampler = sampling.uniform_sampler(len(prob.criteria))
    joint = _median_s(lambda: du.joint_smaa(dm, du.scorer_factory(prob), sampler,
                                            SAMPLES, 0))
    alone = _median_s(lambda: du.data_smaa(dm, du.scorer_factory(prob),
                                           prob.criterion_weights, du.DATA_DRAWS, 0))
    print(f"{name}: {len(prob.units)} units x {len(prob.indicators)} indicators, "
          f"{int((dm.figures['kind'] == 'interval').sum())} figures with an interval, "
          f"data {'uncertain' if dm.uncertain else 'exact'} in the scored cells")
    print(f"  weights only          {base * 1000:8.0f} ms")
    print(f"  with data uncertainty {full * 1000:8.0f} ms  (ratio {full / base:.1f}x)")
    print(f"  parts: VOI list {voi * 1000:.0f} ms; joint SMAA {joint * 1000:.0f} ms; "
          f"data alone ({du.DATA_DRAWS} draws) {alone * 1000:.0f} ms")


def main() -> None:
    cat = load_catalogue()
    for name in ("regions", "towns"):
        layer(cat, name)


if __name__ == "__main__":
    main()
