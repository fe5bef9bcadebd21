"""Scenarios: a named set of choices — layer, method, normalisation, weights (direct or
AHP), the 3 % gate and the missing-value policy — read from TOML and validated.

Validation collects *every* problem with its place (key, row, column) before failing,
so a user fixes a file in one pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import numpy as np

from criteria.model import LAYERS, Catalogue
from criteria.problems import Problem, UserInputError, error
from mcda import ahp as ahp_mod
from mcda.gate import DEFAULT_THRESHOLD
from mcda.messages import Message, msg
from mcda.registry import (
    METHOD_NAMES,
    MISSING_POLICIES,
    NORMALIZATION_NAMES,
    PREFERENCE_NAMES,
    MethodName,
    MissingPolicy,
    NormalizationName,
    Preference,
    PrometheeOptions,
    default_normalization,
    default_preference,
)
from mcda.value_functions import check_points

SCENARIO_LAYERS: tuple[str, ...] = (*LAYERS, "both")
#: The 3 % rule's threshold as a share of the employed (lowest, highest): the validator
#: and the app's slider both use it, so a valid scenario always loads in the app.
GATE_THRESHOLD_RANGE: tuple[float, float] = (0.001, 0.2)
#: What the 3 % rule does with a unit whose share is unknown.
GateNoData = Literal["keep", "exclude"]
GATE_NO_DATA: tuple[GateNoData, ...] = ("keep", "exclude")


@dataclass(frozen=True)
class PairwiseMatrix:
    """An AHP judgement matrix over ``order`` (ids), Saaty's 1–9 scale."""

    order: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class GateSettings:
    """The 3 % rule: its threshold and on which layers it excludes units."""

    threshold: float = DEFAULT_THRESHOLD
    regions: bool = False
    towns: bool = True
    no_data: GateNoData = "keep"

    def applies(self, layer: str) -> bool:
        """Whether restricted units are excluded from the ranking on ``layer``."""
        return bool(getattr(self, layer))

    def applied(self, layer: str, on: bool) -> GateSettings:
        """These settings with the rule switched ``on`` or off on ``layer``."""
        if layer == "regions":
            return replace(self, regions=on)
        if layer == "towns":
            return replace(self, towns=on)
        raise ValueError(f"unknown layer {layer!r}; expected regions or towns")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Criterion weights are direct (``criterion_weights``) or
    from an AHP matrix (``ahp_criteria``); indicator weights are local (inside their
    criterion), direct (``indicator_weights``, default equal) or AHP (``ahp_indicators``)."""

    id: str
    name: str
    description: str
    layer: str = "both"
    method: MethodName = "topsis"
    normalization: NormalizationName = "vector"
    criterion_weights: dict[str, float] = field(default_factory=dict)
    indicator_weights: dict[str, float] = field(default_factory=dict)
    ahp_criteria: PairwiseMatrix | None = None
    ahp_indicators: dict[str, PairwiseMatrix] = field(default_factory=dict)
    goalposts: dict[str, tuple[float, float]] = field(default_factory=dict)
    gate: GateSettings = GateSettings()
    missing: MissingPolicy = "worst"
    min_coverage: float = 0.5
    vikor_v: float = 0.5
    promethee: PrometheeOptions = field(default_factory=PrometheeOptions)
    ri_table: str = "saaty"
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    # where the weights came from (e.g. an expert panel: panel, round, experts, method,
    # consensus, CR); empty for hand-made scenarios
    origin: dict[str, str | int | float] = field(default_factory=dict)
    #: Per indicator: points of a value function replacing the catalogue's, or None to
    #: score the raw value with the catalogue direction instead.
    value_functions: dict[str, tuple[tuple[float, float], ...] | None] = field(
        default_factory=dict)

    def display_name(self, lang: str) -> str:
        """The name in ``lang`` (kk, ru, en) when the file gives one, else ``name``."""
        return self.names.get(lang, self.name)

    def display_description(self, lang: str) -> str:
        """The description in ``lang`` when the file gives one, else ``description``."""
        return self.descriptions.get(lang, self.description)

    def applies_to(self, layer: str) -> bool:
        """Whether the scenario may be used on ``layer``."""
        return self.layer in (layer, "both")


_TOP_KEYS = {
    "name", "names", "description", "descriptions", "layer", "method", "normalization",
    "weights", "ahp", "goalposts", "gate", "missing", "vikor", "promethee", "origin",
    "value_functions",
}


_Name = TypeVar("_Name", bound=str)
#: A parsed TOML document (or one of its tables).
TomlDoc = dict[str, Any]


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


class _Collector:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def add(self, place: str, found: Message | str, row: int | None = None,
            column: int | None = None) -> None:
        """One problem at key ``place`` (and ``row``, ``column`` of a matrix there)."""
        self.problems.append(error(self.origin, found, key=place, row=row,
                                   column_number=column))

    def table(self, doc: TomlDoc, key: str, allowed: set[str]) -> TomlDoc:
        val = doc.get(key, {})
        if not isinstance(val, dict):
            self.add(key, msg("scenario_expected_table", kind=type(val).__name__))
            return {}
        for k in sorted(set(val) - allowed):
            self.add(f"{key}.{k}", msg("scenario_unknown_key", keys=tuple(sorted(allowed))))
        return val

    def choice(self, doc: TomlDoc, key: str, options: tuple[_Name, ...], default: _Name,
               place: str | None = None) -> _Name:
        val = doc.get(key, default)
        if val not in options:
            self.add(place or key, msg("scenario_not_one_of", value=repr(val), options=options))
            return default
        return options[options.index(val)]

    def number(self, doc: TomlDoc, key: str, default: float, lo: float, hi: float,
               place: str) -> float:
        val = doc.get(key, default)
        if not _is_number(val):
            self.add(place, msg("scenario_expected_number", value=repr(val)))
            return default
        if not lo <= val <= hi:
            self.add(place, msg("scenario_outside_range", value=val, low=lo, high=hi))
            return default
        return float(val)

    def flag(self, doc: TomlDoc, key: str, default: bool, place: str) -> bool:
        val = doc.get(key, default)
        if not isinstance(val, bool):
            self.add(place, msg("scenario_expected_flag", value=repr(val)))
            return default
        return val


def parse_scenario(doc: TomlDoc, sid: str, catalogue: Catalogue, origin: str = "") -> Scenario:
    """Validate a parsed TOML document for the scenario with id ``sid``; raise
    ``UserInputError`` listing every problem with its key."""
    col = _Collector(origin or sid)
    for k in sorted(set(doc) - _TOP_KEYS):
        col.add(k, msg("scenario_unknown_key", keys=tuple(sorted(_TOP_KEYS))))
    name = doc.get("name", sid)
    description = doc.get("description", "")
    names = col.table(doc, "names", {"kk", "ru", "en"})
    descriptions = col.table(doc, "descriptions", {"kk", "ru", "en"})
    for key, table in (("names", names), ("descriptions", descriptions)):
        for lang, text in table.items():
            if not isinstance(text, str) or not text.strip():
                col.add(f"{key}.{lang}", msg("scenario_expected_nonempty_text", value=repr(text)))
    for key, val in (("name", name), ("description", description)):
        if not isinstance(val, str):
            col.add(key, msg("scenario_expected_text", value=repr(val)))
    layer = col.choice(doc, "layer", SCENARIO_LAYERS, "both")
    method = col.choice(doc, "method", METHOD_NAMES, "topsis")
    normalization = col.choice(doc, "normalization", NORMALIZATION_NAMES,
                               default_normalization(method))
    crit_ids = [c.id for c in catalogue.criteria]
    layers = LAYERS if layer == "both" else (layer,)
    ind_ids = {f.id for lyr in layers for f in catalogue.indicators(lyr)}

    weights = col.table(doc, "weights", {"criteria", "indicators"})
    cw = _weights(col, weights, "criteria", set(crit_ids), "criterion", "weights.criteria")
    iw = _weights(col, weights, "indicators", ind_ids, "indicator", "weights.indicators")
    ahp = col.table(doc, "ahp", {"criteria", "indicators", "ri_table"})
    ri_table = col.choice(ahp, "ri_table", tuple(ahp_mod.RI_TABLES), "saaty", "ahp.ri_table")
    ahp_c = None
    if "criteria" in ahp:
        ahp_c = _pairwise(col, ahp["criteria"], "ahp.criteria", set(crit_ids), ri_table)
        if cw:
            col.add("weights.criteria", msg("scenario_weights_twice"))
    elif not weights.get("criteria"):
        col.add("weights.criteria", msg("scenario_no_criterion_weights"))
    elif cw and sum(cw.values()) <= 0:
        col.add("weights.criteria", msg("scenario_zero_weights"))
    ahp_i: dict[str, PairwiseMatrix] = {}
    ahp_ind = ahp.get("indicators", {})
    if not isinstance(ahp_ind, dict):
        col.add("ahp.indicators", msg("scenario_expected_ahp_table"))
        ahp_ind = {}
    for cid, sub in ahp_ind.items():
        place = f"ahp.indicators.{cid}"
        if cid not in crit_ids:
            col.add(place, msg("scenario_unknown_criterion", ids=tuple(crit_ids)))
            continue
        allowed = {f.id for lyr in layers for f in catalogue.indicators(lyr, cid)}
        pm = _pairwise(col, sub, place, allowed, ri_table)
        if pm is not None:
            ahp_i[cid] = pm
            for fid in pm.order:
                if fid in iw:
                    col.add(f"weights.indicators.{fid}", msg("scenario_also_ahp", place=place))

    goal = col.table(doc, "goalposts", ind_ids)
    goalposts: dict[str, tuple[float, float]] = {}
    for fid, pair in goal.items():
        if fid not in ind_ids:
            continue
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(_is_number(v) for v in pair)):
            col.add(f"goalposts.{fid}", msg("scenario_expected_bounds", value=repr(pair)))
        elif pair[1] <= pair[0]:
            col.add(f"goalposts.{fid}", msg("scenario_bounds_order", upper=pair[1],
                                            lower=pair[0]))
        else:
            goalposts[fid] = (float(pair[0]), float(pair[1]))

    g = col.table(doc, "gate", {"threshold", "regions", "towns", "no_data"})
    gate = GateSettings(
        threshold=col.number(g, "threshold", DEFAULT_THRESHOLD, *GATE_THRESHOLD_RANGE,
                             "gate.threshold"),
        regions=col.flag(g, "regions", False, "gate.regions"),
        towns=col.flag(g, "towns", True, "gate.towns"),
        no_data=col.choice(g, "no_data", GATE_NO_DATA, "keep", "gate.no_data"),
    )
    m = col.table(doc, "missing", {"policy", "min_coverage"})
    missing = col.choice(m, "policy", MISSING_POLICIES, "worst", "missing.policy")
    min_cov = col.number(m, "min_coverage", 0.5, 0.0, 1.0, "missing.min_coverage")
    v = col.table(doc, "vikor", {"v"})
    vikor_v = col.number(v, "v", 0.5, 0.0, 1.0, "vikor.v")
    prom = _promethee(col, doc, ind_ids)
    where = doc.get("origin", {})
    if not isinstance(where, dict):
        col.add("origin", msg("scenario_expected_table", kind=type(where).__name__))
        where = {}
    for k, val in where.items():
        if not (isinstance(val, str) or _is_number(val)):
            col.add(f"origin.{k}", msg("scenario_expected_text_or_number", value=repr(val)))
    vfs = _value_functions(col, col.table(doc, "value_functions", ind_ids), ind_ids)
    if col.problems:
        raise UserInputError(col.problems)
    return Scenario(
        id=sid, name=name, description=description, layer=layer, method=method,
        normalization=normalization, criterion_weights=cw, indicator_weights=iw,
        ahp_criteria=ahp_c, ahp_indicators=ahp_i, goalposts=goalposts, gate=gate,
        missing=missing, min_coverage=min_cov, vikor_v=vikor_v, promethee=prom,
        ri_table=ri_table,
        names={k: v for k, v in names.items() if isinstance(v, str) and v.strip()},
        descriptions={k: v for k, v in descriptions.items()
                      if isinstance(v, str) and v.strip()},
        origin=dict(where),
        value_functions=vfs,
    )


def _value_functions(col: _Collector, table: TomlDoc, ind_ids: set[str]
                     ) -> dict[str, tuple[tuple[float, float], ...] | None]:
    """``[value_functions.<indicator>]`` with ``points = [[raw, value], ...]`` or
    ``use = false`` (score the raw value with the catalogue direction)."""
    out: dict[str, tuple[tuple[float, float], ...] | None] = {}
    for fid, spec in table.items():
        if fid not in ind_ids:
            continue
        place = f"value_functions.{fid}"
        if not isinstance(spec, dict):
            col.add(place, msg("scenario_expected_points_table"))
            continue
        sub = col.table({place: spec}, place, {"points", "use"})
        if not col.flag(sub, "use", True, f"{place}.use"):
            out[fid] = None
            continue
        problems = check_points(sub.get("points"))
        for found in problems:
            col.add(f"{place}.points", found)
        if not problems:
            out[fid] = tuple((float(x), float(v)) for x, v in sub["points"])
    return out


def _preference(col: _Collector, table: TomlDoc, place: str,
                base: Preference | None) -> Preference | None:
    """One [promethee] preference: ``preference`` (function) and thresholds q, p, s as
    fractions of the indicator's range; unset thresholds from the function's defaults
    (or from ``base`` when the function is not named)."""
    name = table.get("preference")
    if name is None and base is not None:
        start = base
    else:
        fn = col.choice(table, "preference", PREFERENCE_NAMES, "linear", f"{place}.preference")
        start = default_preference(fn)
    values = {k: col.number(table, k, getattr(start, k), 0.0, 1e6, f"{place}.{k}")
              for k in ("q", "p", "s")}
    try:
        return Preference(start.function, **values)
    except ValueError as exc:
        col.add(place, str(exc))
        return None


def _promethee(col: _Collector, doc: TomlDoc, ind_ids: set[str]) -> PrometheeOptions:
    """[promethee]: the default preference, and [promethee.indicators.<id>] overrides."""
    table = col.table(doc, "promethee", {"preference", "q", "p", "s", "indicators"})
    default = _preference(col, table, "promethee", None) or PrometheeOptions().default
    per = table.get("indicators", {})
    if not isinstance(per, dict):
        col.add("promethee.indicators", msg("scenario_expected_preference_table"))
        per = {}
    out: dict[str, Preference] = {}
    for fid, sub in per.items():
        place = f"promethee.indicators.{fid}"
        if fid not in ind_ids:
            col.add(place, msg("scenario_unknown_indicator", ids=tuple(sorted(ind_ids))))
        elif not isinstance(sub, dict):
            col.add(place, msg("scenario_expected_preference"))
        else:
            for k in sorted(set(sub) - {"preference", "q", "p", "s"}):
                col.add(f"{place}.{k}", msg("scenario_unknown_preference_key"))
            pref = _preference(col, sub, place, default)
            if pref is not None:
                out[fid] = pref
    return PrometheeOptions(default, out)


def _weights(col: _Collector, weights: TomlDoc, key: str, allowed: set[str], what: str,
             place: str) -> dict[str, float]:
    table = weights.get(key, {})
    if not isinstance(table, dict):
        col.add(place, msg(f"scenario_expected_{what}_weights"))
        return {}
    out: dict[str, float] = {}
    for k, v in table.items():
        if k not in allowed:
            col.add(f"{place}.{k}", msg(f"scenario_unknown_{what}", ids=tuple(sorted(allowed))))
        elif not _is_number(v):
            col.add(f"{place}.{k}", msg("scenario_expected_number", value=repr(v)))
        elif v < 0:
            col.add(f"{place}.{k}", msg("scenario_negative_weight", value=v))
        else:
            out[k] = float(v)
    return out


def _pairwise(col: _Collector, sub: object, place: str, allowed: set[str],
              ri_table: str) -> PairwiseMatrix | None:
    if not isinstance(sub, dict):
        col.add(place, msg("scenario_expected_pairwise"))
        return None
    for k in sorted(set(sub) - {"order", "matrix"}):
        col.add(f"{place}.{k}", msg("scenario_unknown_pairwise_key"))
    order, matrix = sub.get("order"), sub.get("matrix")
    if not isinstance(order, list) or not order or not all(isinstance(o, str) for o in order):
        col.add(f"{place}.order", msg("scenario_expected_ids"))
        return None
    bad = [o for o in order if o not in allowed]
    if bad:
        col.add(f"{place}.order", msg("scenario_unknown_ids", bad=repr(bad),
                                      ids=tuple(sorted(allowed))))
        return None
    if len(set(order)) != len(order):
        col.add(f"{place}.order", msg("scenario_ids_repeat"))
        return None
    n = len(order)
    if not isinstance(matrix, list) or len(matrix) != n:
        col.add(f"{place}.matrix", msg("scenario_row_count", n=n, got=(
            len(matrix) if isinstance(matrix, list) else type(matrix).__name__)))
        return None
    rows = []
    ok = True
    for i, row in enumerate(matrix, start=1):
        if not isinstance(row, list) or len(row) != n:
            got = len(row) if isinstance(row, list) else type(row).__name__
            col.add(f"{place}.matrix", msg("scenario_number_count", n=n, got=got), row=i)
            ok = False
            continue
        for j, v in enumerate(row, start=1):
            if not _is_number(v):
                col.add(f"{place}.matrix", msg("scenario_expected_number", value=repr(v)), row=i,
                        column=j)
                ok = False
        rows.append(tuple(float(v) if _is_number(v) else math.nan for v in row))
    if not ok:
        return None
    for found in ahp_mod.pairwise_problems(np.asarray(rows, dtype=float), list(order)):
        col.add(f"{place}.matrix", found)
        ok = False
    if ok and n >= 3:
        res = ahp_mod.ahp(np.asarray(rows, dtype=float), ri_table=ri_table)
        if not res.consistent:
            col.add(f"{place}.matrix", _inconsistency(res, order))
    return PairwiseMatrix(tuple(order), tuple(rows)) if ok else None


def _inconsistency(res: ahp_mod.AHPResult, order: list[str]) -> Message:
    w = res.worst
    worst: Message | str = "" if w is None else msg(
        "scenario_worst_judgement", a=order[w.i], b=order[w.j], current=w.current,
        suggested=w.suggested, cr_after=w.cr_if_suggested)
    return msg("scenario_inconsistent", cr=res.cr, table=res.ri_table, worst=worst)


def scenario_to_doc(s: Scenario) -> TomlDoc:
    """The TOML document of a scenario (the inverse of ``parse_scenario``)."""
    doc: TomlDoc = {"name": s.name, "description": s.description, "layer": s.layer,
                 "method": s.method, "normalization": s.normalization}
    if s.names:
        doc["names"] = dict(s.names)
    if s.descriptions:
        doc["descriptions"] = dict(s.descriptions)
    weights: TomlDoc = {}
    if s.criterion_weights:
        weights["criteria"] = dict(s.criterion_weights)
    if s.indicator_weights:
        weights["indicators"] = dict(s.indicator_weights)
    if weights:
        doc["weights"] = weights
    ahp: TomlDoc = {}
    if s.ahp_criteria is not None:
        ahp["criteria"] = _pairwise_doc(s.ahp_criteria)
    if s.ahp_indicators:
        ahp["indicators"] = {c: _pairwise_doc(pm) for c, pm in s.ahp_indicators.items()}
    if ahp:
        ahp["ri_table"] = s.ri_table
        doc["ahp"] = ahp
    if s.goalposts:
        doc["goalposts"] = {k: list(v) for k, v in s.goalposts.items()}
    doc["gate"] = {"threshold": s.gate.threshold, "regions": s.gate.regions,
                   "towns": s.gate.towns, "no_data": s.gate.no_data}
    doc["missing"] = {"policy": s.missing, "min_coverage": s.min_coverage}
    doc["vikor"] = {"v": s.vikor_v}
    doc["promethee"] = {**_preference_doc(s.promethee.default), "indicators": {
        fid: _preference_doc(pr) for fid, pr in s.promethee.indicators.items()}}
    if s.origin:
        doc["origin"] = dict(s.origin)
    if s.value_functions:
        doc["value_functions"] = {k: ({"use": False} if v is None
                                      else {"points": [list(p) for p in v]})
                                  for k, v in s.value_functions.items()}
    return doc


def _preference_doc(pr: Preference) -> TomlDoc:
    return {"preference": pr.function, "q": pr.q, "p": pr.p, "s": pr.s}


def _pairwise_doc(pm: PairwiseMatrix) -> TomlDoc:
    return {"order": list(pm.order), "matrix": [list(r) for r in pm.matrix]}
