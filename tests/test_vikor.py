"""VIKOR's S, R, Q and compromise set against Opricovic & Tzeng (2007), pymcdm and a case
derived by hand."""

import json

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import VIKOR

from mcda.messages import msg
from mcda.methods import vikor_sr
from mcda.normalization import normalize
from mcda.pipeline import ProblemSpec, run
from mcda.registry import MethodOptions, VikorOptions
from mcda.vikor import compromise
from scicity.cli.main import main

# Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with outranking
# methods. EJOR 178(2):514-529, the hydro-power example: six alternatives, eight criteria
# (profit, cost, energy, peak energy, homes relocated, reservoir area, villages displaced,
# environmental grade), as transcribed in scikit-criteria's test suite.
OT2007 = np.array([
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
])
TYPES = np.array([1, -1, 1, 1, -1, -1, -1, 1])
# weight set -> published S, R, Q (3 decimals), C1, C2, compromise set (0-based A1 = 0)
PUBLISHED = {
    1: ([1, 1, 1, 1, 1, 1, 1, 1], [0.692, 0.7, 0.29, 0.423, 0.28, 0.346],
        [0.125, 0.125, 0.121, 0.125, 0.067, 0.125], [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
        True, True, (4,)),
    2: ([2, 2, 2, 2, 1, 1, 1, 1], [0.701, 0.6, 0.386, 0.365, 0.317, 0.459],
        [0.167, 0.114, 0.161, 0.167, 0.089, 0.167], [1.0, 0.533, 0.552, 0.563, 0.0, 0.686],
        True, True, (4,)),
    3: ([1, 1, 1, 1, 2, 2, 2, 2], [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
        [0.113, 0.167, 0.08, 0.122, 0.044, 0.083], [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
        False, True, (2, 4, 5)),
    4: ([1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2], [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
        [0.129, 0.190, 0.057, 0.139, 0.042, 0.060], [0.668, 1.0, 0.051, 0.588, 0.058, 0.078],
        False, True, (2, 4, 5)),
}


@pytest.mark.parametrize("weight_set", sorted(PUBLISHED))
def test_opricovic_tzeng_2007_weight_sets(weight_set):
    raw_w, s_pub, r_pub, q_pub, c1, c2, solutions = PUBLISHED[weight_set]
    w = np.array(raw_w, dtype=float) / sum(raw_w)
    s, r, q = vikor_sr(normalize(OT2007, TYPES, "minmax"), w)
    np.testing.assert_allclose(s, s_pub, atol=1.5e-3)
    np.testing.assert_allclose(r, r_pub, atol=1.5e-3)
    np.testing.assert_allclose(q, q_pub, atol=1.5e-3)
    c = compromise(s, r, q)
    assert (c.advantage, c.stability) == (c1, c2)
    assert sorted(c.solutions) == list(solutions)  # weight sets 3, 4: {A3, A5, A6}


@pytest.mark.parametrize("v", [0.0, 0.25, 0.5, 0.9])
def test_q_equals_pymcdm_for_any_v(v):
    w = np.full(8, 1 / 8)
    q = vikor_sr(normalize(OT2007, TYPES, "minmax"), w, v=v)[2]
    np.testing.assert_allclose(q, VIKOR(v=v)(OT2007, w, TYPES), rtol=0, atol=1e-12)


def test_hand_derived_case():
    """Benefit data already on [0, 1] (each column's range is 0-1), weights 0.5, 0.5:
    A = (1, 0), B = (0, 1), C = (0.6, 0.6), D = (0.5, 0.2), E = (0.55, 0.62).
    Weighted regrets 0.5 (1 - r_j): S = (0.5, 0.5, 0.4, 0.65, 0.415),
    R = (0.5, 0.5, 0.2, 0.4, 0.225); S* = 0.4, S- = 0.65, R* = 0.2, R- = 0.5, so with
    v = 0.5, Q = 0.5 (S - 0.4) / 0.25 + 0.5 (R - 0.2) / 0.3 = (0.7, 0.7, 0, 0.8333, 0.07167).
    C is first and best by S (C2 holds); E is second with Q - Q_C = 0.0717 < DQ = 1/4:
    C1 fails, compromise set {C, E}. Without E (DQ = 1/3) the runner-up is 0.7 away: C alone.
    """
    R = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6], [0.5, 0.2], [0.55, 0.62]])
    w = np.array([0.5, 0.5])
    s, r, q = vikor_sr(R, w)
    np.testing.assert_allclose(s, [0.5, 0.5, 0.4, 0.65, 0.415], atol=1e-15)
    np.testing.assert_allclose(r, [0.5, 0.5, 0.2, 0.4, 0.225], atol=1e-15)
    np.testing.assert_allclose(q, [0.7, 0.7, 0.0, 0.5 + 1 / 3, 0.03 + 0.025 / 0.6], atol=1e-12)
    c = compromise(s, r, q)
    assert c.dq == 0.25 and not c.advantage and c.stability and c.solutions == (2, 4)
    c = compromise(*vikor_sr(R[:4], w))
    assert c.advantage and c.stability and c.solutions == (2,)
    # C2 alone fails: best by Q but best by neither S nor R -> the first two
    c = compromise(np.array([0.3, 0.2, 0.9]), np.array([0.3, 0.25, 0.4]),
                   np.array([0.0, 0.6, 1.0]))
    assert c.advantage and not c.stability and c.solutions == (0, 1)


def test_pipeline_reports_s_r_and_the_compromise_set():
    m = pd.DataFrame(OT2007, columns=[f"f{i}" for i in range(8)],
                     index=[f"A{i + 1}" for i in range(6)])
    spec = ProblemSpec(indicators=tuple(m.columns), groups=tuple(m.columns),
                       types=tuple(int(t) for t in TYPES), local_weights=(1.0,) * 8,
                       criterion_weights=dict(zip(m.columns, [1, 1, 1, 1, 2, 2, 2, 2],
                                                  strict=True)),
                       method="vikor", normalization="minmax", min_coverage=0.0,
                       options=MethodOptions(vikor=VikorOptions(0.5)))
    out = run(m, spec)
    np.testing.assert_allclose(out.table["vikor_s"], PUBLISHED[3][1], atol=1.5e-3)
    np.testing.assert_allclose(out.table["vikor_r"], PUBLISHED[3][2], atol=1.5e-3)
    assert msg("vikor_set_advantage", units=("A5", "A3", "A6"), v=0.5,
               dq=pytest.approx(0.2)) in out.notes


def test_cli_score_prints_s_r_and_the_set(tmp_path, capsys):
    path = tmp_path / "ot.csv"
    pd.DataFrame(OT2007, index=[f"A{i + 1}" for i in range(6)]).to_csv(path)
    args = ["score", str(path), "--weights", "1,1,1,1,3.2,3.2,3.2,3.2", "--types",
            "1,-1,1,1,-1,-1,-1,1", "--method", "vikor", "--format", "json"]
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["alternative"] for r in rows if r["compromise"]] == ["A3", "A5", "A6"]
    assert not rows[0]["acceptable_advantage"] and rows[0]["acceptable_stability"]
    assert main([*args, "--vikor-v", "1.5"]) == 2
    assert "--vikor-v" in capsys.readouterr().err
