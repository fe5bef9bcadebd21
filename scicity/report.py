"""A self-contained, printable HTML report of an evaluation, in Kazakh, Russian or English.

One file with no external resource: an inline SVG map, the ranking, the weights, a
plain description of the method, the notes and the data sources. Every string that
comes from data or from the user is escaped.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

import pandas as pd
import shapely

from criteria.model import load_catalogue
from geodata.regions import load_regions
from scicity import mapview
from scicity.engine import Evaluation
from scicity.exports import tool_version
from scicity.i18n import t, translate
from scicity.robustness import RobustnessResult
from scicity.view.ranking import esc, labels, localized, ranking_rows, weights_labels, weights_rows

SVG_WIDTH = 760
_LAT0, _LON0, _COSLAT = 55.6, 46.3, math.cos(math.radians(48.0))


_esc = esc


def _xy(lon: float, lat: float, scale: float) -> tuple[float, float]:
    return (lon - _LON0) * _COSLAT * scale, (_LAT0 - lat) * scale


@lru_cache(maxsize=1)
def _region_paths() -> tuple[tuple[str, str], ...]:
    """(iso, SVG path data) for the web layer at the report's scale."""
    scale = SVG_WIDTH / ((87.5 - _LON0) * _COSLAT)
    out = []
    for iso, geom in load_regions(web=True).geometry.items():
        parts = []
        for poly in getattr(geom, "geoms", [geom]):
            for ring in (poly.exterior, *poly.interiors):
                pts = [_xy(x, y, scale) for x, y in shapely.get_coordinates(ring)]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        out.append((iso, "".join(parts)))
    return tuple(out)


def svg_map(ev: Evaluation, lang: str) -> str:
    """The ranked layer as an inline SVG (regions filled by class, or town circles)."""
    scale = SVG_WIDTH / ((87.5 - _LON0) * _COSLAT)
    height = (_LAT0 - 40.4) * scale
    ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
    classes = mapview.classify(ranked, ev.ascending)
    towns = ev.layer == "towns"
    shapes = []
    for iso, d in _region_paths():
        if towns or iso not in ev.table.index:
            style = {"fillColor": "#ffffff", "color": "#999999", "weight": 0.6}
        else:
            style = mapview.unit_style(ev.table.loc[iso], classes)
        title = _esc(ev.table.loc[iso, f"name_{lang}"]) if iso in ev.table.index else iso
        dash = f' stroke-dasharray="{style["dashArray"]}"' if "dashArray" in style else ""
        shapes.append(f'<path d="{d}" fill="{style["fillColor"]}" stroke="{style["color"]}" '
                      f'stroke-width="{style["weight"]}" fill-rule="evenodd"{dash}>'
                      f"<title>{title}</title></path>")
    if towns:
        tb = ev.table.dropna(subset=["lat", "lon"]).sort_values("rank", ascending=False,
                                                                na_position="first")
        for uid, row in tb.iterrows():
            x, y = _xy(float(row["lon"]), float(row["lat"]), scale)
            style = mapview.unit_style(row, classes)
            dash = f' stroke-dasharray="{style["dashArray"]}"' if "dashArray" in style else ""
            label = "" if pd.isna(row["rank"]) else str(int(row["rank"]))
            shapes.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{style["fillColor"]}" '
                f'stroke="{style["color"]}" stroke-width="1.2"{dash}>'
                f"<title>{_esc(row[f'name_{lang}'])} ({_esc(uid)})</title></circle>"
                f'<text x="{x + 9:.1f}" y="{y + 4:.1f}" font-size="10">{_esc(label)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {height:.0f}" '
            f'width="100%" role="img">{"".join(shapes)}</svg>'
            + mapview.legend_html(classes, lang, towns))


def _table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
                   for row in df.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _num(v: object, digits: int) -> str:
    return "—" if v is None or pd.isna(v) else f"{float(v):.{digits}f}"


def robustness_html(res: RobustnessResult, lang: str) -> str:
    """The robustness summary: rank intervals and weight stability intervals."""
    model = (t("model_uniform", lang) if res.weight_model.kind == "uniform"
             else t("model_around", lang, p=res.weight_model.spread))
    k = res.top_k
    u = res.units
    units = pd.DataFrame({
        t("col_rank", lang): u["rank"],
        t("col_name", lang): u["name"],
        t("col_median_rank", lang): u["median_rank"],
        t("col_interval", lang): [f"{a:.0f}–{b:.0f}" for a, b in
                                  zip(u["rank_p05"], u["rank_p95"], strict=True)],
        t("col_p_top", lang, k=k): [f"{p:.0%}" for p in u["p_top_k"]],
    })
    st = res.stability
    stab = pd.DataFrame({
        "C": st.index,
        t("col_weight", lang): [f"{w:.0%}" for w in st["weight"]],
        t("col_first", lang): [f"{a:.0%}–{b:.0%}" for a, b in
                               zip(st["first_lo"], st["first_hi"], strict=True)],
        t("col_topk", lang, k=k): [f"{a:.0%}–{b:.0%}" for a, b in
                                   zip(st["top_k_lo"], st["top_k_hi"], strict=True)],
    })
    return (f"<p>{_esc(t('robust_intro', lang, n=res.samples, model=model))}</p>"
            f"{_table(units)}<p>{_esc(t('robust_stability', lang, k=k))}</p>{_table(stab)}")


def report_html(ev: Evaluation, lang: str = "en", robustness: RobustnessResult | None = None
                ) -> str:
    """The whole report as one HTML document."""
    cat = load_catalogue()
    ranking = localized(ranking_rows(ev, lang).drop(columns="flags"), labels(ev, lang, False))
    weights = localized(weights_rows(ev, lang), weights_labels(lang))
    crit_rows = "".join(f"<li><b>{_esc(c.id)}</b> {_esc(c.name.get(lang))}</li>"
                        for c in cat.criteria)
    sources = "".join(
        f"<li>[{_esc(sid)}] {_esc(s['title'])} — {_esc(s['publisher'])}, {_esc(s['year'])}"
        + (f" &lt;{_esc(s['url'])}&gt;" if s["url"] else "") + "</li>"
        for sid, s in ev.sources.iterrows())
    notes = "".join(f"<li>{_esc(translate(n, lang))}</li>" for n in ev.notes)
    sc = ev.scenario
    robust = ("" if robustness is None else
              f"<h2>{_esc(t('report_robustness', lang))}</h2>{robustness_html(robustness, lang)}")
    return f"""<!DOCTYPE html>
<html lang="{_esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(t('report_title', lang))} — {_esc(sc.display_name(lang))}</title>
<style>
body {{ font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif;
       margin: 2rem auto; max-width: 62rem; color: #222; line-height: 1.4; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.82rem; margin: 0.5rem 0; }}
th, td {{ border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f2f2f2; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 1.6rem; }}
.meta {{ color: #555; font-size: 0.9rem; }}
@media print {{ body {{ margin: 0; max-width: none; }} .noprint {{ display: none; }}
  h2 {{ break-after: avoid; }} tr {{ break-inside: avoid; }} }}
</style></head><body>
<h1>{_esc(t('report_title', lang))}</h1>
<p class="meta">{_esc(sc.display_name(lang))} · {_esc(t(f'layer_{ev.layer}', lang))} ·
{_esc(t('report_generated', lang, date=date.today().isoformat(), version=tool_version()))}</p>
<p class="noprint meta">{_esc(t('report_print', lang))}</p>
<p>{_esc(" ".join(sc.description.split()))}</p>
<h2>{_esc(t('report_method', lang))}</h2>
<p>{_esc(t(f'describe_{sc.method}', lang))}
{_esc(t('normalization', lang))}: {_esc(t(f'norm_{sc.normalization}', lang))}.
{_esc(t('gate_header', lang))}: {sc.gate.threshold:.1%}.</p>
<ul>{crit_rows}</ul>
<h2>{_esc(t('report_map', lang))}</h2>
{svg_map(ev, lang)}
<h2>{_esc(t('report_ranking', lang))}</h2>
<p class="meta">{_esc(t('score_lower' if ev.ascending else 'score_higher', lang))}</p>
{_table(ranking)}
<h2>{_esc(t('report_weights', lang))}</h2>
{_table(weights)}
<h2>{_esc(t('notes', lang))}</h2><ul>{notes}</ul>
{robust}
<h2>{_esc(t('report_sources', lang))}</h2><ul>{sources}</ul>
</body></html>
"""
