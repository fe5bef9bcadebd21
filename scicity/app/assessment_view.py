"""Tables of the app's "Assessment" page (pure: no Streamlit): the Concept's Model 2
(settlements under the 3 % rule, with the share interval) and Model 1 (large cities and
their host organisations), each row with its recommendation and reasons in ``lang``."""

from __future__ import annotations

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from criteria.caveats import caveat_message
from criteria.dataset import Dataset
from scicity.engine.assessment import load_hosts, model1_table, recommend
from scicity.engine.evaluate import Evaluation
from scicity.i18n import integer, t, translate
from scicity.view import dossier as dossier_view
from scicity.view.ranking import gate_label

#: Order of the 3 % rule's states in the Model 2 table (the eligible first).
STATE_ORDER = {"eligible": 0, "undetermined": 1, "no_data": 2, "restricted": 3}


def recommendations(ds: Dataset, ev: Evaluation, m1: pd.DataFrame | None = None
                    ) -> dict[str, tuple[str, tuple]]:
    """Every town's recommendation and reasons (messages), by id."""
    m1 = model1_table(ds, ev) if m1 is None else m1
    return {str(u): recommend(ds, ev, str(u), m1) for u in ev.table.index}


def reasons_text(reasons: tuple, lang: str) -> str:
    """The reasons in ``lang``, one sentence after the other (a Model 1 host's name and
    kind in ``lang`` too)."""
    return "; ".join(translate(localise_host(r, lang), lang) for r in reasons)


localise_host = dossier_view.localise_host   # shared with the dossier document


def model2_rows(ev: Evaluation, recs: dict[str, tuple[str, tuple]], lang: str
                ) -> pd.DataFrame:
    """Model 2: every settlement with its 3 % rule state and share interval, rank,
    recommendation and reasons; eligible first, then undetermined, no data, restricted."""
    tb = ev.table
    rank = pd.to_numeric(tb["rank"], errors="coerce").fillna(1e9)
    state = tb["gate_state"].astype(str).map(lambda s: STATE_ORDER.get(s, 9))
    order = sorted(tb.index, key=lambda u: (state[u], rank[u], str(u)))
    rows = []
    for u in order:
        r = tb.loc[u]
        rec, why = recs[str(u)]
        rows.append({
            t("col_name", lang): r[f"name_{lang}"],
            t("col_gate", lang): gate_label(r["gate_state"], r["gate_share"],
                                            r["gate_estimate"], r["gate_lower_bound"], lang,
                                            r.get("gate_share_low"), r.get("gate_share_high")),
            t("col_rank", lang): "—" if pd.isna(r["rank"]) else integer(r["rank"], lang),
            t("assess_col_recommendation", lang): t(f"rec_{rec}", lang),
            t("assess_col_reasons", lang): reasons_text(
                (*why, *((cav,) if (cav := caveat_message(str(u))) else ())), lang),
        })
    return pd.DataFrame(rows)


def model1_rows(ev: Evaluation, m1: pd.DataFrame, recs: dict[str, tuple[str, tuple]],
                lang: str) -> pd.DataFrame:
    """Model 1: every large city with its host organisation (or none recorded), the
    criteria with sourced values (of 4), the recommendation and the reasons."""
    hosts = load_hosts().drop_duplicates("host_id").set_index("host_id")
    rows = []
    for h in m1.to_dict("records"):
        rec, why = recs[str(h["id"])]
        host = (hosts.at[h["host_id"], f"name_{lang}"] if h["host_id"] in hosts.index
                else h["host"])
        rows.append({
            t("col_name", lang): ev.table.at[h["id"], f"name_{lang}"],
            t("assess_col_host", lang): (host if h["host_id"]
                                         else t("assess_no_host", lang)),
            t("assess_col_known", lang): dossier_view.model1_cells(
                {**{str(k): v for k, v in h.items()}, "host": h["host_id"]}, lang)["known_text"],
            t("assess_col_recommendation", lang): t(f"rec_{rec}", lang),
            t("assess_col_reasons", lang): reasons_text(why, lang),
        })
    return pd.DataFrame(rows)


def dossier_body(d: dict[str, object], lang: str = "en") -> str:
    """The dossier ``d`` (``scicity.engine.dossier.build``) as an HTML fragment for the page: the
    document's body without its page-wide style (every value escaped by autoescape)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("_dossier_body.html.j2").render(
        d=dossier_view.page_data(d, lang))
