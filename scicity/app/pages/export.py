"""Export: CSV, XLSX, GeoJSON and the printable report of exactly what is shown — a
changed scenario is named "… — modified" in the file names, the report header and the
XLSX metadata, and inconsistent AHP judgements are stated in each. The report's
robustness part samples the data's intervals too; the figures to request first (the
value-of-information list) are a download of their own."""

import streamlit as st

from scicity.app.context import ROBUST_SAMPLES, current
from scicity.app.resources import dataset, md_text
from scicity.app.uncertainty import analysable, analysis, figures_csv
from scicity.i18n import t
from scicity.io import exports
from scicity.io.geoexport import geojson_bytes
from scicity.view.report import report_html

ctx = current()
lang, layer, ev = ctx.lang, ctx.layer, ctx.ev
def show() -> None:
    if ctx.changes:
        st.warning(t("modified_marker", lang, changes=md_text("; ".join(ctx.changes))))
    if ctx.inconsistent_cr is not None:
        st.error(t("ahp_inconsistent", lang, cr=ctx.inconsistent_cr))
    stem = f"scicity_{layer}_{ev.scenario.id}"
    robust, ds = analysable(ev), dataset(layer)   # the downloads run after this page
    st.download_button(t("export_csv", lang), data=lambda: exports.csv_bytes(ev, lang),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore")
    st.download_button(t("export_xlsx", lang), data=lambda: exports.xlsx_bytes(ev, lang),
                       file_name=f"{stem}.xlsx", key="dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.download_button(t("export_geojson", lang), data=lambda: geojson_bytes(ev, lang),
                       file_name=f"{stem}.geojson", mime="application/geo+json",
                       key="dl_geojson", on_click="ignore")
    st.download_button(t("export_report", lang),
                       data=lambda: report_html(ev, lang, analysis(
                           ev, ROBUST_SAMPLES, data=ds) if robust else None
                       ).encode("utf-8"),
                       file_name=f"{stem}_{lang}.html", mime="text/html", key="dl_report",
                       on_click="ignore")
    if robust:
        st.download_button(t("voi_csv", lang), data=lambda: figures_csv(ev, ds),
                           file_name=f"{stem}_figures.csv", mime="text/csv",
                           key="dl_voi_export", on_click="ignore")


if ev is not None:
    show()
