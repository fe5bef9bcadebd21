"""The one registry of scoring methods and normalisations: a frozen record per method and
per normalisation, ``Literal`` name types, and one lookup each whose error lists the valid
names (the shape of xarray's backend registry and of scikit-criteria's method classes).

Every caller (pipeline, batch scoring, robustness, CLI, scenarios, app) asks this module
which methods exist, how to score with them, their direction (``ascending``: lower =
better), whether their scores are linear in the weights, their options and defaults, and
which normalisation a method uses when none is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args

import numpy as np

from mcda import batch, methods, normalization, promethee

# the preference-function registry lives with PROMETHEE; re-exported here
from mcda.promethee import PREFERENCE_NAMES as PREFERENCE_NAMES
from mcda.promethee import PreferenceName as PreferenceName

MethodName = Literal["topsis", "wsm", "vikor", "promethee2"]
NormalizationName = Literal["vector", "minmax", "goalpost"]
#: ``worst`` (default): a gap is scored at the indicator's worst possible value (mcda.missing).
MissingPolicy = Literal["worst", "exclude", "redistribute"]

_Record = TypeVar("_Record")
_Name = TypeVar("_Name", bound=str)
METHOD_NAMES: tuple[MethodName, ...] = get_args(MethodName)
NORMALIZATION_NAMES: tuple[NormalizationName, ...] = get_args(NormalizationName)
MISSING_POLICIES: tuple[MissingPolicy, ...] = get_args(MissingPolicy)


class UnknownNameError(ValueError):
    """A method, normalisation or option name that is not registered."""


@dataclass(frozen=True)
class Preference:
    """A PROMETHEE preference function with its thresholds, given as FRACTIONS of the
    indicator's reference range: the goalposts' range with goalpost normalisation (so they
    do not depend on the candidates), else the candidates' range. ``q`` indifference,
    ``p`` strict preference (q <= p), ``s`` Gaussian inflection; a function ignores the
    thresholds it does not use (see :mod:`mcda.promethee`)."""

    function: PreferenceName = "linear"
    q: float = 0.1
    p: float = 0.5
    s: float = 0.25

    def __post_init__(self) -> None:
        if self.function not in PREFERENCE_NAMES:
            raise UnknownNameError(f"unknown preference function {self.function!r}; "
                                   f"expected one of {', '.join(PREFERENCE_NAMES)}")
        for name in ("q", "p", "s"):
            value = getattr(self, name)
            if not 0.0 <= value < float("inf"):
                raise ValueError(f"PROMETHEE {name} must be a non-negative fraction of the "
                                 f"range, got {value}")
        if self.function in ("level", "linear") and self.q > self.p:
            raise ValueError(f"PROMETHEE q ({self.q}) must not exceed p ({self.p})")


#: The project's default: linear preference (V-shape with indifference), indifferent below
#: 10 % of the range, strict preference beyond 50 %. Not a rescaled weighted sum: every
#: difference under q counts 0 and every difference over p counts 1.
DEFAULT_PREFERENCE = Preference()


def default_preference(function: str) -> Preference:
    """The thresholds a preference function gets when a scenario names only the function:
    V-shape keeps pymcdm's p = the whole range (which makes PROMETHEE II a rescaled min-max
    weighted sum, see :func:`equivalent_to_weighted_sum`); the others take the defaults of
    :class:`Preference` (q = 10 %, p = 50 %, s = 25 % of the range)."""
    if function == "vshape":
        return Preference("vshape", q=0.0, p=1.0)
    return Preference(_preference_name(function))


def _preference_name(name: str) -> PreferenceName:
    return _pick(PREFERENCE_NAMES, name, "preference function")


def _pick(known: tuple[_Name, ...], name: str, what: str) -> _Name:
    """``name`` as one of the ``known`` names; UnknownNameError names ``what`` and lists
    them."""
    for option in known:
        if name == option:
            return option
    raise UnknownNameError(f"unknown {what} {name!r}; expected one of {', '.join(known)}")


@dataclass(frozen=True)
class VikorOptions:
    """``v``: weight of group utility S against individual regret R in Q (0-1)."""

    v: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.v <= 1.0:
            raise ValueError(f"VIKOR v must be in [0, 1], got {self.v}")


@dataclass(frozen=True)
class PrometheeOptions:
    """``default``: the preference function of every indicator not in ``indicators``
    (indicator id -> its own function and thresholds)."""

    default: Preference = DEFAULT_PREFERENCE
    indicators: Mapping[str, Preference] = field(default_factory=dict)

    def for_indicators(self, ids: Sequence[str]) -> tuple[Preference, ...]:
        """The preference of each indicator in ``ids``."""
        return tuple(self.indicators.get(i, self.default) for i in ids)


@dataclass(frozen=True)
class MethodOptions:
    """Every method's options with their defaults; a method reads only its own."""

    vikor: VikorOptions = VikorOptions()
    promethee: PrometheeOptions = PrometheeOptions()


@dataclass(frozen=True)
class Context:
    """What a scoring function needs besides R and W: the options, whether ``R`` is on a
    fixed 0-1 goalpost scale (then TOPSIS, VIKOR and PROMETHEE take their reference points
    and thresholds from the goalposts), which columns alone are on a declared 0-1 scale
    (``scaled``: presence flags, value functions; the same for those columns), and the
    indicator ids of the columns (for
    per-indicator PROMETHEE preferences; None = the default for every column)."""

    options: MethodOptions = MethodOptions()
    fixed: bool = False
    indicators: tuple[str, ...] | None = None
    scaled: tuple[bool, ...] = ()

    def fixed_columns(self, m: int) -> bool | np.ndarray:
        """True when every column is on a fixed 0-1 scale (goalposts), else an (m,) mask of
        the columns on a declared 0-1 scale (``scaled``; none when empty): the columns whose
        reference points and thresholds come from the scale, not from the candidates."""
        if self.fixed:
            return True
        if not self.scaled:
            return np.zeros(m, dtype=bool)
        if len(self.scaled) != m:
            raise ValueError(f"{len(self.scaled)} scale flags for {m} columns")
        return np.asarray(self.scaled, dtype=bool)

    def preferences(self, m: int) -> tuple[Preference, ...]:
        """The PROMETHEE preference of each of the ``m`` columns."""
        prom = self.options.promethee
        if self.indicators is None:
            return (prom.default,) * m
        if len(self.indicators) != m:
            raise ValueError(f"{len(self.indicators)} indicator ids for {m} columns")
        return prom.for_indicators(self.indicators)


#: ``fn(R (n, m), W (m,) or (K, m), groups or None, context) -> scores (n,) or (K, n)``.
ScoreFn = Callable[[np.ndarray, np.ndarray, "np.ndarray | None", Context], np.ndarray]


@dataclass(frozen=True)
class Method:
    """A scoring method. ``scores`` takes one or K weight vectors; ``batch_scores`` (K
    vectors only) is a faster kernel where one exists. ``ascending``: lower score = better.
    ``linear``: scores are linear in the weights for a fixed matrix (exact stability
    intervals). ``options``: the field of :class:`MethodOptions` it reads, if any.
    ``normalization``: the normalisation used when none is chosen."""

    name: MethodName
    label: str
    scores: ScoreFn
    batch_scores: ScoreFn | None
    ascending: bool
    linear: bool
    options: Literal["vikor", "promethee"] | None
    normalization: NormalizationName


@dataclass(frozen=True)
class Normalization:
    """A normalisation. ``fixed``: the scale does not depend on the candidates (bounds
    given per indicator; normalised values are in [0, 1] with 1 = the best goalpost)."""

    name: NormalizationName
    label: str
    fixed: bool


def topsis_references(R: np.ndarray, ctx: Context
                      ) -> tuple[np.ndarray | float | None, np.ndarray | float | None]:
    """TOPSIS ideal and anti-ideal for ``ctx``: the goalposts (1, 0), per column where a
    column is on a declared scale, else None (the candidates' best and worst)."""
    fixed = ctx.fixed_columns(R.shape[1])
    if fixed is True:
        return 1.0, 0.0
    if not np.any(fixed):
        return None, None
    return methods.fixed_references(np.asarray(R, dtype=float), fixed)


def _topsis(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context
            ) -> np.ndarray:
    ideal, anti = topsis_references(R, ctx)
    return methods.topsis(R, W, groups, ideal=ideal, anti_ideal=anti)


def _topsis_batch(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context
                  ) -> np.ndarray:
    ideal, anti = topsis_references(R, ctx)
    return batch.topsis(R, W, groups, ideal=ideal, anti_ideal=anti)


def _wsm(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context) -> np.ndarray:
    return methods.wsm(R, W, groups)


def _vikor(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context
           ) -> np.ndarray:
    return methods.vikor(R, W, groups, ctx.options.vikor.v, fixed=ctx.fixed_columns(R.shape[1]))


def _vikor_batch(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context
                 ) -> np.ndarray:
    return batch.vikor(R, W, groups, ctx.options.vikor.v, fixed=ctx.fixed_columns(R.shape[1]))


def promethee_thresholds(R: np.ndarray, ctx: Context
                         ) -> tuple[tuple[PreferenceName, ...], np.ndarray, np.ndarray,
                                    np.ndarray]:
    """(functions, q, p, s) per column in units of ``R``: the fractions of
    :class:`Preference` times the reference range (1 on a fixed goalpost scale, else the
    column's range among the rows of ``R``; 1 for a column on a declared scale)."""
    prefs = ctx.preferences(R.shape[1])
    with np.errstate(invalid="ignore"):
        span = np.where(ctx.fixed_columns(R.shape[1]), 1.0,
                        np.nan_to_num(np.fmax.reduce(R, axis=0) - np.fmin.reduce(R, axis=0)))
    kinds = tuple(pr.function for pr in prefs)
    q = np.array([pr.q for pr in prefs]) * span
    p = np.array([pr.p for pr in prefs]) * span
    s = np.array([pr.s for pr in prefs]) * span
    return kinds, q, p, s


def _promethee(R: np.ndarray, W: np.ndarray, groups: np.ndarray | None, ctx: Context
               ) -> np.ndarray:
    x = normalization.as_matrix(R, "normalised matrix")
    kinds, q, p, s = promethee_thresholds(x, ctx)
    return methods.promethee_ii(x, W, groups, kinds, p=p, q=q, s=s)


METHODS: dict[MethodName, Method] = {
    "topsis": Method("topsis", "TOPSIS", _topsis, _topsis_batch, ascending=False,
                     linear=False, options=None, normalization="vector"),
    "wsm": Method("wsm", "weighted sum", _wsm, None, ascending=False, linear=True,
                  options=None, normalization="minmax"),
    "vikor": Method("vikor", "VIKOR", _vikor, _vikor_batch, ascending=True, linear=False,
                    options="vikor", normalization="minmax"),
    "promethee2": Method("promethee2", "PROMETHEE II", _promethee, None, ascending=False,
                         linear=True, options="promethee", normalization="minmax"),
}

NORMALIZATIONS: dict[NormalizationName, Normalization] = {
    "vector": Normalization("vector", "vector", fixed=False),
    "minmax": Normalization("minmax", "min-max", fixed=False),
    "goalpost": Normalization("goalpost", "fixed goalposts", fixed=True),
}


def _lookup(table: Mapping[Any, _Record], name: str, what: str) -> _Record:
    """``table[name]``; UnknownNameError names ``what`` and lists the valid names."""
    try:
        return table[name]  # any str may be looked up
    except KeyError:
        raise UnknownNameError(f"unknown {what} {name!r}; expected one of "
                               f"{', '.join(table)}") from None


def get_method(name: str) -> Method:
    """The record of method ``name``; UnknownNameError lists the valid names."""
    return _lookup(METHODS, name, "method")


def get_normalization(name: str) -> Normalization:
    """The record of normalisation ``name``; UnknownNameError lists the valid names."""
    return _lookup(NORMALIZATIONS, name, "normalisation")


def check_missing_policy(name: str) -> MissingPolicy:
    """``name`` as a missing-value policy; UnknownNameError lists the valid ones."""
    return _pick(MISSING_POLICIES, name, "missing-value policy")


def default_normalization(method: str) -> NormalizationName:
    """The normalisation a method uses when none is chosen: vector for TOPSIS (Hwang &
    Yoon's textbook form), min-max for the others."""
    return get_method(method).normalization


def scores(method: str, R: np.ndarray, W: np.ndarray, groups: np.ndarray | None = None,
           context: Context | None = None) -> np.ndarray:
    """Scores of ``method`` in its own direction: (n,) for one weight vector, (K, n) for K
    (through the method's batch kernel when it has one)."""
    rec = get_method(method)
    ctx = context or Context()
    w = np.asarray(W, dtype=float)
    if w.ndim == 2 and rec.batch_scores is not None:
        return rec.batch_scores(R, w, groups, ctx)
    return rec.scores(R, w, groups, ctx)


def utilities(method: str, R: np.ndarray, W: np.ndarray, groups: np.ndarray | None = None,
              context: Context | None = None) -> np.ndarray:
    """Scores oriented so that HIGHER = better (VIKOR's Q negated)."""
    s = scores(method, R, W, groups, context)
    return -s if get_method(method).ascending else s


def rank(method: str, s: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = best, ties share the better rank) of ``method``'s scores."""
    return methods.rank(s, get_method(method).ascending)


def scorer(
    method: str,
    R: np.ndarray,
    groups: np.ndarray | None = None,
    lift: np.ndarray | None = None,
    context: Context | None = None,
) -> Callable[[np.ndarray], np.ndarray]:
    """A scorer for :mod:`mcda.smaa` and :mod:`mcda.stability`: (k, q) weights -> (k, n)
    utilities (higher = better). ``lift`` (q, m) maps q criterion weights to the m indicator
    weights, W = w @ lift (row c = criterion c's local indicator shares, summing to 1), so
    sampling criterion weights keeps the local weights fixed; None = weights are per indicator.
    """
    get_method(method)
    x = np.asarray(R, dtype=float)
    up = None if lift is None else np.asarray(lift, dtype=float)
    if up is not None and (up.ndim != 2 or up.shape[1] != x.shape[1]):
        raise ValueError(f"lift must have shape (q, {x.shape[1]}), got {up.shape}")

    def score(w: np.ndarray) -> np.ndarray:
        wk = np.atleast_2d(np.asarray(w, dtype=float))
        return utilities(method, x, wk if up is None else wk @ up, groups, context)

    return score


def equivalent_to_weighted_sum(R: np.ndarray, context: Context) -> bool:
    """Whether PROMETHEE II with these preferences ranks exactly as a weighted sum of
    ``R`` rescaled per column (every preference function linear over the differences the
    matrix holds; see :func:`mcda.promethee.linear_in_differences`)."""
    x = normalization.as_matrix(R, "normalised matrix")
    kinds, q, p, _ = promethee_thresholds(x, context)
    return promethee.linear_in_differences(x, kinds, q, p)
