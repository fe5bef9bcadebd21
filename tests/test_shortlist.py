"""Shortlists of k units under constraints: known optima, enumeration = milp, robust sets."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pyproj import Geod

from mcda.shortlist import (
    Candidates,
    Constraints,
    ShortlistError,
    best_set,
    best_sets,
    compile_problem,
    explain,
    feasible_sets,
    pairwise_km,
    top_sets,
)

SOLVERS = ("enumeration", "milp")


def units(n: int, **kw) -> Candidates:
    return Candidates(ids=tuple("abcdefghijklmnopqrstuvwxyz"[:n]), **kw)


@pytest.mark.parametrize("solver", SOLVERS)
def test_no_constraints_is_the_top_k(solver):
    c = units(5)
    assert best_set([1, 5, 3, 4, 2], c, Constraints(k=3), solver).members == ("b", "d", "c")


@pytest.mark.parametrize("solver", SOLVERS)
def test_region_cap_fix_and_exclude(solver):
    # a, b in r1 (the two best), c in r2, d in r3
    c = units(4, region=("r1", "r1", "r2", "r3"))
    s = [10, 9, 8, 1]
    assert best_set(s, c, Constraints(k=2), solver).members == ("a", "b")
    assert best_set(s, c, Constraints(k=2, max_per_region=1), solver).members == ("a", "c")
    assert best_set(s, c, Constraints(k=2, max_per_region=1, fixed=("d",)),
                    solver).members == ("a", "d")
    assert best_set(s, c, Constraints(k=2, max_per_region=1, excluded=("a",)),
                    solver).members == ("b", "c")
    assert best_set(s, c, Constraints(k=3, max_per_region=1), solver).total == 19


@pytest.mark.parametrize("solver", SOLVERS)
def test_distance_where_greedy_fails(solver):
    # a (best) lies between b and c, 50 km from each; b and c are 100 km apart; d far away.
    # Greedy takes a, then only d is 60+ km from a: 10 + 1. The optimum is b + c = 18.
    c = units(4, lat=(45.0, 45.0, 45.0, 50.0), lon=(60.0, 59.365, 60.635, 60.0))
    s = [10, 9, 9, 1]
    sel = best_set(s, c, Constraints(k=2, min_distance_km=60), solver)
    assert set(sel.members) == {"b", "c"} and sel.total == 18
    assert best_set(s, c, Constraints(k=2, min_distance_km=120), solver).members == ("a", "d")


@pytest.mark.parametrize("solver", SOLVERS)
def test_required_types_and_budget(solver):
    types = {"c": frozenset({"model_1"}), "d": frozenset({"model_1", "agrarian"})}
    c = units(5, types=types, cost=(5.0, 5.0, 1.0, 9.0, 1.0))
    s = [10, 9, 3, 2, 1]
    assert best_set(s, c, Constraints(k=2, require=("model_1",)), solver).members == ("a", "c")
    assert best_set(s, c, Constraints(k=2, require=("model_1", "agrarian")),
                    solver).members == ("a", "d")
    # budget 6: a + c (cost 6) beats a + e (6, lower score); a + b costs 10
    assert best_set(s, c, Constraints(k=2, budget=6), solver).members == ("a", "c")
    assert best_set(s, c, Constraints(k=3, budget=7), solver).members == ("a", "c", "e")


@pytest.mark.parametrize("solver", SOLVERS)
def test_eligibility_filter(solver):
    c = units(4, state=("restricted", "no_data", "eligible", "undetermined"))
    s = [4, 3, 2, 1]
    assert best_set(s, c, Constraints(k=1, eligibility="eligible"), solver).members == ("c",)
    assert best_set(s, c, Constraints(k=2, eligibility="eligible_or_undetermined"),
                    solver).members == ("b", "c")
    assert best_set(s, c, Constraints(k=2), solver).members == ("a", "b")


@pytest.mark.parametrize(("cons", "key"), [
    (Constraints(k=0), "bad_k"),
    (Constraints(k=2, fixed=("zz",)), "unknown_unit"),
    (Constraints(k=2, fixed=("a",), excluded=("a",)), "fixed_and_excluded"),
    (Constraints(k=1, fixed=("a", "b")), "too_many_fixed"),
    (Constraints(k=2, fixed=("a",), eligibility="eligible"), "fixed_not_admitted"),
    (Constraints(k=3, eligibility="eligible"), "too_few_candidates"),
    (Constraints(k=2, fixed=("a", "b"), max_per_region=1), "fixed_region_cap"),
    (Constraints(k=2, fixed=("a", "b"), min_distance_km=50), "fixed_too_close"),
    (Constraints(k=2, require=("industrial",)), "no_unit_of_type"),
    (Constraints(k=3, max_per_region=1), "infeasible"),
    (Constraints(k=2, max_per_region=0), "bad_max_per_region"),
    (Constraints(k=2, budget=1), "needs_costs"),
])
@pytest.mark.parametrize("solver", SOLVERS)
def test_impossible_constraints_name_the_cause(cons, key, solver):
    c = units(4, region=("r1", "r1", "r2", "r2"), lat=(45.0, 45.1, 50.0, 52.0),
              lon=(60.0, 60.0, 70.0, 70.0), state=("restricted", "eligible", "eligible",
                                                     "no_data"))
    with pytest.raises(ShortlistError) as err:
        best_set([4, 3, 2, 1], c, cons, solver)
    assert err.value.key == key
    assert str(err.value)  # the English text renders with its parameters


def test_fixed_not_admitted_names_the_state():
    c = units(3, state=("restricted", "eligible", "eligible"))
    with pytest.raises(ShortlistError, match=r"fixed unit\(s\) a .* a: restricted"):
        best_set([1, 2, 3], c, Constraints(k=2, fixed=("a",), eligibility="eligible"))


def random_case(rng: np.random.Generator):
    n = int(rng.integers(6, 15))
    ids = tuple(f"u{i}" for i in range(n))
    types = {u: frozenset({"t"}) for u in ids if rng.random() < 0.3}
    cand = Candidates(ids=ids, region=tuple(f"r{x}" for x in rng.integers(0, 4, n)),
                      lat=tuple(rng.uniform(42, 52, n)), lon=tuple(rng.uniform(55, 80, n)),
                      types=types, cost=tuple(rng.uniform(1, 10, n)))
    k = int(rng.integers(1, min(5, n) + 1))
    fixed = tuple(rng.choice(ids, int(rng.integers(0, 2)), replace=False))
    cons = Constraints(
        k=k, fixed=fixed,
        excluded=tuple(u for u in rng.choice(ids, 2, replace=False) if u not in fixed),
        max_per_region=None if rng.random() < 0.3 else int(rng.integers(1, 3)),
        min_distance_km=None if rng.random() < 0.3 else float(rng.uniform(50, 500)),
        require=("t",) if types and rng.random() < 0.5 else (),
        budget=None if rng.random() < 0.5 else float(rng.uniform(5, 30)))
    return cand, cons, rng.random(n)


def test_enumeration_and_milp_agree_on_random_cases():
    rng = np.random.default_rng(2026)
    solved = infeasible = 0
    for _ in range(300):
        cand, cons, s = random_case(rng)
        out = {}
        for solver in SOLVERS:
            try:
                out[solver] = best_set(s, cand, cons, solver)
            except ShortlistError as exc:
                out[solver] = exc.key
        if isinstance(out["enumeration"], str):
            assert out["milp"] == out["enumeration"]
            infeasible += 1
            continue
        e, m = out["enumeration"], out["milp"]
        assert set(e.members) == set(m.members), (cons, s)
        assert e.total == pytest.approx(m.total, abs=1e-12)
        solved += 1
    assert solved >= 150 and infeasible >= 10  # both kinds of case are exercised


def test_enumeration_is_exhaustive_brute_force():
    """feasible_sets equals a plain loop over every k-subset checking each constraint."""
    geod = Geod(ellps="WGS84")
    rng = np.random.default_rng(7)
    for _ in range(40):
        cand, cons, _ = random_case(rng)
        try:
            prob = compile_problem(cand, cons)
        except ShortlistError:
            continue
        got = {tuple(cand.ids[prob.allowed[i]] for i in row) for row in feasible_sets(prob)}
        want = set()
        pool = [u for u in cand.ids if u not in cons.excluded]
        for combo in itertools.combinations(pool, cons.k):
            idx = [cand.ids.index(u) for u in combo]
            if not set(cons.fixed) <= set(combo):
                continue
            if cons.max_per_region is not None and max(
                    [cand.region[i] for i in idx].count(r) for r in cand.region) \
                    > cons.max_per_region:
                continue
            if cons.min_distance_km and any(
                    geod.inv(cand.lon[i], cand.lat[i], cand.lon[j], cand.lat[j])[2] / 1000
                    < cons.min_distance_km for i, j in itertools.combinations(idx, 2)):
                continue
            if any(not any(t in cand.types.get(u, ()) for u in combo) for t in cons.require):
                continue
            if cons.budget is not None and sum(cand.cost[i] for i in idx) > cons.budget:
                continue
            want.add(combo)
        assert got == want


def test_pairwise_km_matches_all_pairs():
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(40, 56, 300), rng.uniform(46, 88, 300)
    i, j, km = pairwise_km(lat, lon, 150.0)
    geod = Geod(ellps="WGS84")
    a, b = np.triu_indices(300, k=1)
    full = np.asarray(geod.inv(lon[a], lat[a], lon[b], lat[b])[2]) / 1000
    want = {(int(x), int(y)) for x, y, d in zip(a, b, full, strict=True) if d < 150}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == want and want
    pair = {(int(x), int(y)): d for x, y, d in zip(a, b, full, strict=True)}
    assert km == pytest.approx([pair[(x, y)] for x, y in zip(i, j, strict=True)], rel=1e-12)
    # Almaty - Astana: about 970 km on the ellipsoid
    _, _, d = pairwise_km(np.array([43.25249, 51.1801]), np.array([76.91, 71.446]), 2000)
    assert 950 < d[0] < 990


def test_top_sets_agree_and_are_ordered():
    rng = np.random.default_rng(11)
    for _ in range(20):
        cand, cons, s = random_case(rng)
        try:
            e = top_sets(s, cand, cons, 4, "enumeration")
        except ShortlistError:
            continue
        m = top_sets(s, cand, cons, 4, "milp")
        assert [x.total for x in e] == pytest.approx([x.total for x in m], abs=1e-12)
        assert all(a.total >= b.total for a, b in itertools.pairwise(e))
        assert len({frozenset(x.members) for x in e}) == len(e)


def test_best_sets_over_samples():
    rng = np.random.default_rng(5)
    cand, cons, _ = random_case(rng)
    while True:
        try:
            compile_problem(cand, cons)
            best_set(np.zeros(len(cand.ids)), cand, cons)
            break
        except ShortlistError:
            cand, cons, _ = random_case(rng)
    samples = rng.random((400, len(cand.ids)))
    for solver in SOLVERS:
        res = best_sets(samples, cand, cons, solver)
        assert sum(p for _, p in res.sets) == pytest.approx(1.0)
        assert sum(res.inclusion.values()) == pytest.approx(cons.k)
        assert [p for _, p in res.sets] == sorted((p for _, p in res.sets), reverse=True)
        # each sample's best set, solved on its own, is counted
        for row in samples[:25]:
            one = best_set(row, cand, cons, solver)
            assert res.probability(one.members) > 0
        for members, _ in res.sets:  # the constraints hold in every sample's answer
            assert set(cons.fixed) <= set(members)
            assert not set(cons.excluded) & set(members)
    e, m = best_sets(samples, cand, cons, "enumeration"), best_sets(samples, cand, cons, "milp")
    assert {frozenset(s): p for s, p in e.sets} == {frozenset(s): p for s, p in m.sets}


def test_explain_members_and_left_out():
    c = units(4, region=("r1", "r1", "r2", "r3"), types={"d": frozenset({"t"})},
              lat=(45.0, 48.0, 45.0, 50.0), lon=(60.0, 60.0, 60.2, 70.0))
    s = [10, 9, 8, 1]
    cons = Constraints(k=2, max_per_region=1, min_distance_km=30, require=("t",))
    sel = best_set(s, c, cons)
    assert sel.members == ("a", "d")
    members, out = explain(sel, s, c, cons)
    assert [(r.unit, r.key) for r in members] == [("a", "member_score"), ("d", "member_type")]
    why = {(r.unit, r.key): r.params for r in out}
    assert why[("b", "out_region_cap")]["members"] == "a"
    assert why[("c", "out_too_close")]["member"] == "a"
    assert int(why[("c", "out_too_close")]["km"]) == 16


def test_top_k_equals_enumeration_when_nothing_couples_the_units():
    rng = np.random.default_rng(17)
    for _ in range(60):
        n = int(rng.integers(4, 12))
        ids = tuple(f"u{i}" for i in range(n))
        cand = Candidates(ids=ids, state=tuple(rng.choice(["eligible", "no_data",
                                                           "restricted"], n)))
        s = rng.integers(0, 4, n).astype(float)  # many ties
        k = int(rng.integers(1, 4))
        cons = Constraints(k=k, fixed=tuple(rng.choice(ids, int(rng.integers(0, 2)))),
                           eligibility=str(rng.choice(["any", "eligible_or_undetermined"])))
        try:
            prob = compile_problem(cand, cons)
        except ShortlistError:
            continue
        assert not prob.coupled
        assert best_set(s, cand, cons).solver == "top_k"
        assert best_set(s, cand, cons, "top_k").members == \
            best_set(s, cand, cons, "enumeration").members
        samples = rng.integers(0, 3, (50, n)).astype(float)
        a, b = best_sets(samples, cand, cons, "top_k"), best_sets(samples, cand, cons,
                                                                  "enumeration")
        assert a.sets == b.sets and a.inclusion == b.inclusion
    with pytest.raises(ValueError, match="top_k solves only"):
        best_set([1, 2, 3], units(3, region=("a", "a", "b")),
                 Constraints(k=2, max_per_region=1), "top_k")
