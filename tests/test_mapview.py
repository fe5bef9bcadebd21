"""Map classes and map content: Fisher–Jenks against mapclassify, escaping, styles."""

import json
import re
import warnings
from dataclasses import replace

import mapclassify
import numpy as np
import pandas as pd
import pytest
from markupsafe import escape
from streamlit_folium import _get_feature_group_string

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.engine.evaluate import evaluate
from scicity.view import mapview


def _ssd(x: np.ndarray, bins: np.ndarray) -> float:
    cls = np.searchsorted(bins, x, side="left")
    return float(sum(((x[cls == c] - x[cls == c].mean()) ** 2).sum() for c in np.unique(cls)))


@pytest.mark.parametrize("seed", range(40))
def test_fisher_jenks_matches_mapclassify(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    y = rng.lognormal(size=n) if seed % 2 else rng.uniform(0, 1, n)
    k = int(rng.integers(2, 7))
    ours = mapview.fisher_jenks(y, k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = mapclassify.FisherJenks(y, k=k).bins
    x = np.sort(y)
    # Same classes; where mapclassify's float32 sums meet a near-tie, at least as good a fit.
    assert np.allclose(ours, theirs) or _ssd(x, ours) <= _ssd(x, theirs) + 1e-12


def test_fisher_jenks_exact_small_case():
    # Two obvious clusters and one outlier.
    y = np.array([1.0, 1.1, 0.9, 5.0, 5.2, 4.9, 20.0])
    assert list(mapview.fisher_jenks(y, 3)) == [1.1, 5.2, 20.0]


def test_classes_dark_is_best_for_both_directions():
    scores = pd.Series([0.1, 0.2, 0.5, 0.9, 0.95])
    up = mapview.classify(scores, ascending=False, k=3)
    assert up.colour(0.95) == mapview.PALETTE[-1] and up.colour(0.1) == mapview.PALETTE[-3]
    down = mapview.classify(scores, ascending=True, k=3)
    assert down.colour(0.1) == mapview.PALETTE[-1]


def test_popup_and_tooltip_escape_names():
    ds = load_bundled("regions")
    units = ds.units.copy()
    units.loc["KZ-10", "name_en"] = "<img src=x onerror=alert(1)></script><script>"
    from dataclasses import replace
    ev = evaluate(replace(ds, units=units), load_scenario("balanced"))
    tip = mapview.tooltip_html(ev, "KZ-10", "en")
    pop = mapview.popup_html(ev, "KZ-10", "en", {c: c for c in ev.criteria})
    for text in (tip, pop):
        assert "<img" not in text and "<script>" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;" in text


def test_region_layer_styles_restricted_units_apart():
    s = load_scenario("balanced")
    from dataclasses import replace
    s = replace(s, gate=replace(s.gate, regions=True, threshold=0.005))
    ev = evaluate(load_bundled("regions"), s)
    cl = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"], False)
    style = mapview.unit_style(ev.table.loc["KZ-33"], cl)
    assert style["fillColor"] == mapview.RESTRICTED_FILL and style["dashArray"]
    assert mapview.unit_style(ev.table.loc["KZ-75"], cl)["fillColor"] in mapview.PALETTE


def _quadratic_fisher_jenks(y: np.ndarray, k: int) -> np.ndarray:
    """The plain O(k·n²) dynamic programme (the app's code before issue 16)."""
    x = np.sort(np.asarray(y, dtype=float))
    n = len(x)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    best = np.full((k + 1, n + 1), np.inf)
    start = np.zeros((k + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)
            total = best[c - 1, i] + s2[j] - s2[i] - (s1[j] - s1[i]) ** 2 / (j - i)
            a = int(np.argmin(total))
            best[c, j], start[c, j] = total[a], i[a]
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(x[j - 1])
        j = start[c, j]
    return np.asarray(bounds[::-1])


@pytest.mark.parametrize("seed", range(60))
def test_fisher_jenks_divide_and_conquer_equals_the_quadratic_programme(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 400))
    # uniform, heavy-tailed, and many ties (scores of flags)
    y = (rng.uniform(0, 1, n), rng.lognormal(size=n),
         rng.integers(0, 6, n).astype(float))[seed % 3]
    k = min(int(rng.integers(2, 7)), len(np.unique(y)))
    assert np.array_equal(mapview.fisher_jenks(y, k), _quadratic_fisher_jenks(y, k))


HOSTILE_TOWNS = {"kurchatov": "<img src=x onerror=alert(1)>",
                 "aksu": "</script><script>alert(1)</script>",
                 "semey": "{{7*7}} & \"quoted\" 'single'"}


def _point_data(js: str) -> dict:
    """The arrays ``PointLayer`` put in the generated JavaScript, the unchanging ones
    (``u``) put in drawing order next to the others."""
    dec = json.JSONDecoder()
    unchanged, at = dec.raw_decode(js, js.index("})(", js.index("L.canvas(")) + 3)
    d = dec.raw_decode(js, at + 2)[0]
    return {**d, **{k: [v[i] for i in d["o"]] for k, v in unchanged.items()}}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_large_town_layer_draws_what_the_small_one_does(monkeypatch, lang):
    """Over ``LARGE_LAYER`` towns: the same towns in the same drawing order with the same
    style, radius and (escaped) tooltip as the per-feature layer, on a canvas, no popups."""
    ds = load_bundled("towns")
    units = ds.units.copy()
    for uid, name in HOSTILE_TOWNS.items():
        units.loc[uid, f"name_{lang}"] = name
    ev = evaluate(replace(ds, units=units), load_scenario("balanced"))
    classes = mapview.classify(ev.table.loc[ev.table["status"] == "ranked", "score"], False)
    base = mapview.base_map()
    small = _get_feature_group_string(mapview.town_layer(ev, lang, {}, classes), base)
    monkeypatch.setattr(mapview, "LARGE_LAYER", 5)
    large = _get_feature_group_string(mapview.town_layer(ev, lang, {}, classes),
                                      mapview.base_map())
    assert not re.search(r"<img|<script|</script", large)
    assert "bindPopup" not in large.split("L.canvas(")[1]
    dec = json.JSONDecoder()
    points = dec.raw_decode(small, [m.end() for m in re.finditer(r"L\.geoJSON\(", small)][1]
                            )[0]["features"]
    d = _point_data(large)
    assert d["id"] == [f["id"] for f in points]
    for i, f in enumerate(points):
        style = dict(f["properties"]["style"])
        assert d["r"][i] == round(style.pop("radius"), 1)
        assert d["styles"][d["s"][i]] == style
        tip = (f'{d["rank"][i]} {d["name"][i]} · {d["score"][i]} · '
               f'{d["gates"][d["g"][i]]}')
        assert tip == f["properties"]["tip"] == mapview.tooltip_html(ev, f["id"], lang)
    for uid, name in HOSTILE_TOWNS.items():
        assert d["name"][d["id"].index(uid)] == str(escape(name))


def test_unchanged_arrays_are_reused_only_for_the_same_towns():
    ds = load_bundled("towns")
    units = ds.units
    names = units["name_en"]
    first = mapview._unchanged_json(units, names)
    assert mapview._unchanged_json(units.copy(), names.copy()) is first   # same towns
    renamed = names.copy()
    renamed.iloc[0] = "<b>New</b>"
    other = mapview._unchanged_json(units, renamed)
    assert other is not first
    assert "\\u0026lt;b\\u0026gt;New" in other                            # escaped
    moved = units.copy()
    moved.iloc[0, moved.columns.get_loc("lat")] += 0.5
    assert mapview._unchanged_json(moved, renamed) != other


def test_class_count_rule_never_gives_one_class_per_unit():
    counts = {d: mapview.class_count(d) for d in range(1, 13)}
    assert counts == {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4, 9: 5, 10: 5,
                      11: 5, 12: 5}
    assert all(k <= d - 1 for d, k in counts.items() if d >= 2)
    five = mapview.classify(pd.Series([0.688, 0.440, 0.397, 0.373, 0.315]), False)
    assert five.scheme == "fisher_jenks" and len(five.bins) == 3
    ties = mapview.classify(pd.Series([0.5, 0.5, 0.5, 0.2, 0.2]), False)   # 2 values
    assert ties.scheme == "single" and ties.legend("en") == [(mapview.PALETTE[-1],
                                                              "0.200 – 0.500")]
    one = mapview.classify(pd.Series([0.3, 0.3]), True)
    assert one.legend("ru") == [(mapview.PALETTE[-1], "0,300")]


def _label_interval(label: str) -> tuple[float, float, bool]:
    """(low, high, high included) of an English legend label."""
    parts = label.split(" – ")
    if len(parts) == 1:
        return float(parts[0]), float(parts[0]), True
    open_ = parts[1].startswith("< ")
    return float(parts[0]), float(parts[1].removeprefix("< ")), not open_


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("ascending", [False, True])
def test_legend_labels_are_half_open_and_each_score_has_exactly_one(seed, ascending):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    y = (rng.uniform(0, 1, n), rng.integers(0, 8, n) / 7, rng.lognormal(size=n) / 10
         )[seed % 3]
    classes = mapview.classify(pd.Series(y), ascending)
    legend = classes.legend("en")
    assert len(legend) == len(classes.bins) <= mapview.class_count(len(np.unique(y)))
    colours = [c for c, _ in legend]
    bounds = [_label_interval(label) for _, label in legend]
    assert sum(closed for *_, closed in bounds) == 1   # only the top of the scale closed
    assert all(lo < hi or (closed and lo == hi) for lo, hi, closed in bounds)
    digits = len(legend[0][1].split(" – ")[0].split(".")[1])
    for v in y:   # the label that holds a score (as printed) is the one of its colour
        r = round(float(v), digits)
        inside = [c for c, (lo, hi, closed) in zip(colours, bounds, strict=True)
                  if lo <= r and (r < hi or (closed and r <= hi))]
        assert inside == [classes.colour(float(v))], (v, legend)
    for lang in ("ru", "kk"):   # the same classes, numbers in the language's convention
        assert [c for c, _ in classes.legend(lang)] == [c for c, _ in legend]
        assert all("." not in label for _, label in classes.legend(lang))


def test_legend_edges_get_decimals_enough_to_differ():
    classes = mapview.classify(pd.Series([0.33801, 0.33804, 0.9]), False, k=3)
    assert [label for _, label in classes.legend("en")] == [
        "0.90000", "0.33804 – < 0.90000", "0.33801 – < 0.33804"]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_city_dots_take_their_class_colour_in_the_app_and_the_report(lang):
    import folium

    from scicity.app.maplabels import add_labels
    from scicity.view import report

    ev = evaluate(load_bundled("regions"), load_scenario("balanced"))
    ranked = ev.table.loc[ev.table["status"] == "ranked", "score"]
    classes = mapview.classify(ranked, ev.ascending)
    legend = dict(classes.legend(lang))
    dots = {iso: style["fillColor"] for iso, _, style in mapview.city_dots(ev, classes)}
    assert set(dots) == set(mapview.CITIES)
    for iso, fill in dots.items():
        assert fill == classes.colour(float(ev.table.loc[iso, "score"])) and fill in legend
    best = ev.table["rank"].idxmin()   # the top unit's dot has the top class's colour
    assert best in dots and dots[best] == mapview.PALETTE[-1]
    assert len(set(dots.values())) > 1   # not one colour for rank 1 and rank 12

    fg = folium.FeatureGroup()
    add_labels(fg, ev, lang, None)
    js = _get_feature_group_string(fg, mapview.base_map())
    for iso, fill in dots.items():
        name = str(escape(ev.table.loc[iso, f"name_{lang}"]))
        at = js.index(name)
        assert f"background:{fill}" in js[js.rindex("scicity-city", 0, at):at]

    svg, rep_classes = report.svg_map(ev, lang)
    assert rep_classes == classes
    assert {c["label"]: c["fill"] for c in svg["circles"]} == {
        ev.table.loc[iso, f"name_{lang}"]: fill for iso, fill in dots.items()}
    page = report.report_html(ev, lang)
    for _, label in classes.legend(lang):
        assert str(escape(label)) in page
