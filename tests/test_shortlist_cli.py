"""``scicity shortlist`` on the bundled data: the set, its constraints, reasons and
probability, checked against brute force over the ranking."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate


def run(capsys, *argv):
    code = main(["shortlist", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def ranked():
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    t = ev.table[ev.table["status"] == "ranked"]
    region = t["region_id_computed"].fillna(t["region_id"])
    return t["score"].astype(float).to_dict(), region.to_dict()


@pytest.fixture(scope="module")
def ungated(tmp_path_factory):
    """The balanced scenario with the 3 % rule shown but not excluding towns: with the
    bundled data the rule leaves five towns, one per region, which makes a per-region cap
    moot; without it Semey and Kurchatov share Abai Region."""
    src = (Path(__file__).parents[1] / "scenarios/builtin/balanced.toml").read_text("utf-8")
    assert "towns = true" in src
    path = tmp_path_factory.mktemp("scen") / "ungated.toml"
    path.write_text(src.replace("towns = true", "towns = false"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ranked_ungated(ungated):
    ev = evaluate(load_bundled("towns"), load_scenario(str(ungated)))
    t = ev.table[ev.table["status"] == "ranked"]
    region = t["region_id_computed"].fillna(t["region_id"])
    return t["score"].astype(float).to_dict(), region.to_dict()


def brute(scores, region, k, fixed=(), cap=None):
    best, best_total = None, -1.0
    for combo in itertools.combinations(scores, k):
        if not set(fixed) <= set(combo):
            continue
        if cap is not None and max(
                [region[u] for u in combo].count(r) for r in set(region.values())) > cap:
            continue
        total = sum(scores[u] for u in combo)
        if total > best_total:
            best, best_total = set(combo), total
    return best


def test_bundled_set_with_its_probability(capsys, ranked):
    code, out, _ = run(capsys, "--layer", "towns", "--k", "3", "--samples", "2000",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    scores, region = ranked
    members = [m["id"] for m in doc["set"]]
    assert set(members) == brute(scores, region, 3)
    assert 0 < doc["p_best"] <= 1
    assert doc["robust"]["samples"] == 2000
    assert doc["robust"]["most_often_best"]["probability"] >= doc["p_best"]
    assert sum(doc["robust"]["inclusion"].values()) == pytest.approx(3)
    assert doc["scenario_id"] == "balanced" and doc["layer"] == "towns"
    assert doc["constraints"]["k"] == 3 and doc["sources"] and doc["notes"]


def test_fixing_kurchatov_one_per_region_changes_the_answer(capsys, ranked_ungated, ungated):
    scores, region = ranked_ungated
    free = brute(scores, region, 4)   # Semey and Kurchatov, both in Abai Region
    code, out, _ = run(capsys, "--k", "4", "--fix", "kurchatov", "--max-per-region", "1",
                       "--samples", "500", "--format", "json", "--scenario", str(ungated))
    assert code == 0
    doc = json.loads(out)
    members = {m["id"] for m in doc["set"]}
    assert members == brute(scores, region, 4, fixed=("kurchatov",), cap=1)
    assert members != free and "kurchatov" in members
    assert len({region[u] for u in members}) == 4
    why = {m["id"]: [r["key"] for r in m["reasons"]] for m in doc["set"]}
    assert why["kurchatov"] == ["shortlist_member_fixed"]
    assert doc["set"][[m["id"] for m in doc["set"]].index("kurchatov")]["p_in_best_set"] == 1.0
    # a higher-scoring town of Kurchatov's region is left out because of the cap
    same = [u for u in free - members if region[u] == region["kurchatov"]]
    out_keys = {x["id"]: [r["key"] for r in x["reasons"]] for x in doc["left_out"]}
    for u in same:
        assert "shortlist_out_region_cap" in out_keys[u]


def test_text_and_csv(capsys, tmp_path):
    code, out, _ = run(capsys, "--k", "3", "--samples", "300")
    assert code == 0
    assert "Probability that this set is best over 300 weight samples" in out
    assert "Constraints: k = 3" in out
    path = tmp_path / "s.csv"
    code, out, _ = run(capsys, "--k", "3", "--samples", "300", "--min-distance-km", "400",
                       "--out", str(path))
    assert code == 0 and "Best set" in out
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [r["role"] for r in rows][:3] == ["member"] * 3
    assert {r["constraints"] for r in rows} == {"k = 3; at least 400 km apart"}
    assert all(r["scenario_id"] == "balanced" for r in rows)


@pytest.mark.parametrize(("argv", "message"), [
    (["--k", "3", "--eligible-only"], "only 1 unit(s) allowed"),
    (["--k", "2", "--fix", "almaty"], "fixed unit(s) not ranked, so not candidates: almaty"),
    (["--k", "2", "--fix", "atlantis"], "unknown unit id(s) in --fix: atlantis"),
    (["--k", "3", "--require", "model_2"], "needs a Model 1 / Model 2 recommendation"),
    (["--k", "2", "--fix", "kurchatov", "semey", "--max-per-region", "1"],
     "fixed unit(s) not ranked, so not candidates: semey (restricted"),
])
def test_impossible_constraints_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv, "--samples", "0")
    assert code == 2 and not out
    assert err.startswith("error: ") and message in err


def test_text_lists_every_set_it_counts(capsys):
    """"N different sets are best" is followed by all N (review item 17: it said 4 and
    listed 3), each with its probability, summing to 1."""
    code, out, _ = run(capsys, "--k", "3", "--samples", "500")
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("Sets best in at least one"))
    n = int(lines[at].split(":")[1].split(";")[0])
    listed = lines[at + 1:at + 1 + n]
    assert n >= 2 and all(x.startswith("  ") and x.endswith("%") for x in listed)
    assert lines[at + 1 + n] == ""              # nothing further was counted but not listed
    total = sum(float(x.rsplit(": ", 1)[1].rstrip("%")) for x in listed)
    assert total == pytest.approx(100, abs=0.1 * n)
    most = next(x for x in lines if x.startswith("Most often best: "))
    assert most.split(": ", 1)[1].rsplit(" (", 1)[0] == listed[0].strip().rsplit(": ", 1)[0]
    assert "kurchatov, " not in out and "Kurchatov" in listed[0]   # names, not ids


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_lang_puts_the_text_in_that_language(capsys, tmp_path, lang):
    from scicity.i18n import t

    code, out, err = run(capsys, "--k", "3", "--samples", "200", "--max-per-region", "1",
                         "--lang", lang)
    assert code == 0, err
    ev = evaluate(load_bundled("towns"), load_scenario("balanced"))
    assert out.startswith(t("shortlist_cli_head", lang, k=3, layer=t("layer_towns", lang),
                            scenario=ev.scenario.display_name(lang), id="balanced",
                            method=t("method_topsis", lang),
                            norm=t("norm_vector", lang)))
    assert t("shortlist_cli_constraints", lang,
             text=f"k = 3; {t('shortlist_cons_region', lang, m=1)}") in out
    for word in (ev.table.at["kurchatov", f"name_{lang}"], t("state_eligible", lang),
                 t("shortlist_type_high_potential", lang), t("shortlist_col_why", lang),
                 t("msg_shortlist_member_score", lang), t("shortlist_note_candidates", lang)):
        assert word in out, word
    for english in ("Constraints", "Best set", "chosen on its score", "high potential",
                    "Most often best", "Notes:", "Candidates are"):
        assert english not in out, english
    path = tmp_path / "s.html"
    code, out, _ = run(capsys, "--k", "2", "--samples", "100", "--lang", lang,
                       "--out", str(path))
    assert code == 0
    assert out.endswith(t("shortlist_cli_written_dossiers", lang, path=str(path)) + "\n")
    page = path.read_text("utf-8")
    assert f'<html lang="{lang}">' in page and t("dossier_model2", lang) in page


def test_csv_and_json_in_a_language_keep_ids(capsys):
    code, out, _ = run(capsys, "--k", "3", "--samples", "0", "--format", "csv", "--lang", "ru")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    kur = next(r for r in rows if r["id"] == "kurchatov")
    assert kur["name"] == "Курчатов" and kur["name_en"] == "Kurchatov"
    assert kur["reasons"] == "выбрано по баллу" and kur["scenario_id"] == "balanced"
    code, out, _ = run(capsys, "--k", "3", "--samples", "0", "--format", "json", "--lang", "kk")
    doc = json.loads(out)
    assert doc["set"][0]["id"] == "kurchatov" and doc["set"][0]["name"] == "Курчатов"
    assert doc["method_code"] == "topsis" and doc["scenario_name"] == "Теңгерімді"


def test_an_impossible_shortlist_is_explained_in_the_readers_language(capsys):
    from mcda.messages import Message
    from scicity.i18n import t, translate

    code, out, err = run(capsys, "--k", "3", "--eligible-only", "--samples", "0",
                         "--lang", "ru")
    assert code == 2 and not out
    want = translate(Message("shortlist_too_few_candidates", {
        "count": "1", "excluded": "0", "filtered": "4", "no_cost": "0", "k": "3"}), "ru")
    assert err == f"error: shortlist: {want}\n"
    assert t("msg_shortlist_too_few_candidates", "en").split(" ")[0] not in err
