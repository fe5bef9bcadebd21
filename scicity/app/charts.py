"""Vega-Lite specifications of the robustness charts, with axis titles in the user's
language and probabilities as percentages."""

from __future__ import annotations

from scicity.i18n import t


def rank_interval_spec(n: int, lang: str) -> dict:
    """Per unit a bar from the 5 % to the 95 % rank, the median and the current rank."""
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelOverlap": False, "labelLimit": 220}}
    x = {"type": "quantitative", "scale": {"domain": [1, n], "reverse": False},
         "title": t("axis_rank", lang)}
    return {"height": 22 * n, "layer": [
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
    return {"height": 22 * len(order), "mark": "rect", "encoding": {
        "y": {"field": "label", "type": "nominal", "sort": order, "title": None,
              "axis": {"labelOverlap": False, "labelLimit": 220}},
        "x": {"field": "rank_r", "type": "ordinal", "title": t("axis_rank", lang)},
        "color": {"field": "p", "type": "quantitative", "scale": {"scheme": "blues"},
                  "title": share, "legend": {"format": ".0%"}},
        "tooltip": [{"field": "label", "title": " "},
                    {"field": "rank_r", "title": t("axis_rank", lang)},
                    {"field": "p", "format": ".1%", "title": share}]}}
