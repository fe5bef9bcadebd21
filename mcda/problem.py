"""The scored problem exactly as the pipeline ranked it, carried in its outcome so that
robustness, stability and sensitivity analyses read it instead of rebuilding it.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mcda import registry
from mcda.normalization import normalize, scaled_columns
from mcda.registry import Context, MethodName, MethodOptions, NormalizationName
from mcda.smaa import Scorer

#: Which weights a scorer takes: criterion weights (local indicator shares fixed) or
#: indicator weights.
Level = Literal["criteria", "indicators"]


@dataclass(frozen=True)
class Problem:
    """What a ranking scored, as arrays. ``units``: the ranked units (rows, in the matrix's
    order). ``raw`` (n x m): their values of the indicators used, in the indicators' own
    units; ``normalised``: the benefit-oriented matrix the method scored. ``types`` +1/-1,
    ``groups`` criterion code (0..q-1) per indicator, ``criterion_weights`` (q,) summing to
    1 and ``lift`` (q x m, each criterion's local indicator shares) with the global weights
    used = criterion_weights @ lift. ``bounds`` (m x 2): the goalposts (raw units) when the
    normalisation is ``goalpost``, else None. ``scales`` (m x 2, NaN rows = none): the
    declared scales (raw units) of the indicators placed on a fixed scale under every
    normalisation (presence flags, value functions; see :func:`mcda.normalization.normalize`)."""

    units: pd.Index
    criteria: tuple[str, ...]
    indicators: tuple[str, ...]
    raw: np.ndarray
    normalised: np.ndarray
    types: np.ndarray
    groups: np.ndarray
    criterion_weights: np.ndarray
    lift: np.ndarray
    bounds: np.ndarray | None
    method: MethodName
    normalization: NormalizationName
    options: MethodOptions
    scales: np.ndarray | None = None

    @property
    def global_weights(self) -> np.ndarray:
        """(m,) indicator weights used (sum 1)."""
        return np.asarray(self.criterion_weights @ self.lift, dtype=float)

    def context(self, normalization: str | None = None) -> Context:
        """The scoring context under ``normalization`` (default: the one used)."""
        norm = registry.get_normalization(normalization or self.normalization)
        scaled = scaled_columns(self.scales, len(self.indicators))
        return Context(self.options, norm.fixed, self.indicators,
                       tuple(bool(b) for b in scaled) if scaled.any() else ())

    def normalised_as(self, normalization: str | None = None) -> np.ndarray:
        """(n x m) benefit-oriented matrix under ``normalization`` (default: the one
        scored; goalposts only when the problem has bounds)."""
        norm = normalization or self.normalization
        if norm == self.normalization:
            return self.normalised
        return self.normalise(self.raw, norm)

    def normalise(self, raw: np.ndarray, normalization: str | None = None) -> np.ndarray:
        """``raw`` (n x m, this problem's indicators, raw units) normalised as this problem
        (or under ``normalization``): its goalposts and declared scales kept fixed."""
        norm = normalization or self.normalization
        if norm == "goalpost" and self.bounds is None:
            raise ValueError("this problem has no goalposts")
        return normalize(raw, self.types, norm, self.bounds if norm == "goalpost" else None,
                         None if norm == "goalpost" else self.scales)

    def scores(self) -> np.ndarray:
        """(n,) scores at the weights used, in the method's own direction."""
        return registry.scores(self.method, self.normalised, self.global_weights,
                               self.groups, self.context())

    def scorer(self, level: Level = "criteria", method: str | None = None,
               normalization: str | None = None) -> Scorer:
        """(k, q) criterion weights, or (k, m) indicator weights, -> (k, n) utilities
        (higher = better) under ``method`` and ``normalization`` (default: those used)."""
        return registry.scorer(method or self.method, self.normalised_as(normalization),
                               self.groups, self.lift if level == "criteria" else None,
                               self.context(normalization))

    def linear(self, method: str | None = None) -> bool:
        """Whether ``method``'s scores are linear in the weights."""
        return registry.get_method(method or self.method).linear
