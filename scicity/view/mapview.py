"""The ranked layer as map content: score classes, colours, and Folium layers.

Colours and classes are computed here once and shared by the interactive map (Folium)
and the printable report (SVG). Popups and tooltips show the localised rows of
``scicity.view.ranking``; every string that reaches the map's HTML is escaped with its
``esc``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Template

from geodata.regions import load_regions
from scicity.engine.evaluate import Evaluation, settling_figure
from scicity.i18n import number, t, translate
from scicity.view.ranking import SCORE_DIGITS, criteria_order, esc, labels, ranking_rows

#: Sequential palette, light (worst class) to dark (best class): ColorBrewer YlGnBu-5.
PALETTE: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
RESTRICTED_FILL = "#bdbdbd"
EXCLUDED_FILL = "#f0f0f0"
OUTLINE = "#555555"
#: Leaflet served by Streamlit's static file serving (see .streamlit/config.toml), so the
#: map works with no internet.
LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
KZ_CENTER = (48.2, 67.0)
KZ_BOUNDS = ((40.5, 46.4), (55.5, 87.4))


@dataclass(frozen=True)
class Classes:
    """Score classes: upper bounds per class (best class last) and the scheme name."""

    bins: tuple[float, ...]
    lower: float
    scheme: str   # "fisher_jenks" or "single"
    ascending: bool

    def index(self, score: float) -> int:
        """Class of ``score``: 0 = worst … len(bins)−1 = best."""
        k = int(np.searchsorted(np.asarray(self.bins), score, side="left"))
        k = min(k, len(self.bins) - 1)
        return len(self.bins) - 1 - k if self.ascending else k

    def colour(self, score: float) -> str:
        """Fill colour of ``score`` (dark = better)."""
        n = len(self.bins)
        offset = len(PALETTE) - n
        return PALETTE[offset + self.index(score)]

    def legend(self, lang: str = "en") -> list[tuple[str, str]]:
        """(colour, label) per class, best first, numbers in ``lang``."""
        edges = [self.lower, *self.bins]
        rows = [(self.colour((edges[i] + edges[i + 1]) / 2),
                 f"{number(edges[i], lang, SCORE_DIGITS)} – "
                 f"{number(edges[i + 1], lang, SCORE_DIGITS)}")
                for i in range(len(self.bins))]
        return list(reversed(rows)) if not self.ascending else rows


def fisher_jenks(y: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds (ascending) of the ``k`` Fisher–Jenks classes of ``y``: the partition
    of the sorted values into ``k`` runs with the least total within-class sum of squares
    (exact dynamic programme, O(k·n²)).

    The same classes as ``mapclassify.FisherJenks`` (tests/test_mapview.py checks it),
    computed here because importing mapclassify pulls in scikit-learn and scipy.stats and
    costs about 1.5 s of the app's start-up; its Fisher–Jenks also needs numba to be fast.
    """
    x = np.sort(np.asarray(y, dtype=float))
    n = len(x)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def cost(i: np.ndarray, j: int) -> np.ndarray:   # SSD of x[i:j]
        m = j - i
        return s2[j] - s2[i] - (s1[j] - s1[i]) ** 2 / m

    best = np.full((k + 1, n + 1), np.inf)
    start = np.zeros((k + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)
            total = best[c - 1, i] + cost(i, j)
            a = int(np.argmin(total))
            best[c, j], start[c, j] = total[a], i[a]
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(x[j - 1])
        j = start[c, j]
    return np.asarray(bounds[::-1])


def classify(scores: pd.Series, ascending: bool, k: int = 5) -> Classes | None:
    """Fisher–Jenks classes of the ranked units' scores; None if there is no score."""
    y = scores.dropna().astype(float).to_numpy()
    if len(y) == 0:
        return None
    k = max(1, min(k, len(np.unique(y))))
    if k == 1:
        return Classes((float(y.max()),), float(y.min()), "single", ascending)
    bins = fisher_jenks(y, k)
    return Classes(tuple(float(b) for b in bins), float(y.min()), "fisher_jenks", ascending)


def popup_html(ev: Evaluation, uid: str, lang: str, crit_names: dict[str, str] | None = None,
               rows: pd.DataFrame | None = None) -> str:
    """The popup of one unit (escaped): the localised row of ``scicity.view.ranking`` —
    rank, score, sub-scores, 3 % rule, flags and, when not ranked, why. ``rows``: the
    layer's ``ranking_rows`` when already built; ``crit_names`` is not used any more."""
    row = (rows if rows is not None else ranking_rows(ev, lang)).loc[uid].to_dict()
    return _popup(uid, row, labels(ev, lang), criteria_order(ev),
                  bool(ev.table.at[uid, "status"] == "ranked"), _deciders(ev, lang).get(uid, ""))


def _deciders(ev: Evaluation, lang: str) -> dict[str, str]:
    """For each town the 3 % rule leaves undetermined, what would settle it (the researcher
    count, or the employed figure when no count alone can), in words."""
    tb = ev.table
    if ev.layer != "towns" or "gate_decider" not in tb:
        return {}
    thr = float(ev.scenario.gate.threshold)
    return {str(u): translate(settling_figure(float(d), float(c), thr), lang)
            for u, s, d, c in zip(tb.index, tb["gate_state"], tb["gate_decider"],
                                  tb["gate_researchers_high"], strict=True)
            if s == "undetermined" and pd.notna(d)}


def _popup(uid: str, row: dict, head: dict[str, str], criteria: tuple[str, ...],
           ranked: bool, decider: str = "") -> str:
    lines = [f"<b>{esc(row['name'])}</b> ({esc(uid)})",
             f"{esc(head['rank'])}: {esc(row['rank'])} · {esc(head['score'])}: "
             f"{esc(row['score'])}"]
    for c in criteria:
        lines.append(f"{esc(head[f'sub_{c}'])}: {esc(row[f'sub_{c}'])}")
    lines.append(f"{esc(head['gate'])}: {esc(row['gate'])}")
    if decider:
        lines.append(f"<i>{esc(decider)}</i>")
    if not ranked:
        lines.append(f"<i>{esc(row['status'])}</i>")
    elif row["flags"]:
        lines.append(f"<i>{esc(row['flags'])}</i>")
    return "<br>".join(lines)


def tooltip_html(ev: Evaluation, uid: str, lang: str, rows: pd.DataFrame | None = None
                 ) -> str:
    """The hover text of one unit (escaped): ``#rank name · score · 3 % rule``."""
    return _tooltip((rows if rows is not None else ranking_rows(ev, lang)).loc[uid].to_dict())


def _tooltip(row: dict) -> str:
    """``#rank name · score · 3 % rule state and interval``."""
    rank = row["rank"] if row["rank"] == "—" else f"#{row['rank']}"
    return f"{esc(rank)} {esc(row['name'])} · {esc(row['score'])} · {esc(row['gate'])}"


def _texts(ev: Evaluation, lang: str) -> dict[str, tuple[str, str]]:
    """(tooltip, popup) of every unit, from one build of the localised rows."""
    rows = ranking_rows(ev, lang).to_dict("index")
    head, crit = labels(ev, lang), criteria_order(ev)
    status = ev.table["status"].to_dict()
    deciders = _deciders(ev, lang)
    return {str(uid): (_tooltip(r), _popup(str(uid), r, head, crit, status[uid] == "ranked",
                                           deciders.get(str(uid), "")))
            for uid, r in rows.items()}


def unit_style(row: pd.Series, classes: Classes | None) -> dict[str, object]:
    """Leaflet path style of a unit: class colour if ranked; grey dashed if below the
    3 % rule; pale if otherwise not ranked; a white fill with a coloured ring when the
    3 % rule has no data."""
    if row["status"] == "restricted":
        return {"fillColor": RESTRICTED_FILL, "color": "#333333", "weight": 1.5,
                "dashArray": "4 3", "fillOpacity": 0.8}
    if row["status"] != "ranked" or classes is None or pd.isna(row["score"]):
        return {"fillColor": EXCLUDED_FILL, "color": "#999999", "weight": 1,
                "dashArray": "2 2", "fillOpacity": 0.6}
    colour = classes.colour(float(row["score"]))
    return {"fillColor": colour, "color": OUTLINE, "weight": 1, "fillOpacity": 0.85}


class StyledGeoJson(folium.MacroElement):
    """GeoJSON drawn with each feature's own ``style`` property (points as circle
    markers), with the ``tip`` and ``popup`` properties (escaped HTML) bound to it.

    One Leaflet layer and one template compiled once, instead of Folium's GeoJson with
    per-element tooltip and popup objects: the map update a slider move sends is smaller
    and is built several times faster.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data_json }}, {
            style: function (f) { return f.properties.style; },
            pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, f.properties.style); },
            interactive: {{ this.interactive|tojson }},
            onEachFeature: function (f, layer) {
                if (f.properties.tip) { layer.bindTooltip(f.properties.tip, {sticky: true}); }
                if (f.properties.popup) {
                    layer.bindPopup(f.properties.popup, {maxWidth: 320}); }
                layer.on("mouseover", function () { if (layer.setStyle) {
                    layer.setStyle({weight: 3}); } });
                layer.on("mouseout", function () { if (layer.setStyle) {
                    layer.setStyle({weight: f.properties.style.weight || 1}); } });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: dict, interactive: bool = True):
        super().__init__()
        self._name = "StyledGeoJson"
        self.data_json = script_json(data)
        self.interactive = interactive


_LEFT, _RIGHT = "\ue000", "\ue001"   # stand-ins for braces inside strings


def _without_braces(obj: object) -> object:
    if isinstance(obj, str):
        return obj.replace("{", _LEFT).replace("}", _RIGHT)
    if isinstance(obj, dict):
        return {k: _without_braces(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_without_braces(v) for v in obj]
    return obj


def script_json(obj: object) -> str:
    """JSON safe to place in a ``<script>`` and inside a Jinja template: ``<``, ``>``,
    ``&`` and braces within strings are written as ``\\u`` escapes, so text from data can
    neither close the script nor be run as a template when branca renders the page (JSON's
    own braces never form ``{{`` or ``{%``: an object always opens with a key)."""
    text = json.dumps(_without_braces(obj), ensure_ascii=False, separators=(",", ":"))
    for raw, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                      (_LEFT, "\\u007b"), (_RIGHT, "\\u007d")):
        text = text.replace(raw, code)
    return text


#: Decimal places of map coordinates: 1e-4 degree is about 10 m, far below what a
#: national map shows, and keeps the update a slider move sends small.
MAP_DECIMALS = 4


@lru_cache(maxsize=1)
def region_geometries() -> tuple[tuple[str, dict], ...]:
    """(iso, GeoJSON geometry) of the web layer, rounded and converted once (read-only).
    Shared vertices round to the same point, so shared borders stay shared."""
    gdf = load_regions(web=True)
    return tuple((iso, shapely.transform(geom, lambda xy: np.round(xy, MAP_DECIMALS)
                                         ).__geo_interface__)
                 for iso, geom in zip(gdf.index, gdf.geometry, strict=True))


def base_map() -> folium.Map:
    """An empty map of Kazakhstan with local Leaflet assets; tiles load when online."""
    m = folium.Map(location=KZ_CENTER, zoom_start=5, tiles="OpenStreetMap",
                   control_scale=True)
    m.fit_bounds(KZ_BOUNDS)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m


def region_layer(ev: Evaluation, lang: str, crit_names: dict[str, str],
                 classes: Classes | None, styles: dict[str, dict] | None = None
                 ) -> folium.FeatureGroup:
    """The regions as a choropleth; ``styles`` overrides the style per ISO code."""
    texts = _texts(ev, lang)
    feats = []
    for iso, geom in region_geometries():
        if iso not in ev.table.index:
            continue
        # one unit id selects one row (pandas-stubs: a row or a frame)
        row = cast(pd.Series, ev.table.loc[iso])
        style = styles[iso] if styles is not None else unit_style(row, classes)
        feats.append({"type": "Feature", "id": iso, "geometry": geom,
                      "properties": {"id": iso, "style": style,
                                     "tip": texts[iso][0], "popup": texts[iso][1]}})
    fg = folium.FeatureGroup(name="units")
    StyledGeoJson({"type": "FeatureCollection", "features": feats}).add_to(fg)
    return fg


def town_layer(ev: Evaluation, lang: str, crit_names: dict[str, str],
               classes: Classes | None, styles: dict[str, dict] | None = None
               ) -> folium.FeatureGroup:
    """Region outlines for context and towns as circles sized and coloured by score."""
    outlines = [{"type": "Feature", "geometry": g,
                 "properties": {"style": {"fillOpacity": 0, "color": "#888888", "weight": 0.8}}}
                for _, g in region_geometries()]
    units = ev.table
    texts = _texts(ev, lang)
    ranked = units["score"].dropna().astype(float)
    lo, hi = (ranked.min(), ranked.max()) if len(ranked) else (0.0, 1.0)
    points = []
    for uid in units.sort_values("rank", ascending=False, na_position="first").index:
        row = units.loc[uid]
        if pd.isna(row.get("lat")) or pd.isna(row.get("lon")):
            continue
        style = dict(styles[uid] if styles is not None else unit_style(row, classes))
        rel = 0.5 if pd.isna(row["score"]) or hi == lo else (row["score"] - lo) / (hi - lo)
        if ev.ascending and not pd.isna(row["score"]):
            rel = 1 - rel
        if row["status"] == "ranked" and row["gate_state"] == "no_data" and styles is None:
            style.update({"color": style["fillColor"], "fillColor": "#ffffff", "weight": 3})
        style.update({"radius": float(5 + 9 * rel), "fill": True})
        points.append({"type": "Feature", "id": uid,
                       "geometry": {"type": "Point",
                                    "coordinates": [float(row["lon"]), float(row["lat"])]},
                       "properties": {"id": uid, "style": style,
                                      "tip": texts[uid][0], "popup": texts[uid][1]}})
    fg = folium.FeatureGroup(name="units")
    StyledGeoJson({"type": "FeatureCollection", "features": outlines},
                  interactive=False).add_to(fg)
    StyledGeoJson({"type": "FeatureCollection", "features": points}).add_to(fg)
    return fg


def legend_html(classes: Classes | None, lang: str, towns: bool,
                tied: Sequence[str] = ()) -> str:
    """A small HTML legend (our own text and numbers only); ``tied``: lines on the
    statistically tied groups, escaped (they carry unit names)."""
    parts = []
    if classes is not None:
        scheme = t(f"scheme_{classes.scheme}", lang)
        parts.append(f"<b>{esc(t('legend_title', lang, scheme=scheme))}</b>")
        for colour, label in classes.legend(lang):
            parts.append(_swatch(colour, OUTLINE, "", label))
    parts.append(_swatch(RESTRICTED_FILL, "#333333", "dashed", t("legend_restricted", lang)))
    parts.append(_swatch(EXCLUDED_FILL, "#999999", "dotted", t("legend_excluded", lang)))
    if towns:
        parts.append(_swatch("#ffffff", PALETTE[3], "solid", t("legend_no_data", lang),
                             width=3))
    parts += [esc(line) for line in tied]
    return ('<div class="scicity-legend" style="font-size:0.85rem;line-height:1.6">'
            + "<br>".join(parts) + "</div>")


def _swatch(fill: str, stroke: str, dash: str, label: str, width: int = 1) -> str:
    border = f"{width}px {dash or 'solid'} {stroke}"
    return (f'<span style="display:inline-block;width:14px;height:14px;background:{fill};'
            f'border:{border};vertical-align:middle;margin-right:6px"></span>{esc(label)}')
