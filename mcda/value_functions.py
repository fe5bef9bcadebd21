"""Declared piecewise-linear value functions, for indicators where "more is better" (or
"less is better") is wrong — e.g. an ideal band of distance to a large centre.

A value function maps a raw value (the indicator's own unit) to a value in [0, 1]
(1 = ideal) by linear interpolation between declared points, flat beyond the first and
last point. The transformed indicator is a benefit indicator whose worst possible value
is the lowest declared value. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ValueFunction:
    """``points``: (raw value, value in [0, 1]) pairs with strictly increasing raw values;
    ``rationale``: why this shape."""

    points: tuple[tuple[float, float], ...]
    rationale: str = ""

    def __post_init__(self) -> None:
        problems = check_points(self.points)
        if problems:
            raise ValueError("value function: " + "; ".join(problems))

    def __call__(self, x: np.ndarray | pd.Series | float) -> np.ndarray:
        """Values in [0, 1] of raw ``x``; NaN stays NaN."""
        xs, vs = zip(*self.points, strict=True)
        a = np.asarray(x, dtype=float)
        return np.where(np.isnan(a), np.nan, np.interp(a, xs, vs))

    @property
    def worst(self) -> float:
        """The lowest value the function gives (what a gap is scored at)."""
        return min(v for _, v in self.points)

    def describe(self) -> str:
        """The points as text, e.g. ``0→0, 20→1, 150→1, 400→0``."""
        return ", ".join(f"{x:g}→{v:g}" for x, v in self.points)


def check_points(points: object) -> list[str]:
    """Problems with ``points`` as a value function's points (empty when valid)."""
    if not isinstance(points, list | tuple) or len(points) < 2:
        return ["needs at least two points [raw value, value]"]
    problems = []
    xs: list[float] = []
    for k, p in enumerate(points):
        if (not isinstance(p, list | tuple) or len(p) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool)
                           and np.isfinite(v) for v in p)):
            problems.append(f"point {k + 1}: expected [raw value, value], two finite numbers")
            continue
        if not 0.0 <= p[1] <= 1.0:
            problems.append(f"point {k + 1}: value {p[1]} is outside [0, 1]")
        if xs and p[0] <= xs[-1]:
            problems.append(f"point {k + 1}: raw value {p[0]} must exceed the previous "
                            f"{xs[-1]}")
        xs.append(float(p[0]))
    return problems


def apply(matrix: pd.DataFrame, functions: dict[str, ValueFunction]) -> pd.DataFrame:
    """``matrix`` with every column that has a function replaced by its values."""
    out = matrix.copy()
    for fid, vf in functions.items():
        if fid in out:
            out[fid] = vf(out[fid].to_numpy(dtype=float))
    return out
