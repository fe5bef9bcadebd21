"""Panel operations over a database session. Every call checks its token first.

Roles: the facilitator's secret opens the whole panel (status, aggregation, rounds,
import); an expert's token opens only that expert's own form, plus, from round 2, the
anonymous group judgement of the previous round. Unknown and expired tokens raise the
same ``AccessDenied`` with the same text, so a wrong link learns nothing.
Every change is written to the append-only audit log with who, when, what, before, after.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from criteria.dataset import Dataset
from criteria.model import Catalogue
from criteria.problems import UserInputError, error
from mcda import ahp as ahp_mod
from mcda import group
from mcda.messages import TEMPLATES, Message, msg
from scenarios.model import Scenario
from scicity.engine.evaluate import evaluate
from scicity.i18n import LANGS, number, t, translate
from scicity.panel.models import (
    AuditEntry,
    Expert,
    Judgement,
    Panel,
    PanelRound,
    Submission,
    utcnow,
)

InputMode = Literal["pairwise", "direct"]
INPUT_MODES: tuple[InputMode, ...] = get_args(InputMode)
CRITERIA_NODE = "criteria"
MAX_ROUNDS = 10
MIN_FOR_GROUP_VIEW = 3  # below this, the group judgement plus one's own would reveal others'
DENIED = TEMPLATES["panel_denied"]
#: A located finding: its place (empty for the whole input) and the engine message.
Finding = tuple[str, Message]


class PanelError(UserInputError):
    """A panel request that cannot be done: the project's user-input error, built from
    ``(place, message)`` findings about ``file`` (the panel, a link, an imported workbook).
    ``findings`` keep the engine messages (keys ``panel_*``) for the view to translate;
    each ``Problem`` carries the English text."""

    def __init__(self, findings: Sequence[Finding], file: str = "panel"):
        self.file = file
        self.findings = list(findings)
        super().__init__([error(file, translate(m, "en"), key=p or None)
                          for p, m in self.findings])


class AccessDenied(PanelError):
    """Unknown, expired or wrong-role token (one message for all cases)."""

    def __init__(self) -> None:
        super().__init__([("", msg("panel_denied"))], file="link")


@dataclass(frozen=True)
class ExpertSpec:
    """A panel member to invite: name or role, optional weight (default 1)."""

    name: str
    role: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class PanelSpec:
    """What a facilitator sets up."""

    name: str
    layer: str
    hierarchy: dict[str, list[str]]  # "criteria" -> criterion ids; criterion id -> indicators
    experts: list[ExpertSpec]
    languages: list[str] = field(default_factory=lambda: ["kk", "ru", "en"])
    max_rounds: int = 2
    input_mode: InputMode = "pairwise"
    valid_days: int | None = 60


@dataclass(frozen=True)
class Created:
    """Secrets shown once at creation (only their hashes are stored)."""

    panel_id: int
    facilitator_token: str
    expert_tokens: list[tuple[str, str]]  # (expert name, token)


@dataclass(frozen=True)
class ExpertForm:
    """Everything an expert's page shows: their own entries and the anonymous group."""

    expert: str
    panel: str
    languages: list[str]
    input_mode: str
    hierarchy: dict[str, list[str]]
    round: int
    max_rounds: int
    drafts: dict[str, dict[str, Any]]
    submitted: bool
    comment: str
    own_previous: dict[str, dict[str, Any]]
    group_previous: dict[str, dict[str, Any]]  # empty in round 1 or with < 3 submissions


@dataclass(frozen=True)
class ExpertStatus:
    """One row of the facilitator's overview."""

    id: int
    name: str
    role: str
    weight: float
    submitted_rounds: list[int]
    draft_nodes: int
    expires_at: datetime | None


@dataclass(frozen=True)
class PanelStatus:
    """The facilitator's overview of a panel."""

    id: int
    name: str
    layer: str
    input_mode: str
    languages: list[str]
    hierarchy: dict[str, list[str]]
    round: int
    max_rounds: int
    experts: list[ExpertStatus]


@dataclass(frozen=True)
class Outcome:
    """Aggregated result of one round: a GroupResult per node and the global weights."""

    panel_id: int
    panel: str
    layer: str
    round: int
    method: group.Aggregation
    experts: list[str]  # names, in the order of each result's rows
    expert_ids: list[int]
    nodes: dict[str, group.GroupResult]
    hierarchy: dict[str, list[str]]

    @property
    def consensus(self) -> float:
        """Goepel's S* of the criteria node."""
        return self.nodes[CRITERIA_NODE].consensus

    @property
    def cr(self) -> float | None:
        """CR of the aggregated criteria matrix (None for direct weights)."""
        return self.nodes[CRITERIA_NODE].cr

    def criterion_weights(self, row: int | None = None) -> dict[str, float]:
        """Group (or expert ``row``'s) criterion weights."""
        res = self.nodes[CRITERIA_NODE]
        w = res.weights if row is None else res.individual[row]
        return dict(zip(self.hierarchy[CRITERIA_NODE], map(float, w), strict=True))

    def indicator_weights(self, row: int | None = None) -> dict[str, float]:
        """Group (or expert ``row``'s) local indicator weights inside each criterion."""
        out: dict[str, float] = {}
        for node, res in self.nodes.items():
            if node != CRITERIA_NODE:
                w = res.weights if row is None else res.individual[row]
                out.update(zip(self.hierarchy[node], map(float, w), strict=True))
        return out


# ----------------------------------------------------------------------------- tokens
def new_token() -> str:
    """An unguessable URL-safe token (256 bits)."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass   # a leading '-' would read as an option on the command line (--token -x…)
    return token


def token_hash(token: str) -> str:
    """SHA-256 hex of a token (tokens are random, so a fast hash suffices)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _expert(s: Session, token: str) -> Expert:
    ex = s.scalar(select(Expert).where(Expert.token_hash == token_hash(token or "")))
    if ex is None or (ex.expires_at is not None and _aware(ex.expires_at) <= utcnow()):
        raise AccessDenied()
    return ex


def _facilitated(s: Session, token: str) -> Panel:
    p = s.scalar(select(Panel).where(Panel.facilitator_hash == token_hash(token or "")))
    if p is None:
        raise AccessDenied()
    return p


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def _audit(s: Session, panel_id: int, actor: str, action: str, before: Any = None,
           after: Any = None) -> None:
    s.add(AuditEntry(panel_id=panel_id, actor=actor, action=action, before=before,
                     after=after, at=utcnow()))


def _who(ex: Expert) -> str:
    return f"expert {ex.id} ({ex.name})"


# ----------------------------------------------------------------------------- set-up
def hierarchy_from_catalogue(cat: Catalogue, layer: str, criteria: Sequence[str] | None = None,
                             indicators: bool = False) -> dict[str, list[str]]:
    """The criteria (all by default) and, with ``indicators``, each one's indicators on
    ``layer`` that has at least two (a single indicator needs no judgement)."""
    crit = list(criteria) if criteria else [c.id for c in cat.criteria]
    out: dict[str, list[str]] = {CRITERIA_NODE: crit}
    if indicators:
        for c in crit:
            ids = [f.id for f in cat.indicators(layer, c)]
            if len(ids) >= 2:
                out[c] = ids
    return out


def create_panel(s: Session, spec: PanelSpec, actor: str = "facilitator") -> Created:
    """Store a new panel with round 1 open; return the secrets (shown once)."""
    problems = _spec_problems(spec)
    if problems:
        raise PanelError(problems)
    ftoken = new_token()
    panel = Panel(name=spec.name.strip(), layer=spec.layer, languages=list(spec.languages),
                  input_mode=spec.input_mode, hierarchy=spec.hierarchy,
                  max_rounds=spec.max_rounds, current_round=1,
                  facilitator_hash=token_hash(ftoken), created_at=utcnow())
    s.add(panel)
    s.flush()
    s.add(PanelRound(panel_id=panel.id, number=1, opened_at=utcnow()))
    expires = utcnow() + timedelta(days=spec.valid_days) if spec.valid_days else None
    tokens = []
    for e in spec.experts:
        tok = new_token()
        s.add(Expert(panel_id=panel.id, name=e.name.strip(), role=e.role.strip(),
                     weight=float(e.weight), token_hash=token_hash(tok), expires_at=expires))
        tokens.append((e.name.strip(), tok))
    _audit(s, panel.id, actor, "create panel", None,
           {"name": panel.name, "layer": spec.layer, "hierarchy": spec.hierarchy,
            "input_mode": spec.input_mode, "max_rounds": spec.max_rounds,
            "languages": list(spec.languages),
            "experts": [{"name": e.name, "role": e.role, "weight": e.weight}
                        for e in spec.experts]})
    return Created(panel.id, ftoken, tokens)


def _spec_problems(spec: PanelSpec) -> list[Finding]:
    out: list[Finding] = []
    if not spec.name.strip():
        out.append(("name", msg("panel_no_name")))
    if spec.input_mode not in INPUT_MODES:
        out.append(("input_mode", msg("panel_bad_input_mode", value=spec.input_mode,
                                      options=INPUT_MODES)))
    if not 1 <= spec.max_rounds <= MAX_ROUNDS:
        out.append(("max_rounds", msg("panel_bad_rounds", rounds=spec.max_rounds,
                                      most=MAX_ROUNDS)))
    crit = spec.hierarchy.get(CRITERIA_NODE, [])
    if len(crit) < 2:
        out.append(("hierarchy", msg("panel_few_criteria")))
    for node, ids in spec.hierarchy.items():
        if len(ids) > ahp_mod.MAX_SIZE:
            out.append((f"hierarchy.{node}", msg("panel_too_many_elements", count=len(ids),
                                                 most=ahp_mod.MAX_SIZE)))
        if len(set(ids)) != len(ids):
            out.append((f"hierarchy.{node}", msg("panel_ids_repeat")))
    if len(spec.experts) < 2:
        out.append(("experts", msg("panel_few_experts")))
    for k, e in enumerate(spec.experts, start=1):
        if not e.name.strip():
            out.append((f"experts row {k}", msg("panel_empty_name")))
        if not (np.isfinite(e.weight) and e.weight > 0):
            out.append((f"experts row {k}", msg("panel_bad_weight", weight=e.weight)))
    return out


# ----------------------------------------------------------------------------- experts
def expert_form(s: Session, token: str) -> ExpertForm:
    """The expert's own form for the current round (and round-1 group view if allowed)."""
    ex = _expert(s, token)
    p = ex.panel
    rnd = p.current_round
    sub = _submission(s, ex.id, rnd)
    prev_own: dict[str, dict[str, Any]] = {}
    prev_group: dict[str, dict[str, Any]] = {}
    if rnd >= 2:
        prev_own = _entries(s, ex.id, rnd - 1)
        prev_group = _group_view(s, p, rnd - 1)
    drafts = _entries(s, ex.id, rnd)
    if not drafts and prev_own:
        drafts = prev_own  # a later round starts from the expert's previous answer
    return ExpertForm(expert=ex.name, panel=p.name, languages=list(p.languages),
                      input_mode=p.input_mode, hierarchy=dict(p.hierarchy), round=rnd,
                      max_rounds=p.max_rounds, drafts=drafts, submitted=sub is not None,
                      comment=sub.comment if sub else "", own_previous=prev_own,
                      group_previous=prev_group)


def save_draft(s: Session, token: str, node: str, payload: Mapping[str, Any]) -> None:
    """Store the expert's current entry for ``node`` (until they submit the round)."""
    ex = _expert(s, token)
    _save(s, ex, node, payload, _who(ex))


def submit(s: Session, token: str, comment: str = "", source: str = "web") -> None:
    """Freeze the expert's entries of the current round; every node must be filled."""
    ex = _expert(s, token)
    _submit(s, ex, comment, source, _who(ex))


def _save(s: Session, ex: Expert, node: str, payload: Mapping[str, Any], actor: str) -> None:
    p = ex.panel
    rnd = p.current_round
    _not_submitted(s, ex, rnd)
    clean = validate_entry(p, node, payload)
    row = s.scalar(select(Judgement).where(Judgement.expert_id == ex.id,
                                           Judgement.round == rnd, Judgement.node == node))
    before = row.payload if row else None
    if row is None:
        s.add(Judgement(expert_id=ex.id, round=rnd, node=node, kind=p.input_mode,
                        payload=clean, updated_at=utcnow()))
    elif row.payload != clean:
        row.payload, row.updated_at = clean, utcnow()
    else:
        return
    _audit(s, p.id, actor, f"save draft round {rnd} node {node}", before, clean)


def _submit(s: Session, ex: Expert, comment: str, source: str, actor: str) -> None:
    p = ex.panel
    rnd = p.current_round
    _not_submitted(s, ex, rnd)
    entries = _entries(s, ex.id, rnd)
    missing = [n for n in p.hierarchy if n not in entries]
    if missing:
        raise PanelError([(f"node {n}", msg("panel_not_judged")) for n in missing])
    s.add(Submission(expert_id=ex.id, round=rnd, source=source, comment=comment.strip(),
                     submitted_at=utcnow()))
    _audit(s, p.id, actor, f"submit round {rnd}", None,
           {"source": source, "comment": comment.strip(), "entries": entries})


def _not_submitted(s: Session, ex: Expert, rnd: int) -> None:
    if _submission(s, ex.id, rnd) is not None:
        raise PanelError([("", msg("panel_already_submitted", round=rnd))])


def validate_entry(p: Panel, node: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The entry as stored, or PanelError naming each bad value's place."""
    if node not in p.hierarchy:
        raise PanelError([("node", msg("panel_unknown_node", node=node))])
    order = list(p.hierarchy[node])
    n = len(order)
    if list(payload.get("order", [])) != order:
        raise PanelError([(f"node {node}", msg("panel_bad_order", order=tuple(order)))])
    problems: list[Finding] = []
    if p.input_mode == "pairwise":
        upper = list(payload.get("upper", []))
        pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1:]]
        if len(upper) != len(pairs):
            raise PanelError([(f"node {node}", msg("panel_judgement_count",
                                                   expected=len(pairs), got=len(upper)))])
        vals = []
        for (a, b), v in zip(pairs, upper, strict=True):
            x = _number(v)
            if x is None or not (1 / 9 - 1e-9 <= x <= 9 + 1e-9):
                problems.append((f"node {node}, {a} vs {b}", msg("panel_not_on_scale", value=v)))
            vals.append(x)
        if problems:
            raise PanelError(problems)
        return {"order": order, "upper": vals}
    weights = list(payload.get("weights", []))
    if len(weights) != n:
        raise PanelError([(f"node {node}", msg("panel_weight_count", expected=n,
                                               got=len(weights)))])
    ws = []
    for a, v in zip(order, weights, strict=True):
        x = _number(v)
        if x is None or x <= 0:
            problems.append((f"node {node}, {a}", msg("panel_points_positive", value=v)))
        ws.append(x)
    if problems:
        raise PanelError(problems)
    return {"order": order, "weights": ws}


def _number(v: object) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    x = float(v)
    return x if np.isfinite(x) else None


def entry_matrix(entry: Mapping[str, Any]) -> np.ndarray:
    """The reciprocal matrix of a pairwise entry."""
    n = len(entry["order"])
    a = np.ones((n, n))
    iu, ju = np.triu_indices(n, 1)
    up = np.asarray(entry["upper"], dtype=float)
    a[iu, ju], a[ju, iu] = up, 1 / up
    return a


def matrix_entry(order: Sequence[str], a: np.ndarray) -> dict[str, Any]:
    """A pairwise entry from a matrix (upper triangle row by row)."""
    iu, ju = np.triu_indices(len(order), 1)
    return {"order": list(order), "upper": [float(x) for x in np.asarray(a)[iu, ju]]}


def _entries(s: Session, expert_id: int, rnd: int) -> dict[str, dict[str, Any]]:
    rows = s.scalars(select(Judgement).where(Judgement.expert_id == expert_id,
                                             Judgement.round == rnd))
    return {r.node: dict(r.payload) for r in rows}


def _submission(s: Session, expert_id: int, rnd: int) -> Submission | None:
    return s.scalar(select(Submission).where(Submission.expert_id == expert_id,
                                             Submission.round == rnd))


def _group_view(s: Session, p: Panel, rnd: int) -> dict[str, dict[str, Any]]:
    """The anonymous group judgement of round ``rnd`` (only with >= 3 submissions)."""
    subs = _submitted(s, p, rnd)
    if len(subs) < MIN_FOR_GROUP_VIEW:
        return {}
    out = _aggregate(p, rnd, subs, "aij-geometric")
    view: dict[str, dict[str, Any]] = {}
    for node, res in out.items():
        order = p.hierarchy[node]
        entry = (matrix_entry(order, res.matrix) if p.input_mode == "pairwise"
                 and res.matrix is not None else {"order": order})
        entry["weights"] = [float(x) for x in res.weights]
        view[node] = entry
    return view


# ----------------------------------------------------------------------------- facilitator
def status(s: Session, ftoken: str) -> PanelStatus:
    """The panel's overview for the facilitator."""
    p = _facilitated(s, ftoken)
    rows = []
    for ex in p.experts:
        subs = sorted(r.round for r in s.scalars(select(Submission).where(
            Submission.expert_id == ex.id)))
        drafts = len(_entries(s, ex.id, p.current_round))
        rows.append(ExpertStatus(ex.id, ex.name, ex.role, ex.weight, subs, drafts,
                                 ex.expires_at))
    return PanelStatus(p.id, p.name, p.layer, p.input_mode, list(p.languages),
                       dict(p.hierarchy), p.current_round, p.max_rounds, rows)


def aggregate(s: Session, ftoken: str, method: group.Aggregation = "aij-geometric",
              rnd: int | None = None) -> Outcome:
    """Group weights of round ``rnd`` (default: current) from the submitted entries."""
    p = _facilitated(s, ftoken)
    rnd = rnd or p.current_round
    subs = _submitted(s, p, rnd)
    if len(subs) < 2:
        raise PanelError([("", msg("panel_too_few_submissions", round=rnd,
                                   count=len(subs)))])
    nodes = _aggregate(p, rnd, subs, method)
    return Outcome(p.id, p.name, p.layer, rnd, method, [e.name for e, _ in subs],
                   [e.id for e, _ in subs], nodes, dict(p.hierarchy))


def convergence(s: Session, ftoken: str, method: group.Aggregation = "aij-geometric"
                ) -> list[dict[str, Any]]:
    """Per round with >= 2 submissions: experts, consensus S*, Kendall's W, CR, mean
    distance to the group (criteria node)."""
    p = _facilitated(s, ftoken)
    out = []
    for rnd in range(1, p.current_round + 1):
        subs = _submitted(s, p, rnd)
        if len(subs) < 2:
            continue
        res = _aggregate(p, rnd, subs, method)[CRITERIA_NODE]
        out.append({"round": rnd, "experts": len(subs), "consensus": res.consensus,
                    "kendall_w": res.kendall_w, "cr": res.cr,
                    "mean_distance": float(res.distances.mean())})
    return out


def next_round(s: Session, ftoken: str) -> int:
    """Close the current round and open the next (Delphi); returns its number."""
    p = _facilitated(s, ftoken)
    if p.current_round >= p.max_rounds:
        raise PanelError([("", msg("panel_rounds_used", rounds=p.max_rounds))])
    if len(_submitted(s, p, p.current_round)) < 2:
        raise PanelError([("", msg("panel_next_needs_two"))])
    old = p.current_round
    cur = s.scalar(select(PanelRound).where(PanelRound.panel_id == p.id,
                                            PanelRound.number == old))
    if cur is not None:
        cur.closed_at = utcnow()
    p.current_round = old + 1
    s.add(PanelRound(panel_id=p.id, number=old + 1, opened_at=utcnow()))
    _audit(s, p.id, "facilitator", "open round", {"round": old}, {"round": old + 1})
    return old + 1


def import_entries(s: Session, ftoken: str, entries: Mapping[int, Mapping[str, Any]],
                   comments: Mapping[int, str] | None = None) -> list[str]:
    """Save and submit offline entries ``{expert id: {node: entry}}`` (from the XLSX
    template) for the current round; all are validated before anything is stored."""
    p = _facilitated(s, ftoken)
    experts = {e.id: e for e in p.experts}
    problems: list[Finding] = []
    for eid, nodes in entries.items():
        if eid not in experts:
            problems.append((f"expert {eid}", msg("panel_not_member")))
            continue
        if _submission(s, eid, p.current_round) is not None:
            problems.append((f"expert {experts[eid].name}",
                             msg("panel_already_submitted", round=p.current_round)))
        for node in p.hierarchy:
            if node not in nodes:
                problems.append((f"expert {experts[eid].name}, node {node}",
                                 msg("panel_node_missing")))
                continue
            try:
                validate_entry(p, node, nodes[node])
            except PanelError as exc:
                problems += [(f"expert {experts[eid].name}, {place}", m)
                             for place, m in exc.findings]
    if problems:
        raise PanelError(problems)
    done = []
    for eid, nodes in entries.items():
        ex = experts[eid]
        actor = f"facilitator (XLSX import for {_who(ex)})"
        for node in p.hierarchy:
            _save(s, ex, node, nodes[node], actor)
        _submit(s, ex, (comments or {}).get(eid, ""), "xlsx", actor)
        done.append(ex.name)
    return done


def audit_log(s: Session, ftoken: str) -> list[dict[str, Any]]:
    """The panel's audit trail, oldest first."""
    p = _facilitated(s, ftoken)
    rows = s.scalars(select(AuditEntry).where(AuditEntry.panel_id == p.id)
                     .order_by(AuditEntry.id))
    return [{"id": r.id, "at": _aware(r.at).isoformat(), "actor": r.actor,
             "action": r.action, "before": r.before, "after": r.after} for r in rows]


def _submitted(s: Session, p: Panel, rnd: int) -> list[tuple[Expert, dict[str, Any]]]:
    out = []
    for ex in p.experts:
        if _submission(s, ex.id, rnd) is not None:
            out.append((ex, _entries(s, ex.id, rnd)))
    return out


def _aggregate(p: Panel, rnd: int, subs: list[tuple[Expert, dict[str, Any]]],
               method: group.Aggregation) -> dict[str, group.GroupResult]:
    ew = [e.weight for e, _ in subs]
    out = {}
    for node in p.hierarchy:
        if p.input_mode == "pairwise":
            mats = [entry_matrix(entries[node]) for _, entries in subs]
            out[node] = group.group_ahp(mats, expert_weights=ew, method=method)
        else:
            pri = [entries[node]["weights"] for _, entries in subs]
            out[node] = group.group_ahp(priorities=pri, expert_weights=ew, method=method)
    return out


# ----------------------------------------------------------------------------- results
def outcome_scenario(o: Outcome, base: Scenario, row: int | None = None) -> Scenario:
    """The group's (or expert ``row``'s) weights as a scenario on top of ``base`` (method,
    normalisation, gate...), with ``origin`` naming the panel, round, experts, method,
    consensus and CR, and its name and description in each language."""
    origin: dict[str, str | int | float] = {
        "source": "expert panel", "panel": o.panel, "panel_id": o.panel_id, "round": o.round,
        "experts": len(o.experts), "aggregation": o.method, "weights_of":
        "group" if row is None else f"expert {o.experts[row]}",
        "consensus": round(o.consensus, 4), "kendall_w": round(o.nodes[CRITERIA_NODE]
                                                              .kendall_w, 4),
        "cr": "n/a" if o.cr is None else round(o.cr, 4),
    }
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for lang in LANGS:
        who = (t("panel_c_group", lang) if row is None
               else t("panel_scenario_expert", lang, name=o.experts[row]))
        label = t("panel_c_group", lang) if row is None else o.experts[row]
        names[lang] = t("panel_scenario_name", lang, panel=o.panel, r=o.round, who=label,
                        method=o.method)
        descriptions[lang] = t(
            "panel_scenario_description", lang, who=who, panel=o.panel, r=o.round,
            k=len(o.experts), method=o.method, consensus=o.consensus,
            cr=t("panel_na", lang) if o.cr is None else number(o.cr, lang, 3),
            base=base.display_name(lang))
    return Scenario(
        id=f"panel-{o.panel_id}-r{o.round}" + ("" if row is None else f"-e{o.expert_ids[row]}"),
        name=names["en"], names=names, description=descriptions["en"],
        descriptions=descriptions, layer=base.layer, method=base.method,
        normalization=base.normalization,
        criterion_weights=o.criterion_weights(row),
        indicator_weights={**base.indicator_weights, **o.indicator_weights(row)},
        goalposts=base.goalposts, gate=base.gate, missing=base.missing,
        min_coverage=base.min_coverage, vikor_v=base.vikor_v,
        promethee=base.promethee, ri_table=base.ri_table,
        origin=origin,
    )


def ranking_changes(o: Outcome, base: Scenario, ds: Dataset, cat: Catalogue,
                    lang: str = "en") -> pd.DataFrame:
    """Per unit (index = unit id): name, rank under the group weights, and each expert's
    rank under their own weights (``rank <name>``) and shift (``shift <name>`` = own rank
    minus group rank; negative = ranked higher under that expert's weights)."""
    ev = evaluate(ds, outcome_scenario(o, base), cat)
    out = pd.DataFrame({"name": ev.table[f"name_{lang}"],
                        "group rank": ev.table["rank"].astype("Float64")})
    for row, name in enumerate(o.experts):
        own = evaluate(ds, outcome_scenario(o, base, row), cat)
        out[f"rank {name}"] = own.table["rank"].reindex(out.index).astype("Float64")
        out[f"shift {name}"] = out[f"rank {name}"] - out["group rank"]
    return out.sort_values("group rank", na_position="last")


def outcome_dict(o: Outcome) -> dict[str, Any]:
    """A JSON-ready record of an aggregation (for exports)."""
    nodes = {}
    for node, res in o.nodes.items():
        order = o.hierarchy[node]
        nodes[node] = {
            "order": order, "group_weights": [float(x) for x in res.weights],
            "cr": res.cr, "consensus": res.consensus, "kendall_w": res.kendall_w,
            "aggregated_matrix": None if res.matrix is None else res.matrix.tolist(),
            "disagreement": None if res.disagreement is None else res.disagreement.tolist(),
            "experts": [{"name": name, "weight": float(ew), "cr": cr,
                         "weights": [float(x) for x in w], "distance": float(d)}
                        for name, ew, cr, w, d in zip(o.experts, res.expert_weights,
                                                      res.individual_cr, res.individual,
                                                      res.distances, strict=True)],
        }
    return {"panel": o.panel, "panel_id": o.panel_id, "layer": o.layer, "round": o.round,
            "aggregation": o.method, "experts": o.experts, "nodes": nodes}
