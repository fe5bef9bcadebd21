"""The floor for the app benchmark: the least a Streamlit + streamlit-folium page can do
for the same job — the same 20 region polygons on a map with local Leaflet, redrawn
through ``feature_group_to_add`` when one slider moves, next to a 20-row table.

With ``SCICITY_FLOOR_TOWNS=<csv>`` (``bench_app.py --towns N``) the job is the town
layer instead: the file's N points drawn as canvas circle markers from one compact array
(no tooltips, no popups), next to an N-row table of rank, name and score.

Run by ``benchmarks/bench_app.py`` (``streamlit run benchmarks/floor_app.py``)."""

import json
import os

import folium
import numpy as np
import pandas as pd
import streamlit as st
from branca.element import Template
from streamlit_folium import st_folium

from geodata.regions import load_regions

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")

st.set_page_config(layout="wide")


class Points(folium.MacroElement):
    """``[lat, lon, class]`` triples as circle markers on one canvas renderer."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.canvas();
        {{ this.data }}.forEach(function (p) {
            L.circleMarker([p[0], p[1]], {renderer: {{ this.get_name() }}, radius: 6,
                fillColor: {{ this.palette }}[p[2]], color: "#555", weight: 1,
                fillOpacity: 0.85}).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, points: list):
        super().__init__()
        self.data = json.dumps(points, separators=(",", ":"))
        self.palette = json.dumps(PALETTE)


@st.cache_resource
def regions():
    gdf = load_regions(web=True)
    return [(iso, geom.__geo_interface__) for iso, geom in zip(gdf.index, gdf.geometry,
                                                                 strict=True)]


@st.cache_resource
def towns(path: str) -> pd.DataFrame:
    return pd.read_csv(path)


w = st.sidebar.slider("C1 · floor", 0, 100, 100)
fg = folium.FeatureGroup(name="units")
town_file = os.environ.get("SCICITY_FLOOR_TOWNS")
if town_file:
    tw = towns(town_file)
    # the best score moves with the slider, so the table's first row changes too
    score = ((np.arange(len(tw)) * 37 + w) % 100 + w / 10) / 110
    order = np.argsort(-score, kind="stable")
    Points([[round(a, 4), round(b, 4), min(4, int(s * 5))] for a, b, s in
            zip(tw["lat"], tw["lon"], score, strict=True)]).add_to(fg)
    table = pd.DataFrame({"rank": np.arange(1, len(tw) + 1),
                          "name": tw["name_en"].to_numpy()[order], "score": score[order]})
else:
    geoms = regions()
    scores = {iso: ((i * 37 + w) % 100) / 100 for i, (iso, _) in enumerate(geoms)}
    for iso, geom in geoms:
        colour = PALETTE[min(4, int(scores[iso] * 5))]
        folium.GeoJson({"type": "Feature", "id": iso, "geometry": geom, "properties": {}},
                       style_function=lambda _f, c=colour: {"fillColor": c, "color": "#555",
                                                           "weight": 1, "fillOpacity": 0.85}
                       ).add_to(fg)
    table = pd.DataFrame({"rank": range(1, 21), "name": list(scores),
                          "score": list(scores.values())})
m = folium.Map(location=(48.2, 67.0), zoom_start=5, tiles="OpenStreetMap")
m.fit_bounds(((40.5, 46.4), (55.5, 87.4)))
m.default_js = [("leaflet", LEAFLET_JS)]
m.default_css = [("leaflet_css", LEAFLET_CSS)]
left, right = st.columns([3, 2])
with right:
    st.dataframe(table, hide_index=True, height=520)
with left:
    st_folium(m, key="map", feature_group_to_add=fg, returned_objects=[], height=520,
              use_container_width=True)
