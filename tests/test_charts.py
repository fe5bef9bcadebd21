"""The robustness charts' Vega-Lite specifications: valid against the schema (altair
checks it), one fixed-height row per unit, whole-number rank ticks, titles translated."""

import altair as alt
import pytest

from scicity.app.charts import ALL_TICKS, ROW_STEP, heatmap_spec, rank_interval_spec
from scicity.i18n import t


def _valid(spec: dict) -> None:
    """Raises if ``spec`` (with the data Streamlit adds) breaks the Vega-Lite schema."""
    full = {**spec, "data": {"name": "table"}}
    (alt.LayerChart if "layer" in spec else alt.Chart).from_dict(full)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("n", [2, 5, 20, 60])
def test_rank_interval_chart_has_a_row_per_unit_and_integer_ticks(n, lang):
    spec = rank_interval_spec(n, lang)
    _valid(spec)
    assert spec["height"] == {"step": ROW_STEP} and ROW_STEP >= 20   # not a fixed total
    for layer in spec["layer"]:
        x = layer["encoding"]["x"]
        assert x["axis"]["format"] == "d" and x["axis"]["tickMinStep"] == 1
        assert x["scale"]["domain"] == [1, n] and x["scale"]["nice"] is False
        assert x["title"] == t("axis_rank", lang)
        if n <= ALL_TICKS:
            assert x["axis"]["values"] == list(range(1, n + 1))
        else:
            assert "values" not in x["axis"]
        assert layer["encoding"]["y"]["axis"]["labelOverlap"] is False


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_heat_map_has_a_row_per_unit_and_upright_rank_labels(lang):
    order = [f"{i}. Unit {i}" for i in range(1, 6)]
    spec = heatmap_spec(order, lang)
    _valid(spec)
    assert spec["height"] == {"step": ROW_STEP}
    enc = spec["encoding"]
    assert enc["y"]["sort"] == order and enc["x"]["type"] == "ordinal"
    assert enc["x"]["axis"]["labelAngle"] == 0
    assert enc["color"]["title"] == t("axis_probability", lang)
    assert enc["color"]["legend"]["format"] == ".0%"
