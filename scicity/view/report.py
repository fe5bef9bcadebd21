"""A self-contained, printable HTML report of an evaluation, in Kazakh, Russian or English.

One file with no external resource: an inline SVG map, the ranking, the weights, a
plain description of the method, the notes and the data sources. Rendered from the
Jinja2 template ``scicity/templates/report.html.j2`` with autoescaping, so every string
from data or from the user is escaped; the rows are those of ``scicity.view.ranking``.
Printing (A4) repeats table headers, keeps rows and the legend whole and numbers pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import shapely
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from criteria.model import load_catalogue
from geodata.regions import load_regions
from scicity.engine.evaluate import Evaluation
from scicity.engine.robustness import RobustnessResult
from scicity.i18n import percent, t, translate
from scicity.io.exports import tool_version
from scicity.view import mapview
from scicity.view.ranking import (
    is_numeric,
    labels,
    ranking_rows,
    region_name,
    weights_labels,
    weights_rows,
)
from scicity.view.robustness import (
    legend_lines,
    stability_rows,
    ties_summary,
    units_rows,
    voi_numeric,
    voi_rows,
)

FloatOrArray = TypeVar("FloatOrArray", float, np.ndarray)

SVG_WIDTH = 760
_LAT0, _LON0, _COSLAT = 55.6, 46.3, math.cos(math.radians(48.0))
_SCALE = SVG_WIDTH / ((87.5 - _LON0) * _COSLAT)


@dataclass(frozen=True)
class Column:
    """A table column: header, whether it holds numbers (right-aligned) and its key."""

    label: str
    numeric: bool
    key: str = ""

    @property
    def css(self) -> str:
        """CSS classes of the column's cells."""
        return " ".join(c for c in ("num" if self.numeric else "", self.key) if c)


@dataclass(frozen=True)
class Table:
    """A table for the template: columns and rows of display text."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]

    def body(self) -> Markup:
        """The rows as HTML, ``<tr><td class="…">text</td>…</tr>`` one a line, every
        cell escaped (built here rather than in the template: a 10,000-unit layer has
        100,000 cells)."""
        opens = [f'<td class="{escape(c.css)}">' for c in self.columns]
        html = "".join(
            "<tr>" + "".join([f"{o}{escape(v)}</td>" for o, v in zip(opens, row, strict=True)])
            + "</tr>\n" for row in self.rows)
        return Markup(html)  # noqa: S704 - every cell and class is escaped above


def _rows(frame: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    """The frame's rows as tuples (read a column at a time: fast on text columns)."""
    return tuple(zip(*(frame.iloc[:, k].tolist() for k in range(frame.shape[1])),
                     strict=True))


def _view_table(frame: pd.DataFrame, names: dict[str, str]) -> Table:
    cols = tuple(Column(names[k], is_numeric(k), k) for k in frame.columns)
    return Table(cols, _rows(frame))


def _plain_table(frame: pd.DataFrame, numeric: set[str]) -> Table:
    cols = tuple(Column(str(c), c in numeric) for c in frame.columns)
    return Table(cols, _rows(frame))


def _css_string(text: object) -> str:
    """Text safe inside a double-quoted CSS string in a ``<style>`` element."""
    out = []
    for ch in str(text):
        out.append(f"\\{ord(ch):x} " if ch in '\\"<>&\'' or ord(ch) < 32 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("scicity", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["css_string"] = _css_string
    return env


def _xy(lon: FloatOrArray, lat: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """SVG coordinates of degrees (numbers or arrays)."""
    return (lon - _LON0) * _COSLAT * _SCALE, (_LAT0 - lat) * _SCALE


@lru_cache(maxsize=1)
def _region_paths() -> tuple[tuple[str, str], ...]:
    """(iso, SVG path data) for the web layer at the report's scale."""
    out = []
    for iso, geom in load_regions(web=True).geometry.items():
        parts = []
        for poly in getattr(geom, "geoms", [geom]):
            for ring in (poly.exterior, *poly.interiors):
                pts = [_xy(x, y) for x, y in shapely.get_coordinates(ring)]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        out.append((iso, "".join(parts)))
    return tuple(out)


def _shape(style: dict[str, object]) -> dict[str, object]:
    return {"fill": style["fillColor"], "stroke": style["color"], "width": style["weight"],
            "dash": style.get("dashArray", "")}


#: Above this many ranked scores the report's classes are Fisher–Jenks classes of
#: ``CLASS_SAMPLE`` of them, evenly spaced by rank (the exact classes cost O(k·n²) time);
#: the legend says so.
CLASS_SAMPLE = 1_000


def score_classes(scores: pd.Series, ascending: bool) -> mapview.Classes | None:
    """``mapview.classify`` of the ranked scores; above ``CLASS_SAMPLE`` scores, of the
    ``CLASS_SAMPLE`` scores at evenly spaced ranks from the lowest to the highest (like
    mapclassify's ``FisherJenksSampled``, but deterministic and spread like the data),
    scheme ``fisher_jenks_sampled``. The classes always span every score."""
    y = np.sort(scores.dropna().astype(float).to_numpy())
    if len(y) <= CLASS_SAMPLE:
        return mapview.classify(scores, ascending)
    at = np.unique(np.round(np.linspace(0, len(y) - 1, CLASS_SAMPLE)).astype(int))
    k = mapview.class_count(len(np.unique(y)))   # as many classes as for every score
    classes = mapview.classify(pd.Series(y[at]), ascending, k)
    if classes is None or classes.scheme != "fisher_jenks":
        return classes
    return replace(classes, scheme="fisher_jenks_sampled")


def _ranked_scores(ev: Evaluation) -> int:
    """How many ranked units have a score (the values classified)."""
    return int(ev.table.loc[ev.table["status"] == "ranked", "score"].notna().sum())


def svg_map(ev: Evaluation, lang: str) -> tuple[dict[str, object], mapview.Classes | None]:
    """The ranked layer for the template's inline SVG (regions filled by class, with the
    cities of republican significance as named dots in their class colour, or town
    circles labelled with their rank) and the score classes behind its legend."""
    ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
    classes = score_classes(ranked, ev.ascending)
    towns = ev.layer == "towns"
    paths = []
    for iso, d in _region_paths():
        if towns or iso not in ev.table.index:
            style = {"fillColor": "#ffffff", "color": "#999999", "weight": 0.6}
        else:
            # one row (unique ids); the stubs allow a frame
            style = mapview.unit_style(cast(pd.Series, ev.table.loc[str(iso)]), classes)
        title = (ev.table.loc[iso, f"name_{lang}"] if iso in ev.table.index
                 else region_name(iso, lang))
        paths.append({"d": d, "title": title, **_shape(style)})
    circles = []
    for iso, (lat, lon), style in mapview.city_dots(ev, classes):   # specks otherwise
        x, y = _xy(lon, lat)
        name = str(ev.table.loc[iso, f"name_{lang}"])
        circles.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "lx": f"{x + 9:.1f}",
                        "ly": f"{y + 4:.1f}", "title": name, "label": name, **_shape(style)})
    if towns:
        tb = ev.table.dropna(subset=["lat", "lon"]).sort_values("rank", ascending=False,
                                                                na_position="first")
        xs, ys = _xy(tb["lon"].to_numpy(float), tb["lat"].to_numpy(float))
        keys = list(tb.columns)
        records = (dict(zip(keys, values, strict=True))
                   for values in zip(*(tb.iloc[:, k].tolist() for k in range(len(keys))),
                                     strict=True))
        for uid, row, x, y in zip(tb.index, records, xs.tolist(), ys.tolist(), strict=True):
            circles.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "lx": f"{x + 9:.1f}",
                            "ly": f"{y + 4:.1f}", "title": f"{row[f'name_{lang}']} ({uid})",
                            "label": "" if pd.isna(row["rank"]) else str(int(row["rank"])),
                            # a record has the row's keys, which is all unit_style reads
                            **_shape(mapview.unit_style(cast(pd.Series, row), classes))})
    height = (_LAT0 - 40.4) * _SCALE
    return {"width": SVG_WIDTH, "height": f"{height:.0f}", "paths": paths,
            "circles": circles}, classes


def _legend(classes: mapview.Classes | None, lang: str, towns: bool) -> list[dict[str, str]]:
    items = []
    if classes is not None:
        items += [{"fill": c, "border": f"1px solid {mapview.OUTLINE}", "label": label}
                  for c, label in classes.legend(lang)]
    items.append({"fill": mapview.RESTRICTED_FILL, "border": "1px dashed #333333",
                  "label": t("legend_restricted", lang)})
    items.append({"fill": mapview.EXCLUDED_FILL, "border": "1px dotted #999999",
                  "label": t("legend_excluded", lang)})
    if towns:
        items.append({"fill": "#ffffff", "border": f"3px solid {mapview.PALETTE[3]}",
                      "label": t("legend_no_data", lang)})
    return items


def _robustness(res: RobustnessResult, ev: Evaluation, lang: str) -> dict[str, object]:
    model = (t("model_uniform", lang) if res.weight_model.kind == "uniform"
             else t("model_around", lang, p=res.weight_model.spread))
    names = dict(ev.table[f"name_{lang}"])
    units = units_rows(res, lang, names)
    k = res.top_k
    text = {t("col_name", lang), t("col_tied", lang, level=res.tie_level)}
    stab = stability_rows(res, lang)
    voi = voi_rows(res, lang, names)
    total = 0 if res.voi is None else len(res.voi)
    return {"intro": t("robust_intro", lang, n=res.samples, model=model),
            "tied": ties_summary(res, lang, names),
            "units": _plain_table(units, set(units.columns) - text),
            "stability_caption": t("robust_stability", lang, k=k),
            "stability": _plain_table(stab, set(stab.columns[1:])),
            "voi_title": t("report_voi", lang),
            "voi_intro": (t("voi_intro", lang, shown=len(voi), total=total) if total
                          else t("voi_none", lang)),
            "voi": _plain_table(voi, voi_numeric(lang)) if total else None,
            "notes_title": t("robust_notes", lang),
            "notes": [translate(n, lang) for n in res.notes]}


def report_html(ev: Evaluation, lang: str = "en", robustness: RobustnessResult | None = None
                ) -> str:
    """The whole report as one HTML document."""
    cat = load_catalogue()
    sc = ev.scenario
    svg, classes = svg_map(ev, lang)
    return _environment().get_template("report.html.j2").render(
        lang=lang,
        title=t("report_title", lang),
        page_label=t("report_page", lang),
        scenario_name=sc.display_name(lang),
        layer=t(f"layer_{ev.layer}", lang),
        generated=t("report_generated", lang, date=date.today().isoformat(),
                    version=tool_version()),
        print_hint=t("report_print", lang),
        description=" ".join(sc.display_description(lang).split()),
        h={"method": t("report_method", lang), "map": t("report_map", lang),
           "ranking": t("report_ranking", lang), "weights": t("report_weights", lang),
           "notes": t("notes", lang), "robustness": t("report_robustness", lang),
           "sources": t("report_sources", lang)},
        method_text=t(f"describe_{sc.method}", lang),
        normalization=f"{t('normalization', lang)}: {t(f'norm_{sc.normalization}', lang)}.",
        gate=f"{t('gate_header', lang)}: {percent(sc.gate.threshold, lang, 1)}.",
        criteria=[{"id": c.id, "name": c.name.get(lang)} for c in cat.criteria],
        svg=svg,
        legend_title=(None if classes is None else
                      t("legend_title", lang, scheme=t(f"scheme_{classes.scheme}", lang,
                                                       sample=CLASS_SAMPLE,
                                                       total=_ranked_scores(ev)))),
        legend=_legend(classes, lang, ev.layer == "towns"),
        legend_tied=legend_lines(robustness, lang, dict(ev.table[f"name_{lang}"])),
        direction=t("score_lower" if ev.ascending else "score_higher", lang),
        ranking=_view_table(ranking_rows(ev, lang).drop(columns="flags"),
                            labels(ev, lang, long=False)),
        weights=_view_table(weights_rows(ev, lang), weights_labels(lang)),
        notes=[translate(n, lang) for n in ev.notes],
        robustness=None if robustness is None else _robustness(robustness, ev, lang),
        sources=[{"id": sid, "title": s["title"], "publisher": s["publisher"],
                  "year": s["year"], "url": s["url"]} for sid, s in ev.sources.iterrows()],
    )
