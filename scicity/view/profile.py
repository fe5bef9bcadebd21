"""A unit's profile (``scicity.engine.profile``) as a localised table: headers, values
with their units, the reference median with the number of units it is over, verdicts and
sources (title, publisher, year or "undated", qualifier) in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pandas as pd

from scicity.engine.profile import MIN_KNOWN
from scicity.i18n import DASH, as_float, is_missing, number, percent, t


def _value(v: object, lang: str) -> str:
    if is_missing(v):
        return DASH
    return number(v, lang, 0 if abs(as_float(v)) >= 1000 else None)


def with_unit(v: object, unit: str, lang: str) -> str:
    """``v`` written in ``lang`` followed by its ``unit`` (a gap: a dash)."""
    if is_missing(v):
        return DASH
    return f"{_value(v, lang)} {unit}".rstrip()


def source_text(cite: Mapping[str, object], source: Mapping[str, object] | None,
                lang: str) -> str:
    """A value's provenance as a reader sees it: the source's title and publisher, the
    value's year (else the source's; "undated" when neither has one), its qualifier in
    ``lang`` when not exact, the source id in brackets as the reference, then the note.
    ``cite``: ``source_id``, ``year``, ``qualifier``, ``note``; ``source``: the source's
    row of ``criteria/data/sources.csv`` (``title``, ``publisher``, ``year``) if known.
    Empty when the value has no source."""
    sid = str(cite.get("source_id") or "")
    if not sid:
        return ""
    src = source or {}

    def field(k: str) -> str:
        v = src.get(k)
        return "" if is_missing(v) or v is None else str(v).removesuffix(".0")

    title, publisher = field("title") or sid, field("publisher")
    year = str(cite.get("year") or "") or field("year")
    parts = [f"{title} ({publisher})" if publisher else title,
             year or t("source_undated", lang)]
    quals = [q for q in str(cite.get("qualifier") or "").split("+") if q and q != "exact"]
    parts += [t(f"qualifier_{q}", lang) for q in quals]
    text = ", ".join(parts) + f" [{sid}]"
    note = str(cite.get("note") or "")
    return f"{text} — {note}" if note else text


def source_row(sources: pd.DataFrame, sid: object) -> dict[str, object] | None:
    """The row of source ``sid`` in a dataset's source table (None if unknown)."""
    return (None if not sid or sid not in sources.index
            else {k: sources.at[sid, k] for k in sources.columns})


def reference_caption(kind: str, n_peers: int, layer: str, lang: str) -> str:
    """What the profile's medians are taken over (``kind``: ``ranked`` or ``layer``)."""
    return t(f"profile_reference_{kind}_{layer}", lang, n=n_peers, min=MIN_KNOWN)


def reference_text(r: Mapping[str, Any], lang: str) -> str:
    """The reference cell: the median with the count it is taken over, a flag's count of
    reference units that have it, or why there is no median."""
    if r["kind"] == "flag":
        return t("profile_have", lang, n=int(r["have"]), total=int(r["n_known"]))
    if is_missing(r["median"]):
        return t("profile_few", lang, n=int(r["n_known"]), total=int(r["n_peers"]),
                 min=MIN_KNOWN) if r["n_known"] < MIN_KNOWN else DASH
    median = (t("profile_on_value_scale", lang, value=number(r["median"], lang, 2))
              if r["scale"] == "value" else with_unit(r["median"], str(r["unit"]), lang))
    return t("profile_median_of", lang, median=median, n=int(r["n_known"]))


def value_text(r: Mapping[str, Any], lang: str) -> str:
    """The unit's value with its unit; a flag as yes/no; a value-function indicator
    also on its value scale."""
    if is_missing(r["value"]):
        return DASH
    if r["kind"] == "flag":
        return t("profile_flag_yes" if float(r["value"]) > 0 else "profile_flag_no", lang)
    text = with_unit(r["value"], str(r["unit"]), lang)
    if r["scale"] == "value":
        text += " (" + t("profile_on_value_scale", lang,
                         value=number(r["compared"], lang, 2)) + ")"
    return text


def _versus(r: Mapping[str, Any], lang: str) -> str:
    if not is_missing(r["ratio"]):
        return percent(r["ratio"], lang)
    if not is_missing(r["difference"]):
        d = float(r["difference"])
        return ("+" if d > 0 else "−" if d < 0 else "") + number(abs(d), lang, 2)
    return DASH


def profile_rows(prof: pd.DataFrame, lang: str,
                 sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per indicator (``scicity.engine.profile.profile``): criterion, name, value with
    its unit, the reference (median and how many units it is over), value ÷ median (on a
    value scale: value − median in value points), verdict and source (headers in
    ``lang``; ``sources``: the dataset's source table for titles and years)."""
    rec = cast(list[dict[str, Any]], prof.to_dict("records"))
    src = sources if sources is not None else pd.DataFrame(columns=["title"])
    return pd.DataFrame({
        t("wcol_criterion", lang): list(prof["criterion"]),
        t("profile_indicator", lang): list(prof["name"]),
        t("profile_value", lang): [value_text(r, lang) for r in rec],
        t("profile_median", lang): [reference_text(r, lang) for r in rec],
        t("profile_vs", lang): [_versus(r, lang) for r in rec],
        t("profile_verdict", lang): [t(f"profile_{r['verdict']}", lang) for r in rec],
        t("profile_source", lang): [source_text(r, source_row(src, r["source_id"]), lang)
                                       for r in rec],
    })


def contribution_rows(contrib: pd.DataFrame, method: str, lang: str) -> pd.DataFrame:
    """Per indicator used (``scicity.engine.profile.score_contributions``): criterion,
    name, raw value, normalised value, weight used and — TOPSIS — its shares of the
    distances to the ideal and the anti-ideal, or — the other methods — its contribution
    (headers in ``lang``)."""
    out = pd.DataFrame({
        t("wcol_criterion", lang): list(contrib["criterion"]),
        t("profile_indicator", lang): list(contrib["name"]),
        t("profile_value", lang): [
            with_unit(v, str(u), lang) for v, u in zip(
                contrib["value"], contrib.get("unit", [""] * len(contrib)), strict=True)],
        t("profile_contrib_normalised", lang): [
            "—" if is_missing(v) else number(v, lang, 3) for v in contrib["normalised"]],
        t("profile_contrib_weight", lang): [percent(v, lang, 1) for v in contrib["weight"]],
    })
    if method == "topsis":
        out[t("profile_contrib_ideal", lang)] = [percent(v, lang, 1)
                                                 for v in contrib["share_ideal"]]
        out[t("profile_contrib_anti", lang)] = [percent(v, lang, 1)
                                                for v in contrib["share_anti_ideal"]]
    else:
        out[t("profile_contrib_value", lang)] = [
            "—" if is_missing(v) else number(v, lang, 4) for v in contrib["contribution"]]
    return out


def contribution_caption(method: str, score: float, lang: str,
                         distances: tuple[float, float] | None = None,
                         s: float | None = None) -> str:
    """How to read the contributions of ``method`` (``distances``: TOPSIS's (D+, D−);
    ``s``: VIKOR's group utility)."""
    sc = number(score, lang, 3)
    if method == "topsis" and distances is not None:
        return t("profile_contrib_caption_topsis", lang, score=sc,
                 d_plus=number(distances[0], lang, 3), d_minus=number(distances[1], lang, 3))
    if method == "vikor":
        return t("profile_contrib_caption_vikor", lang, score=sc,
                 s="—" if s is None else number(s, lang, 3))
    if method == "promethee2":
        return t("profile_contrib_caption_promethee2", lang, score=sc)
    return t("profile_contrib_caption_wsm", lang, score=sc)
