"""What the map adds to the ranked layer: rank numbers on the top units, the three
cities of republican significance as labelled dots (their polygons are specks at
country scale), the selected unit outlined, and regions absent from an uploaded file
drawn grey. One Leaflet layer of markers, escaped like every other map text."""

from __future__ import annotations

import html
from functools import lru_cache

import folium
import pandas as pd
import shapely.geometry
from branca.element import Template

from scicity.engine.evaluate import Evaluation
from scicity.i18n import t
from scicity.view import mapview

#: Cities of republican significance (ISO 3166-2): Astana, Almaty, Shymkent.
CITIES: tuple[str, ...] = ("KZ-71", "KZ-75", "KZ-79")
#: Ranks written on the map.
TOP = 5


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1)
def anchors() -> dict[str, tuple[float, float]]:
    """(lat, lon) inside each region, where its label goes."""
    out = {}
    for iso, geom in mapview.region_geometries():
        p = shapely.geometry.shape(geom).representative_point()
        out[iso] = (p.y, p.x)
    return out


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
        return anchors().get(uid)
    tb = ev.table
    if "lat" not in tb or "lon" not in tb:
        return None
    lat, lon = tb["lat"].loc[uid], tb["lon"].loc[uid]
    if pd.isna(lat) or pd.isna(lon):
        return None
    return float(lat), float(lon)


def add_labels(fg: folium.FeatureGroup, ev: Evaluation, lang: str, selected: str | None,
               absent: dict[str, str] | None = None) -> None:
    """Add ranks, city dots, the selection and absent regions to ``fg``."""
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
    if ev.layer == "regions":
        for iso in CITIES:
            if iso in ev.table.index and iso in anchors():
                lat, lon = anchors()[iso]
                name = _esc(ev.table.loc[iso, f"name_{lang}"])
                items.append({"lat": lat, "lon": lon, "anchor": [-6, 6], "html": (
                    '<span style="display:inline-block;width:10px;height:10px;'
                    'border-radius:50%;background:#222;border:2px solid #fff"></span>'
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
