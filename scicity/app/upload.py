"""The user's own data: the uploader in the sidebar, and every problem with its place
shown in full above the results (the sidebar is too narrow to read them)."""

from __future__ import annotations

import streamlit as st

from scicity.app.resources import catalogue, md_text
from scicity.i18n import t
from scicity.io.uploads import read_upload
from scicity.view.problems import message_text, place_text

TYPES = ["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg"]


def upload_panel(lang: str, layer: str) -> None:
    """The uploader of ``layer``; a new file is read once and the page redrawn from it."""
    ss = st.session_state
    problems = ss.get("upload_problems", {}).get(layer, [])
    in_use = layer in ss.get("user_data", {})
    with st.sidebar.expander(t("upload_header", lang), expanded=bool(problems) or in_use):
        up = st.file_uploader(t("upload_label", lang), key=f"upload_{layer}", type=TYPES)
        user = ss.setdefault("user_data", {})
        if up is None:
            if ss.pop(f"upload_seen_{layer}", None) is not None:
                user.pop(layer, None)
                ss.get("upload_problems", {}).pop(layer, None)
                st.rerun()   # the results were drawn from the removed file
            return
        if ss.get(f"upload_seen_{layer}") != up.file_id:
            ss[f"upload_seen_{layer}"] = up.file_id
            ds, found = read_upload(up.name, up.getvalue(), layer, catalogue())
            if ds is None:
                user.pop(layer, None)
            else:
                user[layer] = ds
            ss.setdefault("upload_problems", {})[layer] = found   # translated when shown
            ss.setdefault("upload_names", {})[layer] = up.name
            ss.pop("selected", None)
            st.rerun()   # draw the results from the new data
        if layer in user:
            st.success(t("using_upload", lang, file=md_text(up.name),
                         n=len(user[layer].units)))
        if problems:
            st.caption(t("upload_see_main", lang, n=len(problems)))


def upload_report(lang: str, layer: str) -> None:
    """Above the results: the file's problems in full, and whether the bundled data is
    still in use because the file could not be used."""
    ss = st.session_state
    problems = ss.get("upload_problems", {}).get(layer, [])
    if not problems:
        return
    name = ss.get("upload_names", {}).get(layer, "")
    if layer not in ss.get("user_data", {}):
        st.error(t("upload_unusable", lang, file=md_text(name)))
    with st.expander(t("upload_errors", lang, file=md_text(name)), expanded=True):
        lines = []
        for p in problems:
            where = place_text(p, lang)
            mark = "⛔" if p.severity == "error" else "⚠"
            lines.append(f"- {mark} {md_text(where) + ': ' if where else ''}"
                         f"{md_text(message_text(p.content, lang))}")
        st.markdown("\n".join(lines))
