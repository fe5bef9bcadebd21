"""The floor for the app benchmark: the least a Streamlit + streamlit-folium page can do
for the same job — the same 20 region polygons on a map with local Leaflet, redrawn
through ``feature_group_to_add`` when one slider moves, next to a 20-row table.

Run by ``benchmarks/bench_app.py`` (``streamlit run benchmarks/floor_app.py``)."""

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata.regions import load_regions

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")

st.set_page_config(layout="wide")


@st.cache_resource
def regions():
    gdf = load_regions(web=True)
    return [(iso, geom.__geo_interface__) for iso, geom in zip(gdf.index, gdf.geometry,
                                                                 strict=True)]


w = st.sidebar.slider("C1 · floor", 0, 100, 100)
geoms = regions()
scores = {iso: ((i * 37 + w) % 100) / 100 for i, (iso, _) in enumerate(geoms)}
fg = folium.FeatureGroup(name="units")
for iso, geom in geoms:
    colour = PALETTE[min(4, int(scores[iso] * 5))]
    folium.GeoJson({"type": "Feature", "id": iso, "geometry": geom, "properties": {}},
                   style_function=lambda _f, c=colour: {"fillColor": c, "color": "#555",
                                                       "weight": 1, "fillOpacity": 0.85}
                   ).add_to(fg)
m = folium.Map(location=(48.2, 67.0), zoom_start=5, tiles="OpenStreetMap")
m.fit_bounds(((40.5, 46.4), (55.5, 87.4)))
m.default_js = [("leaflet", LEAFLET_JS)]
m.default_css = [("leaflet_css", LEAFLET_CSS)]
left, right = st.columns([3, 2])
with right:
    table = pd.DataFrame({"rank": range(1, 21), "name": list(scores),
                          "score": list(scores.values())})
    st.dataframe(table, hide_index=True, height=520)
with left:
    st_folium(m, key="map", feature_group_to_add=fg, returned_objects=[], height=520,
              use_container_width=True)
