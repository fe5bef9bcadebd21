"""The data's own uncertainty in a ranking: which stated figures are uncertain or missing,
how each scored cell depends on them, joint draws of the figures, and the value of
information of each figure. Pure computation (no I/O).

A *figure* is one value a user could request or measure: a stated value with a declared
interval (``kind = "interval"``), or a missing value (``kind = "missing"``). Cells of the
ranked matrix depend on figures without double counting:

- a derived indicator computed by the data layer (``numerator ÷ denominator × factor``,
  source ``DERIVED``) is recomputed from its drawn inputs, never drawn on its own: a town's
  researcher share moves with its researcher count and its employed population;
- a town's regional context value is its region's figure, shared by every town of that
  region (one draw per region);
- any other value with a declared interval is a figure of its own.

Every figure is drawn uniformly on its interval, independently of the other figures
and of the weights. A missing figure stays missing in the draws (the ranking's missing
policy applies); only the value of information gives it a range: for a plain indicator
the range of the layer's known values; for the numerator or denominator of a ratio, the
range of the ratio's known values on the layer converted through the unit's other input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.derive import DERIVED_SOURCE
from criteria.model import Catalogue, Gate
from mcda import registry
from mcda.gate import evaluate_gate
from mcda.messages import Message
from mcda.problem import Level, Problem
from mcda.sampling import Sampler
from mcda.uncertain import DataSMAA, ScorerFactory, smaa_with_draws
from mcda.value_functions import ValueFunction
from scicity.engine.eligibility import gate_inputs
from scicity.engine.evaluate import Evaluation, value_functions

#: Weight vectors scored on one drawn matrix in the joint SMAA.
DATA_BLOCK = 50
#: Matrices drawn for the data alone at the scenario's weights.
DATA_DRAWS = 1000
#: States of the 3 % rule (as :func:`mcda.gate.evaluate_gate`).
GATE_STATES = ("eligible", "restricted", "no_data")
#: Start of the ``reason`` of a missing figure whose range the data proves (the 3 % rule's
#: researcher ceiling), not an assumed one.
PROVEN_RANGE = "missing; range the data proves: "
#: Columns of :attr:`DataModel.figures`.
FIGURE_COLUMNS = ("unit", "field", "kind", "value", "low", "high", "reason", "source_id",
                  "year", "qualifier")


@dataclass(frozen=True)
class Cell:
    """One uncertain cell (i, j) of the ranked matrix: ``num`` (figure index or -1 for the
    constant ``num_value``), or the ratio num ÷ den × factor when ``den`` is given."""

    i: int
    j: int
    num: int
    num_value: float
    den: int | None = None
    den_value: float = np.nan
    factor: float = 1.0


@dataclass(frozen=True)
class DataModel:
    """``units``, ``indicators``: the ranked problem's; ``base``: its raw matrix (n x m)
    at the stated values; ``figures``: one row per figure (``FIGURE_COLUMNS``; for a
    missing figure ``value`` is NaN and ``low``/``high`` the range assumed for the value
    of information); ``cells``: how uncertain cells follow from the figures."""

    units: pd.Index
    indicators: tuple[str, ...]
    base: np.ndarray
    figures: pd.DataFrame
    cells: tuple[Cell, ...]
    #: value functions by column index: a drawn raw value is scored through it, as the
    #: engine scores the stated one
    functions: dict[int, ValueFunction] = dataclasses.field(default_factory=dict)

    @property
    def stated(self) -> np.ndarray:
        """(V,) the figures' stated values (NaN = missing)."""
        return self.figures["value"].to_numpy(dtype=float)

    @property
    def uncertain(self) -> bool:
        """Whether any scored cell depends on a figure with a non-degenerate interval."""
        used = {c.num for c in self.cells} | {c.den for c in self.cells if c.den is not None}
        f = self.figures
        width = (f["high"] - f["low"]).to_numpy(dtype=float)
        return any(0 <= v < len(f) and f["kind"].iat[v] == "interval" and width[v] > 0
                   for v in used)

    def matrix(self, x: np.ndarray) -> np.ndarray:
        """(n x m) raw matrix with the figures at ``x`` (V,)."""
        raw = self.base.copy()
        for c in self.cells:
            num = x[c.num] if c.num >= 0 else c.num_value
            if c.den is None:
                value = num
            else:
                den = x[c.den] if c.den >= 0 else c.den_value
                value = num / den * c.factor if den > 0 else np.nan
            # A missing figure keeps the scored matrix's value: the gap as the missing-value
            # policy filled it (its worst value under the default policy), or NaN.
            if not np.isnan(value):
                vf = self.functions.get(c.j)
                raw[c.i, c.j] = value if vf is None else float(vf(value))
        return raw

    @cached_property
    def _spans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        f = self.figures
        return (f["low"].to_numpy(dtype=float), f["high"].to_numpy(dtype=float),
                f["kind"].to_numpy() == "interval")

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """One raw matrix: every interval figure uniform on its interval (one draw per
        figure), missing figures missing."""
        lo, hi, drawn = self._spans
        return self.matrix(np.where(drawn, lo + rng.random(len(lo)) * (hi - lo), np.nan))


def data_model(ds: Dataset, prob: Problem, catalogue: Catalogue,
               gate_units: tuple[str, ...] = (),
               functions: dict[str, ValueFunction] | None = None) -> DataModel:
    """The figures behind ``prob``'s matrix on ``ds`` (the layer it ranked), plus the
    3 % rule's inputs of ``gate_units`` when they are uncertain or missing (a missing
    researcher count ranges from 0 to the rule's ceiling where one is known, otherwise
    over the layer's known shares times the unit's other input)."""
    b = _Builder(ds, catalogue, _gate_bounds(ds, catalogue))
    cells: list[Cell] = []
    for i, unit in enumerate(prob.units):
        for j, fid in enumerate(prob.indicators):
            cell = b.cell(str(unit), fid, i, j)
            if cell is not None:
                cells.append(cell)
    g = catalogue.gates.get(ds.layer)
    if g is not None and g.numerator in ds.values and g.denominator in ds.values:
        vals = ds.values
        share = _known_range(vals[g.numerator] / vals[g.denominator].where(
            vals[g.denominator] > 0))
        basis = (f"the known {g.numerator} ÷ {g.denominator} shares on the layer, converted "
                 "through the unit's ")
        for unit in gate_units:
            nv, dv = float(vals[g.numerator].loc[unit]), float(vals[g.denominator].loc[unit])
            b.figure(unit, g.numerator,
                     None if np.isnan(dv) else (share[0] * dv, share[1] * dv),
                     basis + g.denominator)
            b.figure(unit, g.denominator, None if np.isnan(nv) or not share[0] > 0
                     else (nv / share[1], nv / share[0]), basis + g.numerator)
    figures = pd.DataFrame(b.rows, columns=list(FIGURE_COLUMNS))
    if functions is None:   # the catalogue's, as a scenario without overrides scores them
        functions = {fid: vf for fid in prob.indicators
                     if (vf := catalogue.field(fid).value_function) is not None}
    by_column = {j: functions[fid] for j, fid in enumerate(prob.indicators)
                 if fid in functions}
    return DataModel(prob.units, prob.indicators, np.array(prob.raw, dtype=float),
                     figures, tuple(cells), by_column)


def _gate_inputs(ds: Dataset, catalogue: Catalogue) -> pd.DataFrame | None:
    """``scicity.engine.eligibility.gate_inputs`` of ``ds``, or None without a 3 % rule."""
    g = catalogue.gates.get(ds.layer)
    if g is None or g.numerator not in ds.values or g.denominator not in ds.values:
        return None
    return gate_inputs(ds, catalogue)


def _gate_bounds(ds: Dataset, catalogue: Catalogue
                 ) -> dict[tuple[str, str], tuple[float, float, str]]:
    """Per (unit, researcher field) with no count but a known ceiling: (0, ceiling, why)
    — the range the data proves, used instead of an assumed one."""
    inp = _gate_inputs(ds, catalogue)
    if inp is None:
        return {}
    g = catalogue.gates[ds.layer]
    num = ds.values[g.numerator]
    out = {}
    for unit, lo, hi, why in zip(inp.index, inp["researchers_low"], inp["researchers_high"],
                                 inp["researchers_high_source"], strict=True):
        if np.isnan(num.loc[unit]) and np.isfinite(hi):
            low = 0.0 if np.isnan(lo) else float(lo)
            out[(str(unit), g.numerator)] = (low, float(hi), "none counted (0) up to the "
                                             f"3 % rule's ceiling: {why}")
    return out


class _Builder:
    """Collects figures (deduplicated by (unit, field)) while mapping cells to them."""

    def __init__(self, ds: Dataset, catalogue: Catalogue,
                 bounds: dict[tuple[str, str], tuple[float, float, str]]) -> None:
        self.ds, self.cat, self.bounds = ds, catalogue, bounds
        self.low, self.high = ds.value_bounds()
        self.index: dict[tuple[str, str], int] = {}
        self.rows: list[dict] = []
        units = ds.units
        region = units.get("region_id_computed")
        declared = units.get("region_id")
        if region is None:
            region = declared
        elif declared is not None:
            region = region.where(region.notna(), declared)
        self.region = region

    def _source(self, unit: str, fid: str) -> str:
        c = self.ds.cite(unit, fid)
        return "" if c is None else c["source_id"]

    def _derived(self, unit: str, fid: str) -> bool:
        src = self._source(unit, fid)
        return src == DERIVED_SOURCE or (src == "" and np.isnan(self.ds.values[fid].loc[unit]))

    def figure(self, unit: str, fid: str, missing_range: tuple[float, float] | None = None,
               basis: str = "") -> int:
        """Index of the figure (unit, fid); -1 when it is exact. A missing figure ranges
        over the bounds the data proves for it, else ``missing_range`` (from ``basis``),
        else the layer's known values of ``fid``."""
        key = (unit, fid)
        if key in self.index:
            return self.index[key]
        value = float(self.ds.values[fid].loc[unit])
        lo, hi = float(self.low[fid].loc[unit]), float(self.high[fid].loc[unit])
        c = self.ds.cite(unit, fid) or {"year": "", "source_id": "", "qualifier": "",
                                        "note": ""}
        iv = self.ds.interval(unit, fid)
        if np.isnan(value) and key in self.bounds:
            lo, hi, why = self.bounds[key]
            row = {"kind": "missing", "low": lo, "high": hi,
                   "reason": PROVEN_RANGE + why}
        elif np.isnan(value):
            rng = missing_range or _known_range(self.ds.values[fid])
            why = (basis if missing_range else
                   f"the range of the known {fid} values on the layer")
            row = {"kind": "missing", "low": rng[0], "high": rng[1],
                   "reason": f"missing; range assumed for the value of information: {why}"}
        elif hi > lo:
            row = {"kind": "interval", "low": lo, "high": hi,
                   "reason": "" if iv is None else iv["interval_note"]}
        else:
            return -1
        self.rows.append({"unit": unit, "field": fid, "value": value,
                          "source_id": c["source_id"], "year": c["year"],
                          "qualifier": c["qualifier"], **row})
        self.index[key] = len(self.rows) - 1
        return self.index[key]

    def cell(self, unit: str, fid: str, i: int, j: int) -> Cell | None:
        f = self.cat.field(fid) if self.cat.has_field(fid) else None
        vals = self.ds.values
        if (f is not None and f.derived is not None and f.derived.numerator in vals
                and f.derived.denominator in vals and self._derived(unit, fid)):
            r = f.derived
            nv, dv = float(vals[r.numerator].loc[unit]), float(vals[r.denominator].loc[unit])
            ratio = _known_range(vals[fid]) if fid in vals else (np.nan, np.nan)
            n_rng = (ratio[0] * dv / r.factor, ratio[1] * dv / r.factor)
            d_rng = ((nv * r.factor / ratio[1], nv * r.factor / ratio[0])
                     if ratio[0] > 0 else (np.nan, np.nan))
            basis = f"the known {fid} values on the layer, converted through the unit's "
            n = self.figure(unit, r.numerator, None if np.isnan(dv) else n_rng,
                            basis + r.denominator)
            d = self.figure(unit, r.denominator, None if np.isnan(nv) else d_rng,
                            basis + r.numerator)
            if n < 0 and d < 0:
                return None
            return Cell(i, j, n, nv, d, dv, float(r.factor))
        if f is not None and f.from_region is not None and self._derived(unit, fid):
            rid = self.region.get(unit) if self.region is not None else None
            lo, hi = float(self.low[fid].loc[unit]), float(self.high[fid].loc[unit])
            if not isinstance(rid, str) or not hi > lo:
                return None
            key = (rid, f.from_region)
            if key not in self.index:
                iv = self.ds.interval(unit, fid)
                c = self.ds.cite(unit, fid) or {"year": "", "qualifier": ""}
                self.rows.append({"unit": rid, "field": f.from_region, "kind": "interval",
                                  "value": float(vals[fid].loc[unit]), "low": lo, "high": hi,
                                  "reason": "" if iv is None else iv["interval_note"],
                                  "source_id": DERIVED_SOURCE, "year": c["year"],
                                  "qualifier": c["qualifier"]})
                self.index[key] = len(self.rows) - 1
            return Cell(i, j, self.index[key], np.nan)
        v = self.figure(unit, fid)
        return None if v < 0 else Cell(i, j, v, np.nan)


def _known_range(col: pd.Series) -> tuple[float, float]:
    known = col.dropna()
    return (float(known.min()), float(known.max())) if len(known) else (np.nan, np.nan)


def scorer_factory(prob: Problem, level: Level = "criteria") -> ScorerFactory:
    """raw (n x m) -> scorer of ``prob``'s method for (k, q) criterion weights or (k, m)
    indicator weights, the matrix normalised as the ranking was (goalposts fixed)."""
    lift = prob.lift if level == "criteria" else None

    def scorer_for(raw: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        r = prob.normalise(raw)
        return registry.scorer(prob.method, r, prob.groups, lift, prob.context())
    return scorer_for


def weight_blocks(sampler: Sampler, samples: int, rng: np.random.Generator,
                  block: int = DATA_BLOCK) -> Iterator[np.ndarray]:
    """``samples`` weight vectors in blocks as :func:`mcda.smaa.smaa` draws them with
    ``chunk=block`` (one vector, then blocks of ``block``)."""
    yield sampler(1, rng)
    for start in range(1, samples, block):
        yield sampler(min(block, samples - start), rng)


def joint_smaa(model: DataModel, scorer_for: ScorerFactory, sampler: Sampler,
               samples: int, seed: int, block: int = DATA_BLOCK) -> DataSMAA:
    """SMAA over the weights and the figures together: ``samples`` weight vectors (the
    same stream as :func:`mcda.smaa.smaa` with ``chunk=block`` and ``seed``), one drawn
    matrix per block."""
    rng = np.random.default_rng(seed)
    draws = np.random.default_rng([seed, 1])
    return smaa_with_draws(scorer_for, model.units, lambda _: model.draw(draws),
                           weight_blocks(sampler, samples, rng, block), rng)


def data_smaa(model: DataModel, scorer_for: ScorerFactory, weights: np.ndarray,
              draws: int, seed: int) -> DataSMAA:
    """The figures alone at fixed ``weights`` (q,): ``draws`` matrices."""
    w = np.asarray(weights, dtype=float)[None, :]
    rng = np.random.default_rng([seed, 2])
    return smaa_with_draws(scorer_for, model.units, model.draw, (w for _ in range(draws)),
                           rng)


def value_of_information(model: DataModel, prob: Problem, ds: Dataset,
                         catalogue: Catalogue, threshold: float) -> pd.DataFrame:
    """One row per figure (``FIGURE_COLUMNS``) with, for this figure alone at its low and
    at its high end (every other figure as stated): ``scored`` (the figure enters a
    scored value, itself or through a ratio; else only the 3 % rule), ``rank_now``,
    ``rank_low``,
    ``rank_high`` (its unit's rank; NaN when the unit is not ranked); ``largest_shift``
    (the largest change of any ranked unit's rank from now, either end) and
    ``units_moved``; for an input of the 3 % rule, ``gate_now``, ``gate_low``,
    ``gate_high`` (the rule's state on intervals, ``mcda.gate``: the figure at that end,
    the other input as its interval), ``gate_changes`` (the state differs between the two
    ends), ``gate_can_qualify`` (the unit is not eligible now, and the figure alone,
    somewhere in its range, makes it eligible) and ``gate_crossing`` (persons: the
    researcher count from which the rule is met at every employed figure in its interval,
    or the employed figure up to which the counted researchers meet it; NaN when that
    value lies outside [low, high]: not reachable within the range).
    Sorted: figures that can make their unit eligible first, then those that change its
    state, then by largest shift, units moved, the unit's current rank (best first) and
    the relative width of the interval."""
    f = model.figures.copy()
    ranks_fn = problem_ranks(prob)
    now = ranks_fn(model.base)
    pos = {str(u): i for i, u in enumerate(model.units)}
    used = {c.num for c in model.cells} | {c.den for c in model.cells if c.den is not None}
    stated = model.stated
    g = catalogue.gates.get(ds.layer)
    inp = _gate_inputs(ds, catalogue)
    out: list[dict] = []
    rows = zip(f["unit"], f["field"], f["low"].to_numpy(float), f["high"].to_numpy(float),
               strict=True)
    for v, (unit, field, low, high) in enumerate(rows):
        rec: dict[str, object] = {}
        i = pos.get(str(unit))
        ends = []
        for end in (low, high):
            if v in used and not np.isnan(end):
                x = stated.copy()
                x[v] = end
                ends.append(ranks_fn(model.matrix(x)))
            else:
                ends.append(now)
        shift = np.maximum(np.abs(ends[0] - now), np.abs(ends[1] - now))
        rec |= {"scored": v in used,
                "rank_now": np.nan if i is None else float(now[i]),
                "rank_low": np.nan if i is None else float(ends[0][i]),
                "rank_high": np.nan if i is None else float(ends[1][i]),
                "largest_shift": int(shift.max()) if len(shift) else 0,
                "units_moved": int((shift > 0).sum())}
        rec |= _gate_effect(inp, g, str(unit), str(field), low, high, threshold)
        out.append(rec)
    extra = pd.DataFrame(out, index=f.index,
                         columns=["scored", "rank_now", "rank_low", "rank_high",
                                  "largest_shift",
                                  "units_moved", "gate_now", "gate_low", "gate_high",
                                  "gate_changes", "gate_can_qualify", "gate_crossing"])
    res = pd.concat([f, extra], axis=1)
    width = (res["high"] - res["low"]).abs() / res[["low", "high"]].abs().max(axis=1)
    res = res.assign(_w=width.fillna(0.0), _r=res["rank_now"].fillna(np.inf)).sort_values(
        ["gate_can_qualify", "gate_changes", "largest_shift", "units_moved", "_r", "_w"],
        ascending=[False, False, False, False, True, False], kind="stable")
    return res.drop(columns=["_w", "_r"]).reset_index(drop=True)


def figures_to_request(ev: Evaluation, ds: Dataset, catalogue: Catalogue
                       ) -> tuple[DataModel, pd.DataFrame]:
    """The data model of ``ev``'s ranked problem on ``ds`` (with the 3 % rule's inputs of
    every unit the user did not exclude) and its value-of-information list, with each
    figure's unit name and its source's title and URL added."""
    prob = ev.outcome.problem
    if prob is None:
        raise ValueError("the evaluation ranked no unit")
    keep = tuple(str(u) for u, r in ev.table["reason"].items()
                 if not (isinstance(r, Message) and r.key == "user_excluded"))
    dm = data_model(ds, prob, catalogue, keep,
                    value_functions(ev.scenario, ds.layer, catalogue))
    voi = value_of_information(dm, prob, ds, catalogue, float(ev.scenario.gate.threshold))
    names = ds.units["name_en"] if "name_en" in ds.units else pd.Series(dtype=object)
    src = ds.sources
    voi.insert(1, "name", [str(names.get(u, u)) for u in voi["unit"]])
    voi["source_title"] = [str(src.at[c, "title"]) if c in src.index and "title" in src
                           else "" for c in voi["source_id"]]
    voi["source_url"] = [str(src.at[c, "url"]) if c in src.index and "url" in src
                         else "" for c in voi["source_id"]]
    return dm, voi


def _gate_state(inp: dict[str, float], threshold: float, researchers: float | None = None,
                employed: float | None = None) -> str:
    """The 3 % rule's state (``mcda.gate``) of one unit's inputs ``inp`` (a
    ``gate_inputs`` row), with the researcher count or the employed figure set to a
    point when given."""
    r_lo, r_hi = ((researchers, researchers) if researchers is not None
                  else (inp["researchers_low"], inp["researchers_high"]))
    e, e_lo, e_hi = ((employed, employed, employed) if employed is not None
                     else (inp["employed"], inp["employed_low"], inp["employed_high"]))
    r_lo_s, r_hi_s, e_s, e_lo_s, e_hi_s = (pd.Series([float(x)])
                                           for x in (r_lo, r_hi, e, e_lo, e_hi))
    gate = evaluate_gate(r_lo_s, r_hi_s, e_s, e_lo_s, e_hi_s, threshold)
    return str(gate["state"].iloc[0])


def _gate_effect(inp: pd.DataFrame | None, g: Gate | None, unit: str, fid: str, low: float,
                 high: float, threshold: float) -> dict[str, object]:
    """The 3 % rule's state of ``unit`` with figure ``fid`` at ``low`` and at ``high``;
    whether they differ and whether either end is eligible (the state is monotone in the
    figure, so the ends bound every value between) while it is not eligible now; the
    crossing only when in range."""
    none = {"gate_now": "", "gate_low": "", "gate_high": "", "gate_changes": False,
            "gate_can_qualify": False, "gate_crossing": np.nan}
    if (inp is None or g is None or fid not in (g.numerator, g.denominator)
            or unit not in inp.index):
        return none
    cols = ["researchers_low", "researchers_high", "employed", "employed_low",
            "employed_high"]
    row = {c: float(inp[c].loc[unit]) for c in cols}

    def at(x: float) -> str:
        return (_gate_state(row, threshold, researchers=x) if fid == g.numerator
                else _gate_state(row, threshold, employed=x))
    lo, hi = at(low), at(high)
    counted = row["researchers_low"]
    crossing = (threshold * row["employed_high"] if fid == g.numerator   # met at any
                else counted / threshold if counted > 0 else np.nan)      # employed in range
    if not min(low, high) <= crossing <= max(low, high):   # NaN too: no crossing
        crossing = np.nan
    now = _gate_state(row, threshold)
    return {"gate_now": now, "gate_low": lo, "gate_high": hi, "gate_changes": lo != hi,
            "gate_can_qualify": now != "eligible" and "eligible" in (lo, hi),
            "gate_crossing": float(crossing)}


def ranks_at(scorer_for: Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]],
             raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(n,) competition ranks of ``raw`` at the (q,) ``weights`` (1 = best)."""
    u = np.asarray(scorer_for(raw)(np.asarray(weights, dtype=float)[None, :]), dtype=float)[0]
    return 1 + (u[None, :] > u[:, None]).sum(axis=1)


def problem_ranks(prob: Problem) -> Callable[[np.ndarray], np.ndarray]:
    """raw (n x m) -> (n,) ranks at the problem's own weights, normalised as it was."""
    scorer_for = scorer_factory(prob)
    return lambda raw: ranks_at(scorer_for, raw, prob.criterion_weights)
