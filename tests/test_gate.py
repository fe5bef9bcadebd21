"""The 3 % rule: three states, shortfall, threshold."""

import numpy as np
import pandas as pd
import pytest

from mcda.gate import evaluate_gate


def _gate(num, den, thr=0.03, lb=None):
    idx = [f"u{i}" for i in range(len(num))]
    return evaluate_gate(pd.Series(num, index=idx, dtype=float),
                         pd.Series(den, index=idx, dtype=float), thr,
                         None if lb is None else pd.Series(lb, index=idx))


def test_three_states():
    g = _gate([300, 100, np.nan, 50], [10000, 10000, 5000, np.nan])
    assert list(g["state"]) == ["eligible", "restricted", "no_data", "no_data"]
    assert g.loc["u0", "share"] == pytest.approx(0.03)
    assert g.loc["u1", "shortfall"] == pytest.approx(0.02)
    assert g.loc["u1", "researchers_needed"] == 200
    assert g.loc["u0", "shortfall"] == 0
    assert np.isnan(g.loc["u2", "share"])


def test_threshold_is_configurable():
    g = _gate([300], [10000], thr=0.05)
    assert g.loc["u0", "state"] == "restricted"
    assert g.loc["u0", "researchers_needed"] == 200


def test_zero_denominator_is_no_data():
    assert _gate([5], [0]).loc["u0", "state"] == "no_data"


def test_lower_bound_is_flagged():
    g = _gate([198, 10], [4700, 4700], lb=[True, False])
    assert g.loc["u0", "state"] == "eligible" and g.loc["u0", "lower_bound"]
    assert not g.loc["u1", "lower_bound"]


@pytest.mark.parametrize("thr", [0, 1, -0.1, 1.5])
def test_bad_threshold(thr):
    with pytest.raises(ValueError, match="between 0 and 1"):
        _gate([1], [10], thr=thr)
