"""What goalposts guarantee per method, checked by dropping every candidate in turn.

With goalpost normalisation a unit's normalised values depend only on its own data, and
each method takes its references from the goalposts: TOPSIS's ideal and anti-ideal points
are the goalposts, VIKOR's best and worst values are the goalposts and its S and R are
rescaled between the ideal and anti-ideal points, PROMETHEE II's thresholds are fractions
of the goalpost range. Claims checked here:

- weighted sum, TOPSIS, VIKOR: each score is a function of the unit's own values, so
  dropping a candidate never changes another's score, let alone the order of the rest;
- PROMETHEE II: each pairwise preference pi(a, b) is fixed, so dropping c changes every
  flow exactly by removing c's pair term and rescaling: (n-2) phi'(a) = (n-1) phi(a) -
  (pi(a, c) - pi(c, a)). The order of the others CAN change (shown on a small example).
"""

from functools import cache

import numpy as np
import pandas as pd
import pytest

from criteria.bundled import load_bundled
from mcda import promethee, registry
from mcda.pipeline import ProblemSpec, run

IDS = ("a", "b", "c", "d", "e")


def _spec(method: str, **kw) -> ProblemSpec:
    base = dict(indicators=IDS, groups=("C1", "C1", "C2", "C2", "C3"), types=(1, -1, 1, 1, -1),
                local_weights=(1.0, 2.0, 1.0, 1.0, 1.0),
                criterion_weights={"C1": 0.5, "C2": 0.3, "C3": 0.2}, method=method,
                normalization="goalpost", min_coverage=0.0)
    return ProblemSpec(**(base | kw))


@cache
def _matrices() -> list[pd.DataFrame]:
    out = []
    for seed in range(4):
        rng = np.random.default_rng(seed)
        m = pd.DataFrame(rng.lognormal(1.0, 0.8, (12, 5)), columns=list(IDS),
                         index=[f"u{i}" for i in range(12)])
        if seed % 2:
            m.iloc[rng.integers(0, 12, 4), [0, 3]] = np.nan  # gaps, redistributed
        out.append(m)
    regions = load_bundled("regions").values
    cols = ["rd_staff", "rd_intensity", "grp_per_capita", "researchers_per_mln", "population"]
    out.append(regions[cols].set_axis(list(IDS), axis=1))
    return out


def _scores(matrix: pd.DataFrame, spec: ProblemSpec, cand: pd.Index) -> pd.Series:
    out = run(matrix, spec, cand)
    assert out.problem is not None
    assert out.problem.indicators == IDS  # the same indicators are used after the drop
    return out.table.loc[cand, "score"].astype(float)


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor"])
@pytest.mark.parametrize("bounds", [{}, {"a": (0.0, 20.0), "e": (0.5, 8.0)}])
def test_dropping_any_unit_leaves_every_other_score_unchanged(method, bounds):
    for matrix in _matrices():
        spec = _spec(method, bounds=bounds)
        full = _scores(matrix, spec, matrix.index)
        for dropped in matrix.index:
            rest = matrix.index.drop(dropped)
            after = _scores(matrix, spec, rest)
            np.testing.assert_allclose(after, full[rest], rtol=0, atol=1e-12)
            assert (registry.rank(method, after.to_numpy())
                    == registry.rank(method, full[rest].to_numpy())).all()


def _pair_terms(matrix: pd.DataFrame, spec: ProblemSpec) -> pd.DataFrame:
    """[a, c] = pi(a, c) - pi(c, a), by brute force on the goalpost scale."""
    prob = run(matrix, spec).problem
    assert prob is not None
    R, w = prob.normalised, prob.global_weights
    kinds, q, p, s = registry.promethee_thresholds(R, prob.context())
    d = R[:, None, :] - R[None, :, :]
    pref = [promethee.preference(d[..., j], kinds[j], q[j], p[j], s[j])
            - promethee.preference(-d[..., j], kinds[j], q[j], p[j], s[j])
            for j in range(len(w))]
    net = np.tensordot(w, np.stack(pref), axes=1)
    return pd.DataFrame(net, index=prob.units, columns=prob.units)


@pytest.mark.parametrize("function", ["linear", "vshape", "level", "gaussian", "usual"])
def test_promethee_pairwise_preferences_do_not_depend_on_the_other_units(function):
    opts = registry.MethodOptions(promethee=registry.PrometheeOptions(
        registry.default_preference(function)))
    for matrix in _matrices():
        complete = matrix.dropna()
        spec = _spec("promethee2", options=opts)
        full = _scores(complete, spec, complete.index)
        n = len(complete)
        terms = _pair_terms(complete, spec)
        for dropped in complete.index:
            rest = complete.index.drop(dropped)
            after = _scores(complete, spec, rest)
            term = terms.loc[rest, dropped]
            expected = ((n - 1) * full[rest] - term) / (n - 2)
            np.testing.assert_allclose(after, expected, rtol=0, atol=1e-12)


def test_promethee_order_can_still_change_when_a_unit_is_dropped():
    """The honest limit: flows are averages over the other units."""
    m = pd.DataFrame([[9.0, 1.0], [0.0, 9.0], [0.0, 5.0], [0.0, 3.0], [5.0, 4.0]],
                     columns=["a", "b"], index=[f"u{i}" for i in range(5)])
    spec = ProblemSpec(indicators=("a", "b"), groups=("C1", "C2"), types=(1, 1),
                       local_weights=(1.0, 1.0), criterion_weights={"C1": 0.5, "C2": 0.5},
                       method="promethee2", normalization="goalpost",
                       bounds={"a": (0.0, 10.0), "b": (0.0, 10.0)}, min_coverage=0.0)
    full = run(m, spec).table["score"].astype(float)
    rest = m.index.drop("u0")
    after = run(m, spec, rest).table.loc[rest, "score"].astype(float)
    before = np.sign(full[rest].to_numpy()[:, None] - full[rest].to_numpy()[None, :])
    now = np.sign(after.to_numpy()[:, None] - after.to_numpy()[None, :])
    assert (before * now < 0).any()  # some pair of the remaining units swapped
