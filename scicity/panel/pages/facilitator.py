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
from scicity.panel import db, service, workbook
from scicity.panel.pages.common import catalogue, element_name, md, node_title
from scicity.panel.pages.texts import LANG_NAMES, tr
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
    if "panel_lang" not in st.session_state:
        asked = st.query_params.get("lang", "en")
        st.session_state.panel_lang = asked if asked in ("kk", "ru", "en") else "en"
    lang = st.radio("Language", ["kk", "ru", "en"], key="panel_lang", horizontal=True,
                    format_func=LANG_NAMES.get, label_visibility="collapsed")
    st.title(tr("f_title", lang))
    secret = st.session_state.get("panel_secret", "")
    if secret:
        try:
            with db.session() as s:
                status = service.status(s, secret)
        except AccessDenied:
            st.session_state.panel_secret = ""
            st.error(service.DENIED)
        else:
            _dashboard(secret, status, lang)
            return
    open_tab, create_tab = st.tabs([tr("f_open_tab", lang), tr("f_create_tab", lang)])
    with open_tab, st.form("panel_open"):
        st.text_input(tr("f_secret", lang), type="password", key="panel_secret_input")
        if st.form_submit_button(tr("f_open", lang)):
            st.session_state.panel_secret = st.session_state.panel_secret_input.strip()
            st.rerun()
    with create_tab:
        _create_form(lang)


def _create_form(lang: str) -> None:
    if made := st.session_state.get("panel_created"):
        _show_secrets(made, lang)
    with st.form("panel_create"):
        name = st.text_input(tr("f_name", lang))
        layer = st.radio(tr("f_layer", lang), ["regions", "towns"], horizontal=True)
        indicators = st.checkbox(tr("f_indicators", lang))
        mode = st.radio(tr("f_input", lang), list(service.INPUT_MODES), horizontal=True,
                        help=tr("f_input_help", lang))
        rounds = st.number_input(tr("f_rounds", lang), min_value=1, max_value=10, value=2)
        langs = st.multiselect(tr("f_languages", lang), ["kk", "ru", "en"],
                               default=["kk", "ru", "en"])
        days = st.number_input(tr("f_days", lang), min_value=1, max_value=365, value=60)
        experts = st.text_area(tr("f_experts", lang),
                               placeholder="Expert A; Ministry; 1\nExpert B; Academy; 1")
        if st.form_submit_button(tr("f_create", lang), type="primary"):
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
                st.error(tr("f_not_created", lang))
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


def _show_secrets(made: service.Created, lang: str) -> None:
    host = st.context.headers.get("host", "localhost:8501")
    base = f"http://{host}/"
    st.success(tr("f_created", lang))
    st.markdown(f"**{tr('f_secret', lang)}**")
    st.code(made.facilitator_token, language=None)
    st.markdown(f"**{tr('f_links', lang)}**")
    for name, tok in made.expert_tokens:
        st.markdown(md(name))
        st.code(f"{base}?panel_token={tok}", language=None)


# ----------------------------------------------------------------------------- dashboard
def _dashboard(secret: str, stt: PanelStatus, lang: str) -> None:
    st.subheader(md(stt.name))
    st.caption(tr("f_caption", lang, layer=stt.layer, mode=stt.input_mode, r=stt.round,
                  m=stt.max_rounds, langs=", ".join(stt.languages)))
    st.dataframe(pd.DataFrame([{
        "id": e.id, tr("c_expert", lang): e.name, tr("c_role", lang): e.role,
        tr("c_weight", lang): e.weight,
        tr("c_submitted", lang): ", ".join(map(str, e.submitted_rounds)) or "—",
        tr("c_drafted", lang, r=stt.round): e.draft_nodes,
        tr("c_expires", lang): (e.expires_at.date().isoformat() if e.expires_at
                                else tr("never", lang)),
    } for e in stt.experts]), hide_index=True)
    _offline(secret, stt, lang)
    method = st.selectbox(tr("f_aggregation", lang), list(group.AGGREGATIONS),
                          key="panel_method", help=tr("f_aggregation_help", lang))
    rnd = int(st.selectbox(tr("f_round", lang), list(range(stt.round, 0, -1)),
                           key="panel_round"))
    try:
        with db.session() as s:
            outcome = service.aggregate(s, secret, method, rnd)
            conv = service.convergence(s, secret, method)
            audit = service.audit_log(s, secret)
    except PanelError as exc:
        st.info(md("; ".join(p.message for p in exc.problems)))
        return
    _results(outcome, lang)
    _convergence(conv, lang)
    _ranking(outcome, lang)
    _actions(secret, stt, outcome, conv, audit, lang)


def _offline(secret: str, stt: PanelStatus, lang: str) -> None:
    with st.expander(tr("f_offline", lang)):
        st.download_button(tr("f_download_tpl", lang), workbook.template_bytes(stt),
                           file_name=f"panel-{stt.id}-round-{stt.round}.xlsx",
                           key="panel_template")
        up = st.file_uploader(tr("f_import_file", lang), type=["xlsx"], key="panel_upload")
        if up is not None and st.button(tr("f_import", lang), key="panel_import"):
            try:
                entries, comments = workbook.read_template(up.getvalue(), stt, up.name)
                with db.session() as s:
                    done = service.import_entries(s, secret, entries, comments)
            except PanelError as exc:
                st.error(tr("f_import_bad", lang))
                _problems(exc)
            else:
                st.session_state.panel_imported = done
                st.rerun()
        if imported := st.session_state.get("panel_imported"):
            st.success(tr("f_imported", lang, names=md(", ".join(imported))))


def _problems(exc: PanelError) -> None:
    st.dataframe(pd.DataFrame([(p.file, p.place, p.message) for p in exc.problems],
                              columns=["input", "where", "problem"]), hide_index=True)


def _results(o: Outcome, lang: str) -> None:
    crit = o.nodes[CRITERIA_NODE]
    st.markdown("### " + tr("f_group", lang, r=o.round, k=len(o.experts), m=o.method))
    c1, c2, c3 = st.columns(3)
    words = tr(f"w_{_consensus_word(crit.consensus)}", lang)
    c1.metric(tr("f_consensus", lang), f"{crit.consensus:.1%}", help=words)
    c2.metric(tr("f_w", lang), f"{crit.kendall_w:.3f}")
    c3.metric(tr("f_cr", lang), "n/a" if crit.cr is None else f"{crit.cr:.3f}")
    st.caption(tr("f_cons_caption", lang, words=words))
    for node, res in o.nodes.items():
        ids = o.hierarchy[node]
        with st.expander(node_title(node, lang), expanded=node == CRITERIA_NODE):
            group_col = tr("c_group", lang)
            table = pd.DataFrame({"id": ids,
                                  tr("c_name", lang): [element_name(i, lang) for i in ids],
                                  group_col: res.weights})
            for name, w in zip(o.experts, res.individual, strict=True):
                table[name] = w
            st.dataframe(table.style.format({c: "{:.1%}" for c in table.columns[2:]}),
                         hide_index=True)
            dist = tr("c_distance", lang)
            far = pd.DataFrame({tr("c_expert", lang): o.experts, dist: res.distances,
                                tr("c_own_cr", lang): [None if c is None else round(c, 3)
                                                       for c in res.individual_cr]})
            st.markdown(tr("f_far", lang))
            st.dataframe(far.sort_values(dist, ascending=False).round(3), hide_index=True)
            if res.disagreement is not None:
                st.markdown(tr("f_heat", lang))
                st.vega_lite_chart(_heat(ids, res.disagreement), width="stretch")


def _consensus_word(s: float) -> str:
    """Goepel's word scale for S* (bpmsg.com, "AHP consensus word scale", from 140 nodes of
    35 group projects): < 50 % very low, then four equal steps of 12.5 %."""
    for limit, word in ((0.5, "very low"), (0.625, "low"), (0.75, "moderate"),
                        (0.875, "high")):
        if s < limit:
            return word
    return "very high"


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


def _convergence(conv: list[dict[str, Any]], lang: str) -> None:
    st.markdown("### " + tr("f_conv", lang))
    st.dataframe(pd.DataFrame(conv).round(4), hide_index=True)


def _base(lang: str) -> Scenario:
    ids = builtin_ids()
    ref = st.selectbox(tr("f_base", lang), ids,
                       index=ids.index("balanced") if "balanced" in ids else 0,
                       key="panel_base")
    return load_scenario(ref, catalogue())


def _ranking(o: Outcome, lang: str) -> None:
    st.markdown("### " + tr("f_rank", lang))
    base = _base(lang)
    cat = catalogue()
    ds = load_bundled(o.layer)
    changes = service.ranking_changes(o, base, ds, cat, lang)
    st.session_state.panel_changes = changes
    grank = tr("c_group_rank", lang)
    table = pd.DataFrame({tr("c_unit", lang): changes["name"], grank: changes["group rank"]})
    for name in o.experts:
        table[tr("c_rank_of", lang, name=name)] = changes[f"rank {name}"]
        table[tr("c_shift_of", lang, name=name)] = changes[f"shift {name}"]
    st.caption(tr("f_shift", lang))
    st.dataframe(table, hide_index=False)
    st.session_state.panel_scenario = service.outcome_scenario(o, base)


def _actions(secret: str, stt: PanelStatus, o: Outcome, conv: list[dict[str, Any]],
             audit: list[dict[str, Any]], lang: str) -> None:
    st.markdown("### " + tr("f_next", lang))
    scenario: Scenario = st.session_state.panel_scenario
    changes: pd.DataFrame = st.session_state.panel_changes
    doc = {"result": service.outcome_dict(o), "scenario": scenario_to_doc(scenario),
           "ranking_changes": json.loads(changes.reset_index().to_json(orient="records")),
           "convergence": conv, "audit_log": audit}
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(tr("f_export_json", lang),
                       json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.json",
                       key="panel_export_json")
    c2.download_button(tr("f_export_toml", lang),
                       tomli_w.dumps(scenario_to_doc(scenario)).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.toml",
                       key="panel_export_toml")
    if c3.button(tr("f_save", lang), key="panel_save"):
        try:
            saved = ScenarioStore(catalogue=catalogue()).save(
                scenario, f"Panel {o.panel_id} round {o.round} {o.method}", overwrite=True)
        except (ValueError, OSError) as exc:
            st.error(md(exc))
        else:
            st.success(tr("f_saved", lang, name=md(saved.name)))
    if stt.round < stt.max_rounds and c4.button(tr("f_open_round", lang, r=stt.round + 1),
                                                key="panel_next"):
        try:
            with db.session() as s:
                service.next_round(s, secret)
        except PanelError as exc:
            st.error(md(exc))
        else:
            st.rerun()
