"""How robust is a ranking: SMAA-2 rank statistics, weight stability intervals and the same
ranking under other methods, for exactly the units and weights an evaluation ranked.

Pure computation (no I/O). The robustness set is the evaluation's *ranked* units (restricted
and excluded units are left out), analysed on the problem the pipeline scored
(:class:`mcda.problem.Problem`, carried in the evaluation's outcome). Weights are sampled per
criterion by default (the local indicator weights stay fixed, W = w_criteria @ lift), or per
indicator (``level="indicators"``). Stability intervals are always per criterion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack, get_args

import numpy as np
import pandas as pd

from criteria.dataset import Dataset
from criteria.model import load_catalogue
from mcda import registry, sampling, stability
from mcda.messages import Message, msg
from mcda.method_uncertainty import MethodComparison, compare
from mcda.methods import rank
from mcda.problem import Level, Problem
from mcda.smaa import rank_quantile, smaa
from mcda.uncertain import tied_groups
from scenarios.model import Scenario
from scicity.engine import data_uncertainty as du
from scicity.engine.evaluate import Evaluation, evaluate
from scicity.engine.jsonable import json_ready as _clean

if TYPE_CHECKING:  # mcda.sensitivity imports scipy.stats: only when Sobol indices are asked for
    from mcda.sensitivity import RankSobol

WeightKind = Literal["uniform", "around", "ordinal"]
WEIGHT_MODELS: tuple[WeightKind, ...] = get_args(WeightKind)
LEVELS: tuple[Level, ...] = get_args(Level)
#: Variants compared: (method, normalisation). VIKOR and PROMETHEE II (thresholds as
#: fractions of each column's range) do not change under the affine column rescalings of
#: vector and min-max normalisation.
VARIANTS = (("topsis", "vector"), ("topsis", "minmax"), ("wsm", "vector"), ("wsm", "minmax"),
            ("vikor", "vector"), ("promethee2", "vector"))


#: Above this many ranked units a report's robustness summary is ``rank_summary`` (memory
#: bounded) instead of ``robustness`` (n × n acceptability and winning matrices).
LARGE_UNITS = 1_000
#: Weight vectors of ``rank_summary`` for a large layer (the report states the count).
LARGE_SAMPLES = 1_000

#: How tied units are ranked everywhere (scores, SMAA, method comparison): they share the
#: better rank (competition ranking, 1-2-2-4), so the acceptabilities of one rank summed
#: over the units can exceed 1.
TIES = "shared_better_rank"


@dataclass(frozen=True)
class WeightModel:
    """How weights vary: ``uniform`` on the simplex (no preference information), ``around``
    the current weights (each ± ``spread``, a fraction, then rescaled; see
    :func:`mcda.sampling.around`) or ``ordinal`` (uniform subject to ``order``: pairs (a, b)
    meaning weight of a >= weight of b, by criterion or indicator id). ``level``: sample
    criterion weights (default) or indicator weights."""

    kind: WeightKind = "uniform"
    spread: float = 0.2
    order: tuple[tuple[str, str], ...] = ()
    level: Level = "criteria"

    def __post_init__(self) -> None:
        if self.kind not in WEIGHT_MODELS:
            raise ValueError(f"unknown weight model {self.kind!r}; expected one of "
                             f"{WEIGHT_MODELS}")
        if self.level not in LEVELS:
            raise ValueError(f"unknown weight level {self.level!r}; expected one of {LEVELS}")


@dataclass(frozen=True)
class RobustnessResult:
    """``units`` (index id): name, rank, score, median_rank, rank_p05, rank_p95, p_top_k,
    holistic_acceptability, confidence. ``acceptability``: id x rank (1..n). ``winning``:
    id x id, P(row ranked strictly above column). ``central_weights``: id x weight (NaN for a
    unit that never ranks first). ``stability``: criterion x (weight, first_lo, first_hi,
    first_lo_pct, first_hi_pct, top_k_lo, top_k_hi, top_k_lo_pct, top_k_hi_pct).
    ``sobol_first``, ``sobol_total``: id x criterion Sobol indices of the unit's rank (see
    :mod:`mcda.sensitivity`); None unless asked for. ``notes``: method variants left out of
    the comparison and why, and what the data uncertainty assumed. Ranks are competition
    ranks (``TIES``).

    The data's own uncertainty (``data_uncertainty`` True when the declared intervals of
    the scored values were sampled with the weights): ``units`` also has
    ``median_rank_data``, ``rank_p05_data``, ``rank_p95_data``, ``p_top_k_data`` (SMAA
    over weights and data; equal to the weights-only columns when off or when every
    scored value is exact); ``tie_group`` (1 = the best group) and ``tie_group_size``:
    statistically tied groups of the ranking shown, from the central ``tie_level`` rank
    intervals under the data's uncertainty at the scenario's weights (exact data: only
    equal scores tie); ``tie_lo``/``tie_hi`` (the central ``tie_level`` rank interval
    under weights and data) and ``tie_group_joint`` (the groups those intervals form).
    ``acceptability_data``: id x rank under weights and data. ``tied_groups``,
    ``tied_groups_joint``: unit ids per group, best group first. ``voi``: the value of
    information of every uncertain or missing figure (see
    :func:`scicity.engine.data_uncertainty.value_of_information`)."""

    layer: str
    scenario: str
    method: str
    normalization: str
    samples: int
    seed: int
    top_k: int
    weight_model: WeightModel
    units: pd.DataFrame
    acceptability: pd.DataFrame
    winning: pd.DataFrame
    central_weights: pd.DataFrame
    stability: pd.DataFrame
    methods: MethodComparison | None
    sobol_first: pd.DataFrame | None = None
    sobol_total: pd.DataFrame | None = None
    notes: tuple[Message, ...] = ()
    data_uncertainty: bool = False
    tie_level: float = 0.9
    acceptability_data: pd.DataFrame | None = None
    tied_groups: tuple[tuple[str, ...], ...] = ()
    tied_groups_joint: tuple[tuple[str, ...], ...] = ()
    voi: pd.DataFrame | None = None
    sobol: RankSobol | None = None  # with intervals, constant units and the distribution


def ranked_problem(ev: Evaluation) -> Problem:
    """The problem ``ev`` scored (its ranked units); ValueError when it ranked none."""
    if ev.outcome.problem is None:
        raise ValueError("the evaluation ranked no unit")
    return ev.outcome.problem


class AnalysisOptions(TypedDict, total=False):
    """The options of :func:`robustness` that :func:`analyse` passes on."""

    samples: int
    seed: int
    top_k: int
    weights: WeightModel | None
    method_samples: int | None
    sobol_samples: int
    compare_methods: bool
    data_uncertainty: bool
    tie_level: float


def analyse(ds: Dataset, scenario: Scenario, *, exclude: tuple[str, ...] = (),
            **options: Unpack[AnalysisOptions]) -> RobustnessResult:
    """Evaluate ``scenario`` on ``ds`` and analyse the result with ``ds`` as the data; the
    options and their defaults as in :func:`robustness`."""
    return robustness(evaluate(ds, scenario, exclude=exclude), data=ds, **options)


def robustness(
    ev: Evaluation,
    *,
    samples: int = 10_000,
    seed: int = 0,
    top_k: int = 3,
    weights: WeightModel | None = None,
    method_samples: int | None = None,
    sobol_samples: int = 0,
    compare_methods: bool = True,
    data: Dataset | None = None,
    data_uncertainty: bool = True,
    tie_level: float = 0.9,
) -> RobustnessResult:
    """SMAA-2 with ``samples`` weight vectors (seeded), stability intervals per criterion for
    first place and the top-``top_k`` set, and the method comparison (SMAA per variant with
    ``method_samples``, default ``samples``; 0 = rankings at the current weights only;
    skipped with ``compare_methods=False``) and,
    with ``sobol_samples`` (a power of two) > 0, Sobol indices of the ranks per criterion.

    With ``data`` (the dataset ``ev`` ranked): SMAA over the weights and the declared data
    intervals together (unless ``data_uncertainty`` is False: weights only), statistically
    tied groups at ``tie_level`` and the value of information of each uncertain or missing
    figure."""
    if not 0.0 < tie_level < 1.0:
        raise ValueError(f"tie level must be between 0 and 1 (got {tie_level})")
    model, prob, k, level_ids, w0, sampler = _weight_draws(ev, weights, top_k)
    n = len(prob.units)
    res = smaa(prob.scorer(model.level), sampler, samples, np.random.default_rng(seed))
    u0 = prob.scorer()(prob.criterion_weights[None, :])[0]
    score = ev.table.loc[prob.units, "score"].to_numpy(float)
    units = pd.DataFrame({
        "name": ev.table.loc[prob.units, "name_en"].to_numpy(),
        "rank": ev.table.loc[prob.units, "rank"].to_numpy(int),
        "score": score,
        "median_rank": res.rank_quantile(0.5),
        "rank_p05": res.rank_quantile(0.05),
        "rank_p95": res.rank_quantile(0.95),
        "p_top_k": res.p_top(k),
        "holistic_acceptability": res.holistic(),
        "confidence": res.confidence,
    }, index=prob.units)
    ranks = pd.Index(range(1, n + 1), name="rank")
    methods = None
    notes: list[Message] = []
    if compare_methods:
        kept = _variants(prob)
        if _promethee_is_a_weighted_sum(prob):
            kept = [v for v in kept if v[0] != "promethee2"]
            notes.append(msg("promethee_equivalent"))
        variants = {f"{m}/{nz}" if m in ("topsis", "wsm") else m:
                    prob.scorer(model.level, m, nz) for m, nz in kept}
        ms = samples if method_samples is None else method_samples
        methods = compare(variants, w0, list(prob.units), sampler=sampler, samples=ms, seed=seed)
    data_part = _data_part(ev, prob, data, data_uncertainty, model, sampler, samples, seed,
                           k, tie_level, res.rank_counts)
    units = pd.concat([units, data_part.columns], axis=1)
    notes.extend(data_part.notes)
    sobol: tuple[pd.DataFrame | None, ...] = (None, None)
    sobol_res = None
    if sobol_samples > 0 and len(prob.criteria) > 1:
        from mcda.sensitivity import rank_sobol  # imports scipy.stats: only when asked for

        cols = pd.Index(prob.criteria, name="criterion")
        sobol_res = rank_sobol(prob.scorer(), len(cols), sobol_samples, seed)
        sobol = tuple(pd.DataFrame(a, index=prob.units, columns=cols)
                      for a in (sobol_res.first, sobol_res.total))
    return RobustnessResult(
        layer=ev.layer, scenario=ev.scenario.id, method=prob.method,
        normalization=prob.normalization, samples=res.samples, seed=seed, top_k=k,
        weight_model=model, units=units,
        acceptability=pd.DataFrame(res.acceptability, index=prob.units, columns=ranks),
        winning=pd.DataFrame(res.winning, index=prob.units, columns=prob.units),
        central_weights=pd.DataFrame(res.central_weights, index=prob.units,
                                     columns=pd.Index(level_ids, name="weight")),
        stability=stability_table(prob, u0, k),
        methods=methods,
        sobol_first=sobol[0], sobol_total=sobol[1], notes=tuple(notes), sobol=sobol_res,
        data_uncertainty=data_part.sampled, tie_level=tie_level,
        acceptability_data=pd.DataFrame(data_part.counts / data_part.counts.sum(axis=1,
                                                                              keepdims=True),
                                         index=prob.units, columns=ranks),
        tied_groups=data_part.groups, tied_groups_joint=data_part.joint, voi=data_part.voi,
    )


def rank_summary(ev: Evaluation, *, samples: int = LARGE_SAMPLES, seed: int = 0,
                 top_k: int = 3, weights: WeightModel | None = None,
                 chunk: int = 100) -> RobustnessResult:
    """A robustness summary whose memory grows as ``samples`` × n, not n × n: the
    competition ranks under ``samples`` weight vectors (seeded, drawn as in
    ``robustness``, scored ``chunk`` vectors at a time) are kept, and per unit the median
    rank, the 5–95 % rank interval (smallest rank r with P(rank <= r) >= q, as
    ``mcda.smaa.rank_quantile``), P(rank <= top_k) and the central weights are computed
    from them, with the stability intervals of ``robustness``. ``acceptability`` holds
    ranks 1..top_k only and ``winning`` no column; no method comparison, Sobol indices,
    data uncertainty, tied groups or value of information (a ``robustness_large`` note
    says so)."""
    if samples < 1:
        raise ValueError(f"need at least one sample, got {samples}")
    model, prob, k, level_ids, _, sampler = _weight_draws(ev, weights, top_k)
    n = len(prob.units)
    scorer = prob.scorer(model.level)
    rng = np.random.default_rng(seed)
    ranks = np.empty((samples, n), dtype=np.int32)
    wsum = np.zeros((n, len(level_ids)))
    for start in range(0, samples, chunk):
        w = sampler(min(chunk, samples - start), rng)
        r = rank(np.asarray(scorer(w), dtype=float))
        ranks[start:start + len(w)] = r
        wsum += (r == 1).T.astype(float) @ w
    ranks.sort(axis=0)
    first = (ranks == 1).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = wsum / first[:, None]

    def quantile(q: float) -> np.ndarray:  # the smallest r with #{rank <= r} >= q·samples
        need = max(1, math.ceil(q * samples - 1e-9 * samples))
        return ranks[need - 1].astype(int)

    top = np.stack([(ranks == r).sum(axis=0) for r in range(1, k + 1)], axis=1) / samples
    u0 = prob.scorer()(prob.criterion_weights[None, :])[0]
    units = pd.DataFrame({
        "name": ev.table.loc[prob.units, "name_en"].to_numpy(),
        "rank": ev.table.loc[prob.units, "rank"].to_numpy(int),
        "score": ev.table.loc[prob.units, "score"].to_numpy(float),
        "median_rank": quantile(0.5), "rank_p05": quantile(0.05),
        "rank_p95": quantile(0.95), "p_top_k": (ranks <= k).sum(axis=0) / samples,
    }, index=prob.units)
    note = msg("robustness_large", units=n, samples=samples, k=k, limit=LARGE_UNITS)
    return RobustnessResult(
        layer=ev.layer, scenario=ev.scenario.id, method=prob.method,
        normalization=prob.normalization, samples=samples, seed=seed, top_k=k,
        weight_model=model, units=units,
        acceptability=pd.DataFrame(top, index=prob.units,
                                   columns=pd.Index(range(1, k + 1), name="rank")),
        winning=pd.DataFrame(index=prob.units),
        central_weights=pd.DataFrame(central, index=prob.units,
                                     columns=pd.Index(level_ids, name="weight")),
        stability=stability_table(prob, u0, k), methods=None, notes=(note,))


@dataclass(frozen=True)
class _DataPart:
    columns: pd.DataFrame
    counts: np.ndarray
    groups: tuple[tuple[str, ...], ...]
    joint: tuple[tuple[str, ...], ...]
    voi: pd.DataFrame | None
    sampled: bool
    notes: tuple[Message, ...]


def _data_part(ev: Evaluation, prob: Problem, data: Dataset | None, wanted: bool,
               model: WeightModel, sampler: sampling.Sampler, samples: int, seed: int,
               k: int, level: float, weight_counts: np.ndarray) -> _DataPart:
    """The data-uncertainty columns, rank counts, tied groups, VOI list and notes."""
    notes: list[Message] = []
    counts, voi, data_groups = weight_counts, None, None
    sampled = False
    if data is None:
        notes.append(msg("data_uncertainty_no_dataset"))
    else:
        dm, voi = du.figures_to_request(ev, data, load_catalogue())
        n_iv = int((dm.figures["kind"] == "interval").sum())
        n_miss = int((dm.figures["kind"] == "missing").sum())
        notes.append(msg("data_uncertainty_model", intervals=n_iv, missing=n_miss))
        if n_miss:
            notes.append(msg("data_uncertainty_missing_range"))
        if not wanted:
            notes.append(msg("data_uncertainty_off"))
        elif not dm.uncertain:
            notes.append(msg("data_uncertainty_exact"))
        else:
            scorer_for = du.scorer_factory(prob, model.level)
            counts = du.joint_smaa(dm, scorer_for, sampler, samples, seed).rank_counts
            sampled = True
            notes.append(msg("data_uncertainty_sampled", samples=samples,
                             block=du.DATA_BLOCK))
        if wanted and dm.uncertain:
            alone = du.data_smaa(dm, du.scorer_factory(prob), prob.criterion_weights,
                                 du.DATA_DRAWS, seed)
            data_groups = tied_groups(alone.rank_interval(level))
            notes.append(msg("data_uncertainty_ties", draws=du.DATA_DRAWS, level=level))
        notes.append(msg("data_uncertainty_gate_fixed"))
    if data_groups is None:  # exact data: only equal scores tie
        u0 = prob.scorer()(prob.criterion_weights[None, :])[0]
        r0 = pd.Series(1 + (u0[None, :] > u0[:, None]).sum(axis=1), index=prob.units)
        data_groups = [[str(u) for u in r0.index[r0 == r]] for r in sorted(set(r0))]
    iv = _interval(counts, level, prob.units)
    joint = tied_groups(iv)
    acc = counts / counts.sum(axis=1, keepdims=True)
    cols = pd.DataFrame({
        "median_rank_data": iv["median"], "rank_p05_data": rank_quantile(counts, 0.05),
        "rank_p95_data": rank_quantile(counts, 0.95),
        "p_top_k_data": acc[:, :k].sum(axis=1),
        "tie_group": _group_of(data_groups, prob.units),
        "tie_group_size": _group_of(data_groups, prob.units, size=True),
        "tie_lo": iv["lo"], "tie_hi": iv["hi"],
        "tie_group_joint": _group_of(joint, prob.units),
    }, index=prob.units)
    groups = (tuple(tuple(g) for g in data_groups), tuple(tuple(g) for g in joint))
    return _DataPart(cols, counts, groups[0], groups[1], voi, sampled, tuple(notes))


def _interval(counts: np.ndarray, level: float, units: pd.Index) -> pd.DataFrame:
    """Per unit the central ``level`` interval of its rank (lo, hi) and its median."""
    tail = (1.0 - level) / 2.0
    return pd.DataFrame({"lo": rank_quantile(counts, max(tail, 1e-12)),
                         "median": rank_quantile(counts, 0.5),
                         "hi": rank_quantile(counts, 1.0 - tail)}, index=units)


def _group_of(groups: list[list[str]], units: pd.Index, size: bool = False) -> np.ndarray:
    """Per unit its group number (1 = first group) or the size of its group."""
    out = np.zeros(len(units), dtype=int)
    pos = {str(u): i for i, u in enumerate(units)}
    for g, members in enumerate(groups, start=1):
        for u in members:
            out[pos[str(u)]] = len(members) if size else g
    return out


def stability_table(prob: Problem, u0: np.ndarray, k: int) -> pd.DataFrame:
    """Per criterion: its weight and the intervals keeping first place and the top-k set."""
    fn = prob.scorer()
    linear = prob.linear()
    outcomes = {"first": stability.first_place_pairs(u0), "top_k": stability.top_k_pairs(u0, k)}
    rows = []
    for c, cid in enumerate(prob.criteria):
        row: dict[str, float] = {"weight": float(prob.criterion_weights[c])}
        for name, pairs in outcomes.items():
            iv = stability.stability_interval(fn, prob.criterion_weights, c, pairs,
                                              linear=linear)
            row |= {f"{name}_lo": iv.lo, f"{name}_hi": iv.hi,
                    f"{name}_lo_pct": iv.lo_pct, f"{name}_hi_pct": iv.hi_pct}
        rows.append(pd.Series(row, name=cid))
    return pd.DataFrame(rows).rename_axis("criterion")


def reversal(prob: Problem, a: str, b: str) -> pd.DataFrame:
    """Per criterion, the interval of its weight over which unit ``a`` stays at or above
    ``b`` (the others rescaled in proportion): how far it must move to reverse the pair."""
    pos = {u: i for i, u in enumerate(prob.units)}
    missing = [u for u in (a, b) if u not in pos]
    if missing:
        raise ValueError(f"not among the ranked units: {', '.join(missing)}")
    fn = prob.scorer()
    u0 = fn(prob.criterion_weights[None, :])[0]
    hi_lo = (pos[a], pos[b]) if u0[pos[a]] >= u0[pos[b]] else (pos[b], pos[a])
    rows = []
    for c, cid in enumerate(prob.criteria):
        iv = stability.stability_interval(fn, prob.criterion_weights, c, np.array([hi_lo]),
                                          linear=prob.linear())
        rows.append(pd.Series({"weight": iv.weight, "lo": iv.lo, "hi": iv.hi,
                               "lo_pct": iv.lo_pct, "hi_pct": iv.hi_pct}, name=cid))
    return pd.DataFrame(rows).rename_axis("criterion")


def to_json_dict(res: RobustnessResult) -> dict[str, Any]:
    """The CLI's JSON document (NaN written as null)."""
    acceptability = {u: r.tolist() for u, r in res.acceptability.iterrows()}
    central = {u: r.to_dict() for u, r in res.central_weights.iterrows()}
    acc_data = (None if res.acceptability_data is None else
                {u: r.tolist() for u, r in res.acceptability_data.iterrows()})
    units = []
    for uid, row in res.units.iterrows():
        units.append({
            "id": uid, "name": row["name"], "rank": int(row["rank"]), "score": row["score"],
            "rank_acceptability": acceptability[uid],
            "holistic_acceptability": row["holistic_acceptability"],
            "median_rank": int(row["median_rank"]), "rank_p05": int(row["rank_p05"]),
            "rank_p95": int(row["rank_p95"]), "p_top_k": row["p_top_k"],
            "confidence": row["confidence"],
            "central_weights": central[uid],
            "data_uncertainty": {
                "rank_acceptability": acc_data[uid] if acc_data is not None else None,
                "median_rank": int(row["median_rank_data"]),
                "rank_p05": int(row["rank_p05_data"]), "rank_p95": int(row["rank_p95_data"]),
                "p_top_k": row["p_top_k_data"]},
            "rank_interval": {"level": res.tie_level, "lo": int(row["tie_lo"]),
                              "hi": int(row["tie_hi"])},
            "tie_group": int(row["tie_group"]), "tie_group_size": int(row["tie_group_size"]),
            "tie_group_joint": int(row["tie_group_joint"]),
        })
    criteria = []
    for cid, row in res.stability.iterrows():
        criteria.append({"id": cid, "weight": row["weight"], "stability_interval": {
            name: {"lo": row[f"{name}_lo"], "hi": row[f"{name}_hi"],
                   "lo_pct": row[f"{name}_lo_pct"], "hi_pct": row[f"{name}_hi_pct"]}
            for name in ("first", "top_k")}})
    doc: dict[str, Any] = {
        "layer": res.layer, "scenario": res.scenario, "method": res.method,
        "normalization": res.normalization, "samples": res.samples, "seed": res.seed,
        "top_k": res.top_k,
        "weights": {"model": res.weight_model.kind, "level": res.weight_model.level,
                    "spread": res.weight_model.spread,
                    "order": [list(p) for p in res.weight_model.order]},
        "units": units, "criteria": criteria,
        "winning_index": {i: row.to_dict() for i, row in res.winning.iterrows()},
        "ties": TIES,
        "data_uncertainty": res.data_uncertainty,
        "tie_level": res.tie_level,
        "tied_groups": [list(g) for g in res.tied_groups],
        "tied_groups_joint": [list(g) for g in res.tied_groups_joint],
        "value_of_information": voi_records(res.voi),
        "notes": [n.as_dict() for n in res.notes],
    }
    if res.methods is not None:
        mc = res.methods
        doc["methods"] = {
            "ranks": mc.ranks.to_dict(),
            "median_rank": mc.median_rank.to_dict(),
            "rank_p05": mc.rank_p05.to_dict(), "rank_p95": mc.rank_p95.to_dict(),
            "correlations": {k: v.to_dict() for k, v in mc.correlations.items()},
        }
    if res.sobol is not None:
        doc["sobol"] = res.sobol.to_dict([str(u) for u in res.units.index],
                                         list(res.stability.index))
        if res.weight_model.kind != "uniform" or res.weight_model.level != "criteria":
            doc["sobol"]["note"] = (
                f"the rank statistics above use {res.weight_model.kind} "
                f"{res.weight_model.level} weights; the Sobol indices use criterion "
                "weights uniform on the simplex")
    return {key: _clean(value) for key, value in doc.items()}


def voi_records(voi: pd.DataFrame | None) -> list[dict[str, object]]:
    """The value-of-information list as JSON-ready records (in priority order)."""
    if voi is None:
        return []
    return [{str(k): _clean(v) for k, v in r.items()} for r in voi.to_dict("records")]


def to_csv_frame(res: RobustnessResult) -> pd.DataFrame:
    """One flat table: a row per unit (kind = unit; acc_1..acc_n are the rank
    acceptabilities, dacc_1..dacc_n those under weights and data), a row per criterion
    (kind = criterion; weight and intervals) and a row per figure of the value-of-
    information list (kind = figure; id = unit/field, in priority order)."""
    acc = res.acceptability.rename(columns=lambda r: f"acc_{r}")
    parts = [res.units, acc]
    if res.acceptability_data is not None:
        parts.append(res.acceptability_data.rename(columns=lambda r: f"dacc_{r}"))
    units = pd.concat(parts, axis=1).assign(kind="unit")
    crit = res.stability.assign(kind="criterion")
    frames = [units, crit]
    if res.voi is not None and not res.voi.empty:
        v = res.voi.rename(columns={"unit": "figure_unit", "low": "figure_low",
                                    "high": "figure_high", "value": "figure_value"})
        v.index = pd.Index(res.voi["unit"].astype(str) + "/" + res.voi["field"].astype(str))
        frames.append(v.assign(kind="figure", priority=range(1, len(v) + 1)))
    out = pd.concat(frames, axis=0)
    out.index.name = "id"
    return out[["kind", *[c for c in out.columns if c != "kind"]]].reset_index()


def _weight_draws(ev: Evaluation, weights: WeightModel | None, top_k: int) -> tuple[
        WeightModel, Problem, int, tuple[str, ...], np.ndarray, sampling.Sampler]:
    """What both analyses sample from: the weight model (default ``WeightModel()``), the
    ranked problem, ``top_k`` clipped to 1..n, the ids of the sampled level, its current
    weights and the sampler."""
    model = weights or WeightModel()
    prob = ranked_problem(ev)
    k = max(1, min(top_k, len(prob.units)))
    level_ids = prob.criteria if model.level == "criteria" else prob.indicators
    w0 = prob.criterion_weights if model.level == "criteria" else prob.global_weights
    return model, prob, k, level_ids, w0, _sampler(model, w0, level_ids)


def _sampler(model: WeightModel, w0: np.ndarray, ids: tuple[str, ...]) -> sampling.Sampler:
    if model.kind == "uniform":
        return sampling.uniform_sampler(len(ids))
    if model.kind == "around":
        return sampling.around_sampler(w0, model.spread)
    pos = {c: i for i, c in enumerate(ids)}
    unknown = sorted({x for p in model.order for x in p if x not in pos})
    if unknown:
        raise ValueError(f"ordinal constraint on unknown or unused {model.level}: "
                         f"{', '.join(unknown)}; expected some of {', '.join(ids)}")
    return sampling.ordinal_sampler(len(ids), [(pos[a], pos[b]) for a, b in model.order])


def _promethee_is_a_weighted_sum(prob: Problem) -> bool:
    """Whether the compared PROMETHEE II variant ranks exactly as a weighted sum."""
    norm = next(nz for m, nz in VARIANTS if m == "promethee2")
    return registry.equivalent_to_weighted_sum(prob.normalised_as(norm), prob.context(norm))


def _variants(prob: Problem) -> list[tuple[str, str]]:
    own = (prob.method, prob.normalization)
    out = list(VARIANTS)
    if own not in out and prob.method in ("topsis", "wsm"):
        out.insert(0, own)
    return out
