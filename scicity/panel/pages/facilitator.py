"""The facilitator's page (``?panel_admin=1``): create a panel, or open one with its
secret to follow the experts, import offline answers, aggregate, see consensus and
disagreement, open the next Delphi round and rank candidates with the group weights."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
import tomli_w

from criteria.bundled import load_bundled
from mcda import group
from mcda.messages import msg
from scenarios.library import builtin_ids, load_scenario
from scenarios.model import Scenario, scenario_to_doc
from scenarios.store import ScenarioStore
from scicity.i18n import DASH, LANG_NAMES, LANGS, number, percent, t
from scicity.panel import db, service, workbook
from scicity.panel.pages.common import (
    catalogue,
    element_name,
    findings_text,
    language_choice,
    md,
    node_title,
    show_problems,
)
from scicity.panel.service import (
    CRITERIA_NODE,
    AccessDenied,
    ExpertSpec,
    Outcome,
    PanelError,
    PanelSpec,
    PanelStatus,
)

#: Columns of the convergence table and their decimals (consensus: of a percentage).
CONVERGENCE_DIGITS = {"round": 0, "experts": 0, "consensus": 1, "kendall_w": 3, "cr": 3,
                      "mean_distance": 3}


def facilitator_page() -> None:
    """Create a panel, or open one with its secret."""
    lang = language_choice(list(LANGS), "en")
    st.title(t("panel_f_title", lang))
    secret = st.session_state.get("panel_secret", "")
    if secret:
        try:
            with db.session() as s:
                status = service.status(s, secret)
        except AccessDenied as exc:
            st.session_state.panel_secret = ""
            st.error(findings_text(exc, lang))
        else:
            _dashboard(secret, status, lang)
            return
    open_tab, create_tab = st.tabs([t("panel_f_open_tab", lang), t("panel_f_create_tab", lang)])
    with open_tab, st.form("panel_open"):
        st.text_input(t("panel_f_secret", lang), type="password", key="panel_secret_input")
        if st.form_submit_button(t("panel_f_open", lang)):
            st.session_state.panel_secret = st.session_state.panel_secret_input.strip()
            st.rerun()
    with create_tab:
        _create_form(lang)


def _create_form(lang: str) -> None:
    if made := st.session_state.get("panel_created"):
        _show_secrets(made, lang)
    with st.form("panel_create"):
        name = st.text_input(t("panel_f_name", lang))
        layer = st.radio(t("panel_f_layer", lang), ["regions", "towns"], horizontal=True,
                         format_func=lambda x: t(f"layer_{x}", lang))
        indicators = st.checkbox(t("panel_f_indicators", lang))
        mode = st.radio(t("panel_f_input", lang), list(service.INPUT_MODES), horizontal=True,
                        format_func=lambda x: t(f"panel_mode_{x}", lang),
                        help=t("panel_f_input_help", lang))
        rounds = st.number_input(t("panel_f_rounds", lang), min_value=1,
                                 max_value=service.MAX_ROUNDS, value=2)
        langs = st.multiselect(t("panel_f_languages", lang), list(LANGS), default=list(LANGS),
                               format_func=lambda x: LANG_NAMES.get(x, x))
        days = st.number_input(t("panel_f_days", lang), min_value=1, max_value=365, value=60)
        experts = st.text_area(t("panel_f_experts", lang),
                               placeholder=t("panel_f_experts_placeholder", lang))
        if st.form_submit_button(t("panel_f_create", lang), type="primary"):
            try:
                specs = _expert_lines(experts)
                spec = PanelSpec(
                    name=name, layer=layer, experts=specs,
                    languages=[str(x) for x in langs] or ["en"],
                    hierarchy=service.hierarchy_from_catalogue(catalogue(), layer,
                                                               indicators=indicators),
                    max_rounds=int(rounds), input_mode=mode, valid_days=int(days))
                with db.session() as s:
                    created = service.create_panel(s, spec, actor="facilitator (app)")
            except PanelError as exc:
                show_problems(exc, t("panel_f_not_created", lang), lang)
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
            problems.append((f"experts line {k}", msg("panel_weight_not_number",
                                                      value=parts[2])))
            continue
        out.append(ExpertSpec(parts[0], parts[1] if len(parts) > 1 else "", weight))
    if problems:
        raise PanelError(problems, "experts")
    return out


def _show_secrets(made: service.Created, lang: str) -> None:
    host = st.context.headers.get("host", "localhost:8501")
    base = f"http://{host}/"
    st.success(t("panel_f_created", lang))
    st.markdown(f"**{t('panel_f_secret', lang)}**")
    st.code(made.facilitator_token, language=None)
    st.markdown(f"**{t('panel_f_links', lang)}**")
    for name, tok in made.expert_tokens:
        st.markdown(md(name))
        st.code(f"{base}?panel_token={tok}", language=None)


# ----------------------------------------------------------------------------- dashboard
def _dashboard(secret: str, stt: PanelStatus, lang: str) -> None:
    st.subheader(md(stt.name))
    st.caption(t("panel_f_caption", lang, layer=t(f"layer_{stt.layer}", lang),
                 mode=t(f"panel_mode_{stt.input_mode}", lang), r=stt.round, m=stt.max_rounds,
                 langs=", ".join(LANG_NAMES.get(x, x) for x in stt.languages)))
    st.dataframe(pd.DataFrame([{
        "id": e.id, t("panel_c_expert", lang): e.name, t("panel_c_role", lang): e.role,
        t("panel_c_weight", lang): number(e.weight, lang, None),
        t("panel_c_submitted", lang): ", ".join(map(str, e.submitted_rounds)) or DASH,
        t("panel_c_drafted", lang, r=stt.round): e.draft_nodes,
        t("panel_c_expires", lang): (e.expires_at.date().isoformat() if e.expires_at
                                else t("panel_never", lang)),
    } for e in stt.experts]), hide_index=True)
    _offline(secret, stt, lang)
    method = st.selectbox(t("panel_f_aggregation", lang), list(group.AGGREGATIONS),
                          key="panel_method", help=t("panel_f_aggregation_help", lang))
    rnd = int(st.selectbox(t("panel_f_round", lang), list(range(stt.round, 0, -1)),
                           key="panel_round"))
    try:
        with db.session() as s:
            outcome = service.aggregate(s, secret, method, rnd)
            conv = service.convergence(s, secret, method)
            audit = service.audit_log(s, secret)
    except PanelError as exc:
        st.info(findings_text(exc, lang))
        return
    _results(outcome, lang)
    _convergence(conv, lang)
    _ranking(outcome, lang)
    _actions(secret, stt, outcome, conv, audit, lang)


def _offline(secret: str, stt: PanelStatus, lang: str) -> None:
    with st.expander(t("panel_f_offline", lang)):
        st.download_button(t("panel_f_download_tpl", lang),
                           workbook.template_bytes(stt, lang=lang, cat=catalogue()),
                           file_name=f"panel-{stt.id}-round-{stt.round}.xlsx",
                           key="panel_template")
        up = st.file_uploader(t("panel_f_import_file", lang), type=["xlsx"], key="panel_upload")
        if up is not None and st.button(t("panel_f_import", lang), key="panel_import"):
            try:
                entries, comments = workbook.read_template(up.getvalue(), stt, up.name)
                with db.session() as s:
                    done = service.import_entries(s, secret, entries, comments)
            except PanelError as exc:
                show_problems(exc, t("panel_f_import_bad", lang), lang)
            else:
                st.session_state.panel_imported = done
                st.rerun()
        if imported := st.session_state.get("panel_imported"):
            st.success(t("panel_f_imported", lang, names=md(", ".join(imported))))


def _results(o: Outcome, lang: str) -> None:
    crit = o.nodes[CRITERIA_NODE]
    st.markdown("### " + t("panel_f_group", lang, r=o.round, k=len(o.experts), m=o.method))
    c1, c2, c3 = st.columns(3)
    words = t(f"panel_w_{_consensus_word(crit.consensus)}", lang)
    c1.metric(t("panel_f_consensus", lang), percent(crit.consensus, lang, 1), help=words)
    c2.metric(t("panel_f_w", lang), number(crit.kendall_w, lang, 3))
    c3.metric(t("panel_f_cr", lang), t("panel_na", lang) if crit.cr is None
              else number(crit.cr, lang, 3))
    st.caption(t("panel_f_cons_caption", lang, words=words))
    for node, res in o.nodes.items():
        ids = o.hierarchy[node]
        with st.expander(node_title(node, lang), expanded=node == CRITERIA_NODE):
            group_col = t("panel_c_group", lang)
            table = pd.DataFrame({"id": ids,
                                  t("panel_c_name", lang): [element_name(i, lang) for i in ids],
                                  group_col: res.weights})
            for name, w in zip(o.experts, res.individual, strict=True):
                table[name] = w
            st.dataframe(table.style.format({c: lambda x: percent(x, lang, 1)
                                             for c in table.columns[2:]}), hide_index=True)
            dist = t("panel_c_distance", lang)
            far = pd.DataFrame({t("panel_c_expert", lang): o.experts, dist: res.distances,
                                t("panel_c_own_cr", lang): res.individual_cr})
            st.markdown(t("panel_f_far", lang))
            st.dataframe(far.sort_values(dist, ascending=False).style.format(
                lambda x: number(x, lang, 3), subset=[dist, t("panel_c_own_cr", lang)]),
                hide_index=True)
            if res.disagreement is not None:
                st.markdown(t("panel_f_heat", lang))
                st.vega_lite_chart(_heat(ids, res.disagreement, t("panel_heat_legend", lang)),
                                   width="stretch")


def _consensus_word(s: float) -> str:
    """Goepel's word scale for S* (bpmsg.com, "AHP consensus word scale", from 140 nodes of
    35 group projects): < 50 % very low, then four equal steps of 12.5 %."""
    for limit, word in ((0.5, "very_low"), (0.625, "low"), (0.75, "moderate"),
                        (0.875, "high")):
        if s < limit:
            return word
    return "very_high"


def _heat(ids: list[str], d: np.ndarray, legend: str) -> dict[str, Any]:
    rows = [{"a": a, "b": b, "gsd": float(d[i, j])} for i, a in enumerate(ids)
            for j, b in enumerate(ids) if i != j]
    return {"data": {"values": rows}, "height": 28 * len(ids), "mark": "rect",
            "encoding": {
                "x": {"field": "b", "type": "nominal", "sort": ids, "title": None},
                "y": {"field": "a", "type": "nominal", "sort": ids, "title": None},
                "color": {"field": "gsd", "type": "quantitative",
                          "scale": {"scheme": "oranges"}, "title": legend},
                "tooltip": [{"field": "a"}, {"field": "b"},
                            {"field": "gsd", "format": ".2f"}]}}


def _convergence(conv: list[dict[str, Any]], lang: str) -> None:
    st.markdown("### " + t("panel_f_conv", lang))
    table = pd.DataFrame(conv, columns=list(CONVERGENCE_DIGITS))
    fmt: dict[Any, str | Callable[[object], str] | None] = {
        t(f"panel_c_{c}", lang): _formatter(c == "consensus", d, lang)
        for c, d in CONVERGENCE_DIGITS.items()}
    st.dataframe(table.rename(columns=lambda c: t(f"panel_c_{c}", lang)).style.format(fmt),
                 hide_index=True)


def _formatter(as_percent: bool, digits: int, lang: str) -> Callable[[object], str]:
    """A cell formatter: a number, or a ratio as a percentage, with ``digits`` decimals."""
    return lambda x: percent(x, lang, digits) if as_percent else number(x, lang, digits)


def _base(lang: str) -> Scenario:
    ids = builtin_ids()
    ref = st.selectbox(t("panel_f_base", lang), ids,
                       index=ids.index("balanced") if "balanced" in ids else 0,
                       format_func=lambda i: load_scenario(i, catalogue()).display_name(lang),
                       key="panel_base")
    return load_scenario(ref, catalogue())


def _ranking(o: Outcome, lang: str) -> None:
    st.markdown("### " + t("panel_f_rank", lang))
    base = _base(lang)
    cat = catalogue()
    ds = load_bundled(o.layer)
    changes = service.ranking_changes(o, base, ds, cat, lang)
    st.session_state.panel_changes = changes
    grank = t("panel_c_group_rank", lang)
    table = pd.DataFrame({t("panel_c_unit", lang): changes["name"], grank: changes["group rank"]})
    for name in o.experts:
        table[t("panel_c_rank_of", lang, name=name)] = changes[f"rank {name}"]
        table[t("panel_c_shift_of", lang, name=name)] = changes[f"shift {name}"]
    st.caption(t("panel_f_shift", lang))
    st.dataframe(table.style.format(lambda x: number(x, lang, 0), subset=list(table.columns[1:])),
                 hide_index=False)
    st.session_state.panel_scenario = service.outcome_scenario(o, base)


def _actions(secret: str, stt: PanelStatus, o: Outcome, conv: list[dict[str, Any]],
             audit: list[dict[str, Any]], lang: str) -> None:
    st.markdown("### " + t("panel_f_next", lang))
    scenario: Scenario = st.session_state.panel_scenario
    changes: pd.DataFrame = st.session_state.panel_changes
    doc = {"result": service.outcome_dict(o), "scenario": scenario_to_doc(scenario),
           "ranking_changes": json.loads(changes.reset_index().to_json(orient="records")),
           "convergence": conv, "audit_log": audit}
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(t("panel_f_export_json", lang),
                       json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.json",
                       key="panel_export_json")
    c2.download_button(t("panel_f_export_toml", lang),
                       tomli_w.dumps(scenario_to_doc(scenario)).encode("utf-8"),
                       file_name=f"panel-{o.panel_id}-round-{o.round}.toml",
                       key="panel_export_toml")
    if c3.button(t("panel_f_save", lang), key="panel_save"):
        try:
            saved = ScenarioStore(catalogue=catalogue()).save(
                scenario, f"Panel {o.panel_id} round {o.round} {o.method}", overwrite=True)
        except (ValueError, OSError) as exc:
            st.error(md(exc))
        else:
            st.success(t("panel_f_saved", lang, name=md(saved.name)))
    if stt.round < stt.max_rounds and c4.button(t("panel_f_open_round", lang, r=stt.round + 1),
                                                key="panel_next"):
        try:
            with db.session() as s:
                service.next_round(s, secret)
        except PanelError as exc:
            st.error(findings_text(exc, lang))
        else:
            st.rerun()
