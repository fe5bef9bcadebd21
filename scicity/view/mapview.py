"""The ranked layer as map content: score classes, colours, and Folium layers.

Colours and classes are computed here once and shared by the interactive map (Folium)
and the printable report (SVG). Popups and tooltips show the localised rows of
``scicity.view.ranking``; every string that reaches the map's HTML is escaped with its
``esc``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import folium
import numpy as np
import pandas as pd
import shapely
import shapely.geometry
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
    """Score classes, half-open: class i holds the scores ``starts[i] ≤ s < starts[i+1]``,
    the last class ``starts[-1] ≤ s ≤ bins[-1]`` (closed). ``starts``: the smallest score
    of each class, ``bins``: the largest (both ascending); ``lower`` = ``starts[0]``. Each
    score belongs to exactly one class and one legend label."""

    bins: tuple[float, ...]
    lower: float
    scheme: str   # "fisher_jenks", "fisher_jenks_sampled" or "single"
    ascending: bool
    starts: tuple[float, ...]

    def index(self, score: float) -> int:
        """Class of ``score``: 0 = worst … len(bins)−1 = best."""
        return int(self.indices(np.asarray([score], dtype=float))[0])

    def indices(self, scores: np.ndarray) -> np.ndarray:
        """``index`` of each score at once (scores not NaN)."""
        k = np.clip(np.searchsorted(np.asarray(self.starts), scores, side="right") - 1,
                    0, len(self.bins) - 1)
        return len(self.bins) - 1 - k if self.ascending else k

    def colour(self, score: float) -> str:
        """Fill colour of ``score`` (dark = better)."""
        n = len(self.bins)
        offset = len(PALETTE) - n
        return PALETTE[offset + self.index(score)]

    def legend(self, lang: str = "en") -> list[tuple[str, str]]:
        """(colour, label) per class, best first, numbers in ``lang``: ``a – < b`` up to the
        next class's smallest score, the top class ``a – b`` (closed), one value alone."""
        edges = [*self.starts, self.bins[-1]]
        digits = _distinct_digits(edges)
        rows = []
        for i, lo in enumerate(self.starts):
            last = i == len(self.starts) - 1
            text = (number(lo, lang, digits) if last and lo == edges[-1] else
                    t("legend_class_closed" if last else "legend_class_open", lang,
                      lo=number(lo, lang, digits), hi=number(edges[i + 1], lang, digits)))
            rows.append((self.colour(lo), text))
        return list(reversed(rows)) if not self.ascending else rows


def _distinct_digits(edges: Sequence[float], least: int = SCORE_DIGITS, most: int = 6) -> int:
    """Decimals (at least ``least``) at which distinct class edges print distinct."""
    for d in range(least, most + 1):
        if len({round(e, d) for e in edges}) == len(set(edges)):
            return d
    return most


#: At most this many classes (the palette's length).
MAX_CLASSES = len(PALETTE)


def class_count(distinct: int, k: int = MAX_CLASSES) -> int:
    """Classes for ``distinct`` different scores: ⌈distinct / 2⌉, at most ``k``, at least 1
    — never one class per unit (5 towns get 3 classes, not 5 one-value classes), and
    k ≤ distinct − 1 whenever there are two or more scores."""
    return max(1, min(k, (distinct + 1) // 2))


def fisher_jenks(y: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds (ascending) of the ``k`` Fisher–Jenks classes of ``y``: the partition
    of the sorted values into ``k`` runs with the least total within-class sum of squares.

    The exact dynamic programme, with each class's best split points found by divide and
    conquer (the split point is monotone in the run's end, as the within-class sum of
    squares is a Monge cost): O(k·n·log n), one vectorised step per level, so 10,000
    scores take milliseconds instead of the O(k·n²) programme's seconds. The same classes
    as ``mapclassify.FisherJenks`` (tests/test_mapview.py checks it and the quadratic
    programme), computed here because importing mapclassify pulls in scikit-learn and
    scipy.stats and costs about 1.5 s of the app's start-up.
    """
    x = np.sort(np.asarray(y, dtype=float))
    n = len(x)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def cost(i: np.ndarray, j: np.ndarray) -> np.ndarray:   # SSD of x[i:j]
        m = j - i
        return s2[j] - s2[i] - (s1[j] - s1[i]) ** 2 / m

    js = np.arange(n + 1)
    best = np.full(n + 1, np.inf)
    best[1:] = cost(np.zeros(n, dtype=int), js[1:])
    starts = [np.zeros(n + 1, dtype=int)]
    for c in range(2, k + 1):
        cur, arg = np.full(n + 1, np.inf), np.zeros(n + 1, dtype=int)
        # open segments: run ends j in [jlo, jhi], their split points in [ilo, ihi]
        jlo, jhi = np.array([c]), np.array([n])
        ilo, ihi = np.array([c - 1]), np.array([n - 1])
        while len(jlo):
            mid = (jlo + jhi) // 2
            top = np.minimum(ihi, mid - 1)
            counts = top - ilo + 1
            group = np.repeat(np.arange(len(mid)), counts)
            offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
            i = ilo[group] + np.arange(len(group)) - offsets[group]
            total = best[i] + cost(i, mid[group])
            low = np.minimum.reduceat(total, offsets)
            hit = np.flatnonzero(total == low[group])
            _, first = np.unique(group[hit], return_index=True)   # the first best split
            opt = i[hit[first]]
            cur[mid], arg[mid] = low, opt
            left, right = jlo <= mid - 1, mid + 1 <= jhi
            jlo, jhi, ilo, ihi = (np.concatenate([jlo[left], mid[right] + 1]),
                                  np.concatenate([mid[left] - 1, jhi[right]]),
                                  np.concatenate([ilo[left], opt[right]]),
                                  np.concatenate([opt[left], ihi[right]]))
        best = cur
        starts.append(arg)
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(x[j - 1])
        j = starts[c - 1][j]
    return np.asarray(bounds[::-1])


def classify(scores: pd.Series, ascending: bool, k: int | None = None) -> Classes | None:
    """Fisher–Jenks classes of the ranked units' scores, half-open as ``Classes`` says:
    ``class_count`` of them, or ``k`` (at most one per distinct score); None if there is
    no score."""
    y = np.sort(scores.dropna().astype(float).to_numpy())
    if len(y) == 0:
        return None
    distinct = len(np.unique(y))
    k = class_count(distinct) if k is None else max(1, min(k, distinct))
    if k == 1:
        return Classes((float(y[-1]),), float(y[0]), "single", ascending, (float(y[0]),))
    bins = fisher_jenks(y, k)
    nxt = np.searchsorted(y, bins[:-1], side="right")   # first score above each bound
    starts = (float(y[0]), *(float(v) for v in y[nxt]))
    return Classes(tuple(float(b) for b in bins), float(y[0]), "fisher_jenks", ascending,
                   starts)


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


def _texts(ev: Evaluation, lang: str, rows: pd.DataFrame | None = None
           ) -> dict[str, tuple[str, str]]:
    """(tooltip, popup) of every unit, from one build of the localised rows."""
    by_unit = (rows if rows is not None else ranking_rows(ev, lang)).to_dict("index")
    head, crit = labels(ev, lang), criteria_order(ev)
    status = ev.table["status"].to_dict()
    deciders = _deciders(ev, lang)
    return {str(uid): (_tooltip(r), _popup(str(uid), r, head, crit, status[uid] == "ranked",
                                           deciders.get(str(uid), "")))
            for uid, r in by_unit.items()}


def unit_style(row: pd.Series, classes: Classes | None) -> dict[str, object]:
    """Leaflet path style of a unit: class colour if ranked; grey dashed if below the
    3 % rule; pale if otherwise not ranked; a white fill with a coloured ring when the
    3 % rule has no data."""
    ranked = row["status"] == "ranked" and classes is not None and not pd.isna(row["score"])
    return _style(str(row["status"]),
                  classes.colour(float(row["score"])) if ranked and classes else None)


def _style(status: str, colour: str | None) -> dict[str, object]:
    """The style of ``unit_style`` from the unit's status and class colour (None: not
    ranked or no classes)."""
    if status == "restricted":
        return {"fillColor": RESTRICTED_FILL, "color": "#333333", "weight": 1.5,
                "dashArray": "4 3", "fillOpacity": 0.8}
    if colour is None:
        return {"fillColor": EXCLUDED_FILL, "color": "#999999", "weight": 1,
                "dashArray": "2 2", "fillOpacity": 0.6}
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
    if isinstance(obj, list | tuple):   # long lists of numbers or text: no call per item
        return [v if isinstance(v, int | float) else
                v.replace("{", _LEFT).replace("}", _RIGHT) if isinstance(v, str) else
                _without_braces(v) for v in obj]
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


#: Cities of republican significance (ISO 3166-2): Astana, Almaty, Shymkent. Their
#: polygons are specks at country scale, so both maps (app and report) also draw each as
#: a labelled dot styled like its polygon (class colour, or the 3 % rule's grey).
CITIES: tuple[str, ...] = ("KZ-71", "KZ-75", "KZ-79")


@lru_cache(maxsize=1)
def anchors() -> dict[str, tuple[float, float]]:
    """(lat, lon) inside each region, where its label or dot goes."""
    out = {}
    for iso, geom in region_geometries():
        p = shapely.geometry.shape(geom).representative_point()
        out[iso] = (p.y, p.x)
    return out


def city_dots(ev: Evaluation, classes: Classes | None
              ) -> list[tuple[str, tuple[float, float], dict[str, object]]]:
    """(iso, (lat, lon), style) of each city of ``CITIES`` on a region layer: the style of
    its polygon (``unit_style``), so a dot's colour is its class in the legend."""
    if ev.layer != "regions":
        return []
    return [(iso, anchors()[iso], unit_style(cast(pd.Series, ev.table.loc[iso]), classes))
            for iso in CITIES if iso in ev.table.index and iso in anchors()]


def base_map() -> folium.Map:
    """An empty map of Kazakhstan with local Leaflet assets; tiles load when online."""
    m = folium.Map(location=KZ_CENTER, zoom_start=5, tiles="OpenStreetMap",
                   control_scale=True)
    m.fit_bounds(KZ_BOUNDS)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m


def region_layer(ev: Evaluation, lang: str, crit_names: dict[str, str],
                 classes: Classes | None, styles: dict[str, dict] | None = None,
                 rows: pd.DataFrame | None = None) -> folium.FeatureGroup:
    """The regions as a choropleth; ``styles`` overrides the style per ISO code;
    ``rows``: the layer's ``ranking_rows`` when already built."""
    texts = _texts(ev, lang, rows)
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


#: Above this many towns the map draws them on one canvas from column arrays, with one
#: tooltip for the layer and no popups (the selected town is ringed on the map and named
#: under it): a popup and an SVG circle per town made a 10,000-town upload send 6.5 MB
#: and take about 40 s per slider move. Smaller layers keep a popup per unit.
LARGE_LAYER = 1000


def town_layer(ev: Evaluation, lang: str, crit_names: dict[str, str],
               classes: Classes | None, styles: dict[str, dict] | None = None,
               rows: pd.DataFrame | None = None) -> folium.FeatureGroup:
    """Region outlines for context and towns as circles sized and coloured by score
    (best drawn on top); ``rows``: the layer's ``ranking_rows`` when already built."""
    outlines = [{"type": "Feature", "geometry": g,
                 "properties": {"style": {"fillOpacity": 0, "color": "#888888", "weight": 0.8}}}
                for _, g in region_geometries()]
    units = ev.table
    order = units.sort_values("rank", ascending=False, na_position="first")
    if "lat" in order and "lon" in order:
        order = order[order["lat"].notna() & order["lon"].notna()]
    else:
        order = order.iloc[:0]
    fg = folium.FeatureGroup(name="units")
    StyledGeoJson({"type": "FeatureCollection", "features": outlines},
                  interactive=False).add_to(fg)
    radius = _radii(units["score"], order["score"], ev.ascending)
    if len(units) > LARGE_LAYER:
        rows = rows if rows is not None else ranking_rows(ev, lang)
        placed = units.loc[units.index.isin(order.index)]
        PointLayer(_unchanged_json(placed, rows.loc[placed.index, "name"]),
                   _points(order, placed.index, classes, styles, radius, rows)).add_to(fg)
        return fg
    texts = _texts(ev, lang, rows)
    points = []
    for k, uid in enumerate(order.index):
        row = units.loc[uid]
        style = dict(styles[uid] if styles is not None else unit_style(row, classes))
        if row["status"] == "ranked" and row["gate_state"] == "no_data" and styles is None:
            style.update({"color": style["fillColor"], "fillColor": "#ffffff", "weight": 3})
        style.update({"radius": float(radius[k]), "fill": True})
        points.append({"type": "Feature", "id": uid,
                       "geometry": {"type": "Point",
                                    "coordinates": [float(row["lon"]), float(row["lat"])]},
                       "properties": {"id": uid, "style": style,
                                      "tip": texts[uid][0], "popup": texts[uid][1]}})
    StyledGeoJson({"type": "FeatureCollection", "features": points}).add_to(fg)
    return fg


def _radii(all_scores: pd.Series, scores: pd.Series, ascending: bool) -> np.ndarray:
    """Circle radius (px) of each of ``scores``: 5 to 14 from the worst to the best of
    ``all_scores``; 9.5 without a score."""
    known = all_scores.dropna().astype(float)
    lo, hi = (known.min(), known.max()) if len(known) else (0.0, 1.0)
    y = scores.astype(float).to_numpy()
    rel = np.full(len(y), 0.5) if hi == lo else (y - lo) / (hi - lo)
    if ascending:
        rel = 1 - rel
    rel = np.where(np.isnan(y), 0.5, rel)
    return 5 + 9 * rel


#: The last large town layer's unchanging arrays and their JSON (one entry).
_UNCHANGED: list[tuple[tuple, str]] = []


def _unchanged_json(placed: pd.DataFrame, names: pd.Series) -> str:
    """What a weight change leaves as it is — ids, coordinates and escaped names of the
    towns with coordinates, in the table's order — as the JSON ``PointLayer`` takes; the
    text is kept and reused while the same towns are drawn (a slider move then builds
    only the ranks, scores and styles)."""
    key = ([str(u) for u in placed.index],
           np.round(placed["lat"].astype(float).to_numpy(), MAP_DECIMALS),
           np.round(placed["lon"].astype(float).to_numpy(), MAP_DECIMALS), list(names))
    kept = _UNCHANGED[0] if _UNCHANGED else None
    if kept is not None and kept[0][0] == key[0] and kept[0][3] == key[3] and all(
            np.array_equal(a, b, equal_nan=True) for a, b in zip(kept[0][1:3], key[1:3],
                                                                 strict=True)):
        return kept[1]
    text = script_json({"id": key[0], "lat": key[1].tolist(), "lon": key[2].tolist(),
                        "name": _esc_all(key[3])})
    _UNCHANGED[:] = [(key, text)]
    return text


def _points(order: pd.DataFrame, placed: pd.Index, classes: Classes | None,
            styles: dict[str, dict] | None, radius: np.ndarray, rows: pd.DataFrame) -> dict:
    """The arrays of ``PointLayer`` that change with the ranking, in drawing order
    (``order``): ``o`` the position of each town in ``placed`` (the order of the
    unchanging arrays), radius, style, and the tooltip's rank, score and 3 % rule."""
    if styles is not None:
        keys = [json.dumps(dict(styles[u], fill=True), sort_keys=True) for u in order.index]
    else:
        score = order["score"].astype(float).to_numpy()
        ranked = (order["status"] == "ranked").to_numpy() & ~np.isnan(score)
        colour: list[str | None] = [None] * len(order)
        if classes is not None and ranked.any():
            offset = len(PALETTE) - len(classes.bins)
            idx = classes.indices(score[ranked])
            for pos, i in zip(np.flatnonzero(ranked), idx, strict=True):
                colour[pos] = PALETTE[offset + int(i)]
        no_data = ranked & (order["gate_state"] == "no_data").to_numpy()
        cache: dict[tuple, str] = {}
        keys = []
        for status, c, nd in zip(order["status"], colour, no_data, strict=True):
            key = (status, c, bool(nd))
            if key not in cache:
                style = _style(str(status), c)
                if nd:
                    style.update({"color": style["fillColor"], "fillColor": "#ffffff",
                                  "weight": 3})
                cache[key] = json.dumps(dict(style, fill=True), sort_keys=True)
            keys.append(cache[key])
    unique = list(dict.fromkeys(keys))
    at = {k: i for i, k in enumerate(unique)}
    text = rows.loc[order.index]
    gates = _esc_all(text["gate"])
    gate_list = list(dict.fromkeys(gates))
    gate_at = {g: i for i, g in enumerate(gate_list)}
    return {"o": placed.get_indexer(order.index).tolist(),
            "r": np.round(radius, 1).tolist(),
            "s": [at[k] for k in keys], "styles": [json.loads(k) for k in unique],
            "rank": _esc_all(r if r == "—" else f"#{r}" for r in text["rank"].astype(str)),
            "score": _esc_all(text["score"]),
            "g": [gate_at[g] for g in gates], "gates": gate_list}


#: ``esc`` of a string as one ``str.translate`` (markupsafe's entities).
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _esc_all(values: Iterable[object]) -> list[str]:
    """``esc`` of each value (thousands at once: no call per string)."""
    return [v.translate(_HTML) if isinstance(v, str) else esc(v) for v in values]


class PointLayer(folium.MacroElement):
    """Towns as circle markers on one canvas renderer (kept across updates), from the
    arrays of ``_unchanged_json`` and ``_points`` (text escaped there): one tooltip for
    the layer, built on hover as ``#rank name · score · 3 % rule`` (as ``tooltip_html``),
    no popups. Each marker carries ``feature.id`` (the unit id) like the GeoJSON layers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (u, d) {
            // one canvas for every update (a new renderer per update would leave an
            // empty canvas behind on the map each time)
            var renderer = window.scicityCanvas = window.scicityCanvas
                || L.canvas({padding: 0.5});
            var group = L.featureGroup();
            for (var k = 0; k < d.o.length; k++) {
                var i = d.o[k];
                var m = L.circleMarker([u.lat[i], u.lon[i]], Object.assign(
                    {renderer: renderer, radius: d.r[k]}, d.styles[d.s[k]]));
                m.feature = {type: "Feature", id: u.id[i], properties: {k: k}};
                group.addLayer(m);
            }
            group.bindTooltip(function (l) {
                var k = l.feature.properties.k;
                return d.rank[k] + " " + u.name[d.o[k]] + " · " + d.score[k] + " · "
                    + d.gates[d.g[k]]; }, {sticky: true});
            group.on("mouseover", function (e) { e.layer.setStyle({weight: 3}); });
            group.on("mouseout", function (e) { e.layer.setStyle(
                {weight: d.styles[d.s[e.layer.feature.properties.k]].weight || 1}); });
            return group;
        })({{ this.unchanged_json }}, {{ this.data_json }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, unchanged_json: str, data: dict):
        super().__init__()
        self._name = "PointLayer"
        self.unchanged_json = unchanged_json
        self.data_json = script_json(data)


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
