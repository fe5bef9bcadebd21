"""What the map adds to the ranked layer: rank numbers on the top units, the three
cities of republican significance as labelled dots in their class colour (their
polygons are specks at country scale), the selected unit outlined, and regions absent
from an uploaded file drawn grey. One Leaflet layer of markers, escaped like every other
map text."""

from __future__ import annotations

import html

import folium
import pandas as pd
from branca.element import Template

from scicity.engine.evaluate import Evaluation
from scicity.i18n import t
from scicity.view import mapview

#: Ranks written on the map.
TOP = 5


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


class Labels(folium.MacroElement):
    """Markers with a small HTML label each (text escaped before it gets here)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.data_json }}.forEach(function (m) {
            var icon = L.divIcon({className: "scicity-label", html: m.html,
                                  iconSize: null, iconAnchor: m.anchor});
            L.marker([m.lat, m.lon], {icon: icon, interactive: false, keyboard: false})
                .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, items: list[dict]):
        super().__init__()
        self._name = "Labels"
        self.data_json = mapview.script_json(items)


def _where(ev: Evaluation, uid: str) -> tuple[float, float] | None:
    if ev.layer == "regions":
        return mapview.anchors().get(uid)
    tb = ev.table
    if "lat" not in tb or "lon" not in tb:
        return None
    lat, lon = tb["lat"].loc[uid], tb["lon"].loc[uid]
    if pd.isna(lat) or pd.isna(lon):
        return None
    return float(lat), float(lon)


def add_labels(fg: folium.FeatureGroup, ev: Evaluation, lang: str, selected: str | None,
               absent: dict[str, str] | None = None,
               classes: mapview.Classes | None = None) -> None:
    """Add ranks, city dots, the selection and absent regions to ``fg``; the city dots
    take their polygon's class colour (``classes``: the map's, by default those of the
    ranked scores, as the map page computes them)."""
    if classes is None and ev.layer == "regions":
        classes = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"],
                                   ev.ascending)
    items = []
    geoms = dict(mapview.region_geometries())
    extra = []
    for iso, name in (absent or {}).items():
        if iso in geoms:
            extra.append({"type": "Feature", "geometry": geoms[iso], "properties": {
                "style": {"fillColor": "#e0e0e0", "fillOpacity": 0.8, "color": "#9e9e9e",
                          "weight": 1, "dashArray": "2 3"},
                "tip": _esc(t("absent_units", lang, names=name))}})
    if selected in ev.table.index and ev.layer == "regions" and selected in geoms:
        extra.append({"type": "Feature", "geometry": geoms[selected], "properties": {
            "style": {"fill": False, "color": "#d62728", "weight": 4}}})
    at = (_where(ev, str(selected)) if selected in ev.table.index and ev.layer != "regions"
          else None)
    if at is not None:   # the selected town ringed (a large layer has no popups)
        extra.append({"type": "Feature", "geometry": {"type": "Point",
                                                      "coordinates": [at[1], at[0]]},
                      "properties": {"style": {"fill": False, "color": "#d62728",
                                               "weight": 3, "radius": 17}}})
    if extra:
        mapview.StyledGeoJson({"type": "FeatureCollection", "features": extra},
                              interactive=False).add_to(fg)
    for iso, (lat, lon), style in mapview.city_dots(ev, classes):
        name = _esc(ev.table.loc[iso, f"name_{lang}"])
        border = f"2px {'dashed' if style.get('dashArray') else 'solid'} {style['color']}"
        items.append({"lat": lat, "lon": lon, "anchor": [-6, 6], "html": (
            '<span class="scicity-city" style="display:inline-block;width:10px;height:10px;'
            f'border-radius:50%;background:{_esc(style["fillColor"])};'
            f'border:{_esc(border)}"></span>'
            f'<span style="font:11px sans-serif;background:rgba(255,255,255,.8);'
            f'padding:0 2px;margin-left:3px;white-space:nowrap">{name}</span>')})
    ranked = ev.table[ev.table["status"] == "ranked"].head(TOP)
    for uid, row in ranked.iterrows():
        at = _where(ev, str(uid))
        if at is None:
            continue
        ring = "#d62728" if uid == selected else "#253494"
        items.append({"lat": at[0], "lon": at[1], "anchor": [9, 22], "html": (
            f'<span style="display:inline-block;min-width:16px;height:16px;line-height:16px;'
            f'text-align:center;border-radius:8px;background:#fff;border:2px solid {ring};'
            f'font:bold 11px sans-serif;color:#111">{int(row["rank"])}</span>')})
    Labels(items).add_to(fg)
