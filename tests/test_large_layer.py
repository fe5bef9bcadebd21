"""The bounded robustness summary of a large layer, and the report's switch to it."""

from pathlib import Path

import numpy as np
import pytest

from criteria.bundled import load_bundled
from mcda.methods import rank
from mcda.stability import _min_margin, _pair_groups, top_k_pairs
from scenarios.library import load_scenario
from scicity.engine import robustness as rb
from scicity.engine.evaluate import evaluate
from scicity.io.writers import ExportOptions, _html


@pytest.mark.parametrize("layer", ["regions", "towns"])
def test_rank_summary_agrees_with_smaa_on_the_same_draws(layer):
    ev = evaluate(load_bundled(layer), load_scenario("balanced"))
    full = rb.robustness(ev, samples=400, seed=3, compare_methods=False)
    small = rb.rank_summary(ev, samples=400, seed=3, chunk=37)
    for col in ("median_rank", "rank_p05", "rank_p95"):
        assert (full.units[col] == small.units[col]).all(), col
    np.testing.assert_allclose(small.units["p_top_k"], full.units["p_top_k"])
    np.testing.assert_allclose(small.acceptability, full.acceptability.iloc[:, :full.top_k])
    np.testing.assert_allclose(small.central_weights, full.central_weights, equal_nan=True)
    assert small.stability.equals(full.stability)
    assert small.winning.shape == (len(full.units), 0)
    assert [n.key for n in small.notes] == ["robustness_large"]
    assert small.notes[0].params["samples"] == 400


def test_sorted_ranks_match_pairwise_counts():
    rng = np.random.default_rng(5)
    u = rng.integers(0, 6, (40, 25)).astype(float)
    pairwise = 1 + (-u[..., None, :] < -u[..., :, None]).sum(axis=-1)
    assert (rank(u) == pairwise).all()
    assert (rank(u, ascending=True) == 1 + (u[..., None, :] < u[..., :, None]).sum(axis=-1)).all()


def test_grouped_margin_equals_the_pairwise_minimum():
    rng = np.random.default_rng(8)
    u = rng.random((9, 30))
    for pairs in (top_k_pairs(u[0], 3), rng.integers(0, 30, (50, 2))):
        want = (u[:, pairs[:, 0]] - u[:, pairs[:, 1]]).min(axis=1)
        assert (_min_margin(u, _pair_groups(pairs), cells=20) == want).all()


def test_report_uses_the_summary_above_the_limit(monkeypatch):
    ds = load_bundled("towns")
    ev = evaluate(ds, load_scenario("balanced"))
    monkeypatch.setattr(rb, "LARGE_UNITS", 3)
    html = _html(ev, ExportOptions("en", ds, samples=300)).decode()
    assert "robustness of a large layer" in html
    assert f"({int(ev.table['rank'].notna().sum())} ranked units): 300 weight vectors" in html


# --- the command line on a large layer: what `rank` loads, and per-column formatting ---

HEAVY = ("sqlalchemy", "alembic", "scipy.optimize", "scipy.stats", "openpyxl", "folium")


def test_rank_loads_no_engine_it_does_not_use():
    import subprocess
    import sys

    code = ("import sys; from scicity.cli.main import main; "
            "status = main(['rank', '--layer', 'towns']); "
            f"print(status, sorted({{m.split('.')[0] + '.' + m.split('.')[1] if '.' in m else m "
            f"for m in sys.modules if m.startswith({HEAVY!r})}}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == "0 []"


def test_rank_of_a_csv_upload_loads_no_geo_reader():
    # geopandas and GDAL (pyogrio) are imported only to read a geo file: the towns'
    # regions come from the polygons read by GEOS's GeoJSON reader
    import subprocess
    import sys

    data = Path(__file__).parent / "data" / "towns_good.csv"
    code = ("import sys; from scicity.cli.main import main; "
            f"status = main(['rank', '--layer', 'towns', '--data', {str(data)!r}]); "
            "print(status, sorted(m for m in ('geopandas', 'pyogrio') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == "0 []"


@pytest.mark.parametrize("command", ["panel", "shortlist", "robustness", "voi"])
def test_lazy_commands_show_their_full_help(command, capsys):
    from scicity.cli.commands import help_of
    from scicity.cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"usage: scicity {command} [-h]" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert " ".join(help_of(command).split()) in " ".join(capsys.readouterr().out.split())


def _awkward_numbers() -> list[object]:
    rng = np.random.default_rng(11)
    halves = [round(v, k) + 5 * 10.0 ** -(k + 1) for v in rng.uniform(-100, 100, 300)
              for k in range(4)]
    return [*rng.normal(0, 1, 300), *rng.uniform(-1e7, 1e7, 300), *halves, 0.125, 0.615,
            2.675, 1.005, -0.0001, -0.0, 0.0, 0.5, 1.5, 2.5, -2.5, 999.9995, 1e14 + 0.5,
            1e15, 1e20, float("inf"), float("-inf"), float("nan"), None, np.float32(0.615),
            np.int64(7), 3]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_column_formatting_gives_babels_text(lang):
    from scicity.i18n import number, percent
    from scicity.view.ranking import numbers, percents

    values = _awkward_numbers()
    for digits in range(5):
        assert numbers(values, lang, digits) == [number(v, lang, digits) for v in values]
        assert percents(values, lang, digits) == [percent(v, lang, digits) for v in values]


def test_text_table_is_pandas_to_string():
    import pandas as pd

    from scicity.view.ranking import text_table

    frames = [pd.DataFrame({"A": ["1", "22", ""], "Bb": ["x", "a\nb", "ünï"],
                            "C": ["long text", "", "q\tz\r"]}),
              pd.DataFrame({"Ранг": ["—", " lead", "trail "], "x\ny": ["1", "2", "3"]}),
              pd.DataFrame({"A": ["x"]}), pd.DataFrame({"A": [], "B": []}, dtype=object),
              pd.DataFrame({"A": [1.5, 2.0], "B": ["a", "b"]})]
    for frame in frames:
        assert text_table(frame) == frame.to_string(index=False)


def test_ranking_text_of_an_upload_is_pandas_to_string(tmp_path):
    import pandas as pd

    from criteria.userdata import load_user_table
    from scicity.cli.main import format_evaluation
    from scicity.view.ranking import labels, localized, ranking_rows

    pd.DataFrame({"id": ["a", "b", "c"], "name_en": ["=A\ttown", "Б", "c\nd"],
                  "lat": [43.25, 51.17, 49.8], "lon": [76.9, 71.43, 73.1],
                  "population": [2_000_000, 1_300_000, 500], "researchers": [9000, None, 3],
                  "universities": [40, 20, 0]}).to_csv(tmp_path / "t.csv", index=False)
    ds, _ = load_user_table(tmp_path / "t.csv", "towns")
    ev = evaluate(ds, load_scenario("balanced"))
    for lang in ("en", "ru", "kk"):
        view = localized(ranking_rows(ev, lang), labels(ev, lang, long=False))
        assert view.to_string(index=False) in format_evaluation(ev, lang)


def _within_ssd(y, bins) -> float:
    """Total within-class sum of squares of the classes with upper bounds ``bins``."""
    k = np.searchsorted(np.asarray(bins), y, side="left")
    return float(sum(((y[k == c] - y[k == c].mean()) ** 2).sum() for c in np.unique(k)))


def test_report_classes_of_many_scores_fit_nearly_as_well_as_exact_fisher_jenks():
    import pandas as pd

    from scicity.view import mapview
    from scicity.view.report import CLASS_SAMPLE, score_classes

    rng = np.random.default_rng(4)
    y = np.concatenate([rng.normal(0.2, 0.05, 1500), rng.normal(0.5, 0.1, 1200),
                        rng.normal(0.85, 0.03, 300)])
    small = pd.Series(y[:CLASS_SAMPLE])
    assert score_classes(small, False) == mapview.classify(small, False)
    classes = score_classes(pd.Series(y), False)
    assert classes is not None and classes.scheme == "fisher_jenks_sampled"
    assert classes.lower == y.min() and classes.bins[-1] == y.max()   # spans every score
    exact = mapview.fisher_jenks(y, 5)
    assert _within_ssd(y, classes.bins) <= 1.02 * _within_ssd(y, exact)


def test_report_legend_says_the_classes_were_sampled(monkeypatch):
    from scicity.view import report

    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    ranked = int((ev.table["status"] == "ranked").sum())
    monkeypatch.setattr(report, "CLASS_SAMPLE", 2)
    html = report.report_html(ev, "en")
    assert f"Fisher–Jenks, computed on 2 of the {ranked} scores, evenly spaced by rank" in html
