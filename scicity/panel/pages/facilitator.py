"""The facilitator's page (``?panel_admin=1``): create a panel, or open one with its
secret to follow the experts, import offline answers, aggregate, see consensus and
disagreement, open the next Delphi round and rank candidates with the group weights."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
import tomli_w

from criteria.bundled import load_bundled
from mcda import group
from scenarios.library import builtin_ids, load_scenario
from scenarios.model import Scenario, scenario_to_doc
from scenarios.store import ScenarioStore
from scicity.engine import evaluate
from scicity.panel import db, service, workbook
from scicity.panel.pages.common import catalogue, element_name, md, node_title
from scicity.panel.service import (
    CRITERIA_NODE,
    AccessDenied,
    ExpertSpec,
    Outcome,
    PanelError,
    PanelSpec,
    PanelStatus,
)


def facilitator_page() -> None:
    """Create a panel, or open one with its secret."""
    st.title("Expert panel — facilitator")
    secret = st.session_state.get("panel_secret", "")
    if secret:
        try:
            with db.session() as s:
                status = service.status(s, secret)
        except AccessDenied:
            st.session_state.panel_secret = ""
            st.error(service.DENIED)
        else:
            _dashboard(secret, status)
            return
    open_tab, create_tab = st.tabs(["Open a panel", "Create a panel"])
    with open_tab, st.form("panel_open"):
        st.text_input("Facilitator secret", type="password", key="panel_secret_input")
        if st.form_submit_button("Open"):
            st.session_state.panel_secret = st.session_state.panel_secret_input.strip()
            st.rerun()
    with create_tab:
        _create_form()


def _create_form() -> None:
    if made := st.session_state.get("panel_created"):
        _show_secrets(made)
    with st.form("panel_create"):
        name = st.text_input("Panel name")
        layer = st.radio("Layer", ["regions", "towns"], horizontal=True)
        indicators = st.checkbox("Also judge the indicators inside each criterion")
        mode = st.radio("Input", list(service.INPUT_MODES), horizontal=True,
                        help="pairwise: Saaty's 1–9 comparisons; direct: points allocation")
        rounds = st.number_input("Delphi rounds", min_value=1, max_value=10, value=2)
        langs = st.multiselect("Languages", ["kk", "ru", "en"], default=["kk", "ru", "en"])
        days = st.number_input("Links valid for (days)", min_value=1, max_value=365, value=60)
        experts = st.text_area("Experts, one per line: name or role; organisation; weight",
                               placeholder="Expert A; Ministry; 1\nExpert B; Academy; 1")
        if st.form_submit_button("Create panel", type="primary"):
            try:
                specs = _expert_lines(experts)
                spec = PanelSpec(
                    name=name, layer=layer, experts=specs, languages=langs or ["en"],
                    hierarchy=service.hierarchy_from_catalogue(catalogue(), layer,
                                                               indicators=indicators),
                    max_rounds=int(rounds), input_mode=mode, valid_days=int(days))
                with db.session() as s:
                    created = service.create_panel(s, spec, actor="facilitator (app)")
            except PanelError as exc:
                st.error("The panel was not created:")
                _problems(exc)
            else:
                st.session_state.panel_created = created
                st.rerun()


def _expert_lines(text: str) -> list[ExpertSpec]:
    out, problems = [], []
    for k, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            weight = float(parts[2].replace(",", ".")) if len(parts) > 2 and parts[2] else 1.0
        except ValueError:
            problems.append((f"experts line {k}", f"weight {parts[2]!r} is not a number"))
            continue
        out.append(ExpertSpec(parts[0], parts[1] if len(parts) > 1 else "", weight))
    if problems:
        raise PanelError(problems, "experts")
    return out


def _show_secrets(made: service.Created) -> None:
    host = st.context.headers.get("host", "localhost:8501")
    base = f"http://{host}/"
    st.success("Panel created. Copy these now: they are shown only once and stored only "
               "as hashes.")
    st.markdown("**Facilitator secret**")
    st.code(made.facilitator_token, language=None)
    st.markdown("**Personal links of the experts**")
    for name, tok in made.expert_tokens:
        st.markdown(md(name))
        st.code(f"{base}?panel_token={tok}", language=None)


# ----------------------------------------------------------------------------- dashboard
def _dashboard(secret: str, stt: PanelStatus) -> None:
    st.subheader(md(stt.name))
    st.caption(f"Layer {stt.layer} · {stt.input_mode} input · round {stt.round} of "
               f"{stt.max_rounds} · languages {', '.join(stt.languages)}")
    st.dataframe(pd.DataFrame([{
        "id": e.id, "expert": e.name, "role": e.role, "weight": e.weight,
        "submitted rounds": ", ".join(map(str, e.submitted_rounds)) or "—",
        f"nodes drafted (round {stt.round})": e.draft_nodes,
        "link expires": e.expires_at.date().isoformat() if e.expires_at else "never",
    } for e in stt.experts]), hide_index=True)
    _offline(secret, stt)
    method = st.selectbox("Aggregation", list(group.AGGREGATIONS), key="panel_method",
                          help="aij-geometric: weighted geometric mean of the judgements "
                               "(Aczél–Saaty); aip-*: mean of each expert's priorities")
    rnd = int(st.selectbox("Round", list(range(stt.round, 0, -1)), key="panel_round"))
    try:
        with db.session() as s:
            outcome = service.aggregate(s, secret, method, rnd)
            conv = service.convergence(s, secret, method)
            audit = service.audit_log(s, secret)
    except PanelError as exc:
        st.info(md("; ".join(p.message for p in exc.problems)))
        return
    _results(outcome)
    _convergence(conv)
    _ranking(outcome)
    _actions(secret, stt, outcome, conv, audit)


def _offline(secret: str, stt: PanelStatus) -> None:
    with st.expander("Offline experts: XLSX template (one sheet per expert)"):
        st.download_button("Download the template", workbook.template_bytes(stt),
                           file_name=f"panel-{stt.id}-round-{stt.round}.xlsx",
                           key="panel_template")
        up = st.file_uploader("Import a filled template", type=["xlsx"], key="panel_upload")
        if up is not None and st.button("Import", key="panel_import"):
            try:
                entries, comments = workbook.read_template(up.getvalue(), stt, up.name)
                with db.session() as s:
                    done = service.import_entries(s, secret, entries, comments)
            except PanelError as exc:
                st.error("Nothing was imported; fix these cells and import again:")
                _problems(exc)
            else:
                st.session_state.panel_imported = done
                st.rerun()
        if done := st.session_state.get("panel_imported"):
            st.success("Imported and submitted: " + md(", ".join(done)))


def _problems(exc: PanelError) -> None:
    st.dataframe(pd.DataFrame([(p.file, p.place, p.message) for p in exc.problems],
                              columns=["input", "where", "problem"]), hide_index=True)


def _results(o: Outcome) -> None:
    crit = o.nodes[CRITERIA_NODE]
    st.markdown(f"### Group result — round {o.round}, {len(o.experts)} experts, {o.method}")
    c1, c2, c3 = st.columns(3)
    c1.metric("AHP consensus S*", f"{crit.consensus:.1%}", help=_consensus_words(
        crit.consensus))
    c2.metric("Kendall's W", f"{crit.kendall_w:.3f}")
    c3.metric("CR of the aggregated matrix", "n/a" if crit.cr is None else f"{crit.cr:.3f}")
    st.caption(f"Consensus: {_consensus_words(crit.consensus)}. Kendall's W: agreement of "
               "the experts' orders of the criteria (0 none, 1 identical).")
    for node, res in o.nodes.items():
        ids = o.hierarchy[node]
        with st.expander(node_title(node, "en"), expanded=node == CRITERIA_NODE):
            table = pd.DataFrame({"id": ids, "name": [element_name(i, "en") for i in ids],
                                  "group": res.weights})
            for name, w in zip(o.experts, res.individual, strict=True):
                table[name] = w
            st.dataframe(table.style.format({c: "{:.1%}" for c in table.columns[2:]}),
                         hide_index=True)
            far = pd.DataFrame({"expert": o.experts, "distance to group": res.distances,
                                "own CR": [None if c is None else round(c, 3)
                                           for c in res.individual_cr]})
            st.markdown("**Experts furthest from the group** (RMS log distance; 0 = the "
                        "group's view)")
            st.dataframe(far.sort_values("distance to group", ascending=False)
                         .round(3), hide_index=True)
            if res.disagreement is not None:
                st.markdown("**Disagreement per pair** (geometric standard deviation of the "
                            "judgements; 1 = all agree)")
                st.vega_lite_chart(_heat(ids, res.disagreement), width="stretch")


def _consensus_words(s: float) -> str:
    """Goepel's word scale for S* (bpmsg.com, "AHP consensus word scale", from 140 nodes of
    35 group projects): < 50 % very low, then four equal steps of 12.5 %."""
    for limit, word in ((0.5, "very low"), (0.625, "low"), (0.75, "moderate"),
                        (0.875, "high")):
        if s < limit:
            return f"{word} consensus (Goepel's word scale)"
    return "very high consensus (Goepel's word scale)"


def _heat(ids: list[str], d: np.ndarray) -> dict[str, Any]:
    rows = [{"a": a, "b": b, "gsd": float(d[i, j])} for i, a in enumerate(ids)
            for j, b in enumerate(ids) if i != j]
    return {"data": {"values": rows}, "height": 28 * len(ids), "mark": "rect",
            "encoding": {
                "x": {"field": "b", "type": "nominal", "sort": ids, "title": None},
                "y": {"field": "a", "type": "nominal", "sort": ids, "title": None},
                "color": {"field": "gsd", "type": "quantitative",
                          "scale": {"scheme": "oranges"}, "title": "geom. sd"},
                "tooltip": [{"field": "a"}, {"field": "b"},
                            {"field": "gsd", "format": ".2f"}]}}


def _convergence(conv: list[dict[str, Any]]) -> None:
    st.markdown("### Convergence per round")
    st.dataframe(pd.DataFrame(conv).round(4), hide_index=True)


def _base() -> Scenario:
    ids = builtin_ids()
    ref = st.selectbox("Other settings (method, gate, missing data) from", ids,
                       index=ids.index("balanced") if "balanced" in ids else 0,
                       key="panel_base")
    return load_scenario(ref, catalogue())


def _ranking(o: Outcome) -> None:
    st.markdown("### Ranking with the panel's weights, and each expert's own")
    base = _base()
    cat = catalogue()
    ds = load_bundled(o.layer)
    ev = evaluate(ds, service.outcome_scenario(o, base), cat)
    table = pd.DataFrame({"unit": ev.table["name_en"], "group rank": ev.table["rank"]})
    for row, name in enumerate(o.experts):
        other = evaluate(ds, service.outcome_scenario(o, base, row), cat)
        table[f"{name} rank"] = other.table["rank"].reindex(table.index)
        table[f"{name} shift"] = table[f"{name} rank"] - table["group rank"]
    st.caption("shift = the expert's own rank minus the group rank (negative: the unit "
               "ranks higher under that expert's weights)")
    st.dataframe(table.sort_values("group rank"), hide_index=False)
    st.session_state.panel_scenario = service.outcome_scenario(o, base)


def _actions(secret: str, stt: PanelStatus, o: Outcome, conv: list[dict[str, Any]],
             audit: list[dict[str, Any]]) -> None:
    st.markdown("### Next steps")
    scenario: Scenario = st.session_state.panel_scenario
    doc = {"result": service.outcome_dict(o), "scenario": scenario_to_doc(scenario),
           "convergence": conv, "audit_log": audit}
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Export (JSON, with audit log)",
                       json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.json",
                       key="panel_export_json")
    c2.download_button("Scenario file (TOML)",
                       tomli_w.dumps(scenario_to_doc(scenario)).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.toml",
                       key="panel_export_toml")
    if c3.button("Save as a scenario for the main app", key="panel_save"):
        try:
            saved = ScenarioStore(catalogue=catalogue()).save(
                scenario, f"Panel {o.panel_id} round {o.round} {o.method}", overwrite=True)
        except (ValueError, OSError) as exc:
            st.error(md(exc))
        else:
            st.success(f"Saved as scenario “{md(saved.name)}”; choose it in the main app.")
    if stt.round < stt.max_rounds and c4.button(f"Open round {stt.round + 1}",
                                                key="panel_next"):
        try:
            with db.session() as s:
                service.next_round(s, secret)
        except PanelError as exc:
            st.error(md(exc))
        else:
            st.rerun()
