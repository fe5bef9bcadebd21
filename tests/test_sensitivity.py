"""mcda.sensitivity: Sobol indices of ranks on a problem with a known answer."""

import numpy as np

from mcda import registry
from mcda.sensitivity import rank_sobol


def test_a_weight_that_favours_nobody_gets_no_index():
    # unit 0 wins iff x_0 > x_1; indicator 2 is the same for both units
    R = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    first, total = rank_sobol(registry.scorer("wsm", R), 3, n=2048, seed=1)
    assert np.allclose(total[:, 2], 0.0, atol=1e-12)
    assert np.allclose(first[:, 2], 0.0, atol=1e-12)
    assert abs(first[0, 0] - first[0, 1]) < 0.1  # symmetric roles
    assert np.allclose(first[0], first[1]) and np.allclose(total[0], total[1])
    assert (total[0, :2] >= first[0, :2] - 0.05).all()


def test_a_rank_that_never_changes_has_no_indices():
    R = np.array([[1.0, 1.0], [0.0, 0.0]])
    first, total = rank_sobol(registry.scorer("topsis", R), 2, n=256)
    assert np.isnan(first).all() and np.isnan(total).all()
