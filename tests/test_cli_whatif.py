"""An official's what-if on the command line (review item 11): ``scicity rank`` with
``--method``, ``--normalization``, ``--criterion-weights``, ``--indicator-weights`` and the
method options. A method option the method does not read is refused (``--vikor-v`` under
TOPSIS changed nothing yet claimed a change); a changed scenario is named as the app
names it ("<name> — modified", id ``<id>_modified``, the changes listed in the reader's
language) and ranks exactly as that scenario does."""

import json
from dataclasses import replace

import pytest

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from scenarios.library import load_scenario
from scicity.app.changes import effective
from scicity.cli.main import format_evaluation, main
from scicity.engine.evaluate import evaluate

MATRIX = "tests/corpus/matrices/score_ok_semicolon_decimal_comma.csv"


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("args", "line"), [
    (["--vikor-v", "0.3"], "error: --vikor-v: --vikor-v applies to vikor only, and this "
     "ranking uses topsis: add --method vikor, or leave --vikor-v out"),
    (["--preference", "gaussian"], "error: --preference: --preference applies to "
     "promethee2 only, and this ranking uses topsis: add --method promethee2, or leave "
     "--preference out"),
    (["--method", "vikor", "--promethee-q", "0.2"], "error: --promethee-q: --promethee-q "
     "applies to promethee2 only, and this ranking uses vikor: add --method promethee2, or "
     "leave --promethee-q out"),
    (["--method", "promethee2", "--promethee-s", "0.3"], "error: --promethee-s: the linear "
     "preference function does not read --promethee-s (it reads: --promethee-q, "
     "--promethee-p)"),
    (["--method", "promethee2", "--preference", "usual", "--promethee-q", "0.2"],
     "error: --promethee-q: the usual preference function does not read --promethee-q "
     "(it reads: none)"),
])
def test_a_method_option_the_method_does_not_read_is_refused(capsys, args, line):
    assert _run(capsys, ["rank", "--layer", "towns", *args]) == (2, "", line + "\n")


def test_score_refuses_vikor_v_under_topsis(capsys):
    code, out, err = _run(capsys, ["score", MATRIX, "--weights", "1,1", "--types", "-1,1",
                                   "--vikor-v", "0.2"])
    assert (code, out) == (2, "") and err.startswith("error: --vikor-v: --vikor-v applies")
    assert _run(capsys, ["score", MATRIX, "--weights", "1,1", "--types", "-1,1",
                         "--method", "vikor", "--vikor-v", "0.2"])[0] == 0


def test_the_option_applies_under_the_method_it_belongs_to(capsys):
    """``--method vikor --vikor-v 0.3``: named modified, both changes listed, and the
    ranking is that of the scenario with VIKOR and v = 0.3."""
    code, out, err = _run(capsys, ["rank", "--layer", "towns", "--method", "vikor",
                                   "--vikor-v", "0.3"])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Balanced — modified — Towns, VIKOR")
    assert lines[1] == ("Changed from the scenario “Balanced”: Method: TOPSIS → VIKOR; "
                        "VIKOR v: weight of group utility S against individual regret R: "
                        "0.5 → 0.3.")
    ds = load_bundled("towns")
    want = evaluate(ds, replace(load_scenario("balanced"), method="vikor", vikor_v=0.3))
    assert lines[3:] == format_evaluation(want).splitlines()[1:]   # the same ranking


def test_an_option_equal_to_the_scenario_changes_nothing(capsys):
    code, out, _ = _run(capsys, ["rank", "--layer", "towns", "--method", "topsis",
                                 "--normalization", "vector"])
    assert code == 0 and out.splitlines()[0].startswith("Balanced — Towns, TOPSIS")
    assert "modified" not in out and "Changed from" not in out


def test_criterion_weights_rank_as_the_scenario_with_those_weights(capsys, tmp_path):
    weights = {"C1": 2.0, "C2": 1.0, "C3": 1.0, "C4": 1.0}
    arg = ",".join(f"{k}={v:g}" for k, v in weights.items())
    out = tmp_path / "r.json"
    code, text, err = _run(capsys, ["rank", "--layer", "towns", "--criterion-weights", arg,
                                    "--out", str(out)])
    assert (code, err) == (0, "")
    assert text.splitlines()[1] == (
        "Changed from the scenario “Balanced”: weight of C1 25% → 40%; weight of C2 25% → "
        "20%; weight of C3 25% → 20%; weight of C4 25% → 20%.")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["scenario_id"] == "balanced_modified"
    assert doc["scenario_name"] == "Balanced — modified"
    assert doc["scenario_description"] == text.splitlines()[1]
    ds = load_bundled("towns")
    base = load_scenario("balanced")
    want = evaluate(ds, replace(base, criterion_weights=weights))
    assert text.splitlines()[3:] == format_evaluation(want).splitlines()[1:]


def test_the_changed_scenario_is_named_in_the_readers_language(capsys):
    """The same naming as the app (``scicity.app.changes.effective``), Russian title and
    list of changes included: nothing stays English under ``--lang ru``."""
    code, out, _ = _run(capsys, ["rank", "--layer", "towns", "--criterion-weights",
                                 "C1=2,C2=1,C3=1,C4=1", "--lang", "ru"])
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Сбалансированный — изменён — Города")
    base = load_scenario("balanced")
    app = effective(base, replace(base, criterion_weights={"C1": 2, "C2": 1, "C3": 1,
                                                           "C4": 1}),
                    load_catalogue(), "ru")
    assert app.id == "balanced_modified" and lines[1] == app.display_description("ru")
    assert lines[1].startswith("Изменено относительно сценария «Сбалансированный»")


def test_weights_replace_ahp_judgements_from_their_own_weights(capsys):
    """On an AHP scenario the list starts from the judgements' weights, never 0 %."""
    code, out, _ = _run(capsys, ["rank", "--scenario", "concept_emphasis",
                                 "--criterion-weights", "C1=1,C2=1,C3=1,C4=1"])
    line = out.splitlines()[1]
    assert code == 0 and "criterion weights set directly" in line
    assert "0% →" not in line and "→ 25%" in line


def test_indicator_weights_change_one_indicator(capsys):
    code, out, _ = _run(capsys, ["rank", "--layer", "towns", "--indicator-weights",
                                 "airport=0.5"])
    assert code == 0
    assert out.splitlines()[1] == ("Changed from the scenario “Balanced”: weight of Civil "
                                   "airport 1 → 0.5.")


@pytest.mark.parametrize(("option", "value", "line"), [
    ("--criterion-weights", "C1=2,C5=1,C2=x,C3",
     ["item 2: unknown id 'C5'; known: C1, C2, C3, C4", "item 3 ('x') is not a number",
      "item 4 ('C3') is not ID=weight"]),
    ("--criterion-weights", "C1=1,C2=1", ["give every criterion a weight; left out: C3, C4"]),
    ("--criterion-weights", "C1=0,C2=0,C3=0,C4=0",
     ["weights must be finite and non-negative with a positive sum"]),
    ("--criterion-weights", "C1=-1,C2=1,C3=1,C4=inf",
     ["item 1: the weight of C1 ('-1') must be a finite number, 0 or more",
      "item 4: the weight of C4 ('inf') must be a finite number, 0 or more"]),
    ("--criterion-weights", "C1=1,C1=2,C2=1,C3=1,C4=1", ["item 2: C1 is given twice"]),
    ("--indicator-weights", "nope=1", None),
    ("--indicator-weights", "science_producers=0,region_rd_intensity=0",
     ["every indicator of C3 would weigh 0; to leave C3 out, give it weight 0 with "
      "--criterion-weights"]),
])
def test_weight_errors_are_located(capsys, option, value, line):
    code, out, err = _run(capsys, ["rank", "--layer", "towns", f"{option}={value}"])
    assert (code, out) == (2, "")
    if line is None:
        assert err.startswith(f"error: {option}: item 1: unknown id 'nope'; known: ")
        assert "airport" in err
    else:
        assert err.splitlines() == [f"error: {option}: {x}" for x in line]


def test_voi_and_robustness_take_the_same_what_if(capsys):
    """``scicity voi`` / ``scicity robustness`` with the what-if options analyse the
    changed scenario and name it so; a method option the method does not read is refused
    there too."""
    code, out, _ = _run(capsys, ["voi", "--layer", "towns", "--format", "json",
                                 "--criterion-weights", "C1=1,C2=2,C3=1,C4=1"])
    doc = json.loads(out)
    assert code == 0 and doc["scenario"] == "balanced_modified"
    assert doc["scenario_description"].startswith("Changed from the scenario “Balanced”: ")
    code, out, _ = _run(capsys, ["robustness", "--layer", "towns", "--samples", "100",
                                 "--sobol", "0", "--method-samples", "0", "--method", "wsm"])
    doc = json.loads(out)
    assert code == 0 and (doc["scenario"], doc["method"]) == ("balanced_modified", "wsm")
    assert doc["scenario_name"] == "Balanced — modified"
    for cmd in ("voi", "robustness"):
        code, out, err = _run(capsys, [cmd, "--layer", "towns", "--vikor-v", "0.3"])
        assert (code, out) == (2, "") and err.startswith("error: --vikor-v: ")
