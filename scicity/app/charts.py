"""Vega-Lite specifications of the robustness charts, with axis titles in the user's
language and probabilities as percentages.

Each unit gets a row of ``ROW_STEP`` pixels (a Vega-Lite height step): a fixed total
height is shrunk by Streamlit's chart sizing to a few pixels per row, so labels overprint.
Ranks are whole numbers, so the rank axis has integer ticks only.
"""

from __future__ import annotations

from scicity.i18n import t

#: Height of one unit's row, px (room for an 11 px label and its bar).
ROW_STEP = 26
#: Up to this many ranks every rank has a tick; above, Vega-Lite picks whole-number ticks.
ALL_TICKS = 25


def rank_axis(n: int) -> dict:
    """An axis of ranks 1…n: integer ticks, no decimals."""
    axis: dict = {"format": "d", "tickMinStep": 1, "labelAngle": 0}
    if n <= ALL_TICKS:
        axis["values"] = list(range(1, n + 1))
    return axis


def rank_interval_spec(n: int, lang: str) -> dict:
    """Per unit a bar from the 5 % to the 95 % rank, the median and the current rank."""
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelOverlap": False, "labelLimit": 220}}
    x = {"type": "quantitative",
         "scale": {"domain": [1, max(n, 2)], "nice": False, "padding": 8},
         "axis": rank_axis(n), "title": t("axis_rank", lang)}
    return {"height": {"step": ROW_STEP}, "layer": [
        {"mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35},
         "encoding": {"y": y, "x": {"field": "rank_p05", **x}, "x2": {"field": "rank_p95"}}},
        {"mark": {"type": "point", "filled": True, "size": 60},
         "encoding": {"y": y, "x": {"field": "median_rank", **x},
                      "tooltip": [{"field": "median_rank", "title": t("axis_rank", lang)},
                                  {"field": "rank_p05", "title": "5 %"},
                                  {"field": "rank_p95", "title": "95 %"}]}},
        {"mark": {"type": "tick", "color": "#d62728", "thickness": 2},
         "encoding": {"y": y, "x": {"field": "rank", **x}}},
    ]}


def heatmap_spec(order: list[str], lang: str) -> dict:
    """Rank acceptability as a heat map (unit × rank), shares as percentages."""
    share = t("axis_probability", lang)
    return {"height": {"step": ROW_STEP}, "mark": "rect", "encoding": {
        "y": {"field": "label", "type": "nominal", "sort": order, "title": None,
              "axis": {"labelOverlap": False, "labelLimit": 220}},
        "x": {"field": "rank_r", "type": "ordinal", "title": t("axis_rank", lang),
              "axis": {"labelAngle": 0}},
        "color": {"field": "p", "type": "quantitative", "scale": {"scheme": "blues"},
                  "title": share, "legend": {"format": ".0%"}},
        "tooltip": [{"field": "label", "title": " "},
                    {"field": "rank_r", "title": t("axis_rank", lang)},
                    {"field": "p", "format": ".1%", "title": share}]}}
