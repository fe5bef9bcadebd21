"""Scenario files: built-ins load, and every problem is reported with its place."""

from pathlib import Path

import pytest

from criteria.model import load_catalogue
from scenarios.library import builtin_ids, load_scenario, parse_text, read_file
from scenarios.model import ScenarioError


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as exc:
        parse_text(text, "t", "t.toml")
    return exc.value.problems


def _places(text: str) -> set[str]:
    return {p for p, _ in _problems(text)}


def test_at_least_four_builtins_with_descriptions():
    ids = builtin_ids()
    assert len(ids) >= 4
    assert {"balanced", "infrastructure_first", "clusters_investment_first",
            "concept_emphasis"} <= set(ids)
    for sid in ids:
        s = load_scenario(sid)
        assert len(s.description.split()) >= 40, f"{sid}: describe what it represents"


def test_balanced_defaults():
    s = load_scenario("balanced")
    assert s.method == "topsis" and s.normalization == "vector"
    assert s.criterion_weights == {"C1": 0.25, "C2": 0.25, "C3": 0.25, "C4": 0.25}
    assert s.gate.threshold == 0.03 and s.gate.towns and not s.gate.regions


def test_concept_scenario_uses_ahp():
    s = load_scenario("concept_emphasis")
    assert s.ahp_criteria is not None and s.ahp_criteria.order == ("C1", "C2", "C3", "C4")


def test_unknown_keys_and_wrong_types_all_reported():
    text = """
name = "x"
colour = "red"
method = "electre"
[weights.criteria]
C1 = "heavy"
C2 = -1
C9 = 1
[gate]
threshold = 2
towns = "yes"
"""
    places = _places(text)
    assert {"colour", "method", "weights.criteria.C1", "weights.criteria.C2",
            "weights.criteria.C9", "gate.threshold", "gate.towns"} <= places


def test_all_zero_weights():
    text = "[weights.criteria]\nC1 = 0\nC2 = 0\n"
    assert any("all criterion weights are zero" in m for _, m in _problems(text))


def test_missing_weights():
    assert any("no criterion weights" in m for _, m in _problems('name = "x"\n'))


def test_toml_syntax_error_has_line():
    probs = _problems("name = \n")
    assert probs[0][0] == "TOML syntax" and "line 1" in probs[0][1]


def test_ahp_matrix_not_square_and_not_reciprocal():
    text = """
[ahp.criteria]
order = ["C1", "C2", "C3"]
matrix = [[1, 2, 3], [0.5, 1], [0.3333, 0.5, 1]]
"""
    assert "ahp.criteria.matrix row 2" in _places(text)
    text = """
[ahp.criteria]
order = ["C1", "C2", "C3"]
matrix = [[1, 2, 3], [2, 1, 2], [0.3333, 0.5, 1]]
"""
    msgs = [m for p, m in _problems(text) if p == "ahp.criteria.matrix"]
    assert msgs and any("recipro" in m for m in msgs)


def test_ahp_zero_entry_is_reported():
    text = """
[ahp.criteria]
order = ["C1", "C2"]
matrix = [[1, 0], [0, 1]]
"""
    assert "ahp.criteria.matrix" in _places(text)


def test_inconsistent_ahp_points_at_worst_judgement():
    text = """
[ahp.criteria]
order = ["C1", "C2", "C3"]
matrix = [[1, 9, 0.1111111111111111], [0.1111111111111111, 1, 9], [9, 0.1111111111111111, 1]]
"""
    msgs = [m for p, m in _problems(text) if p == "ahp.criteria.matrix"]
    assert any("inconsistent" in m and "CR =" in m and " vs " in m for m in msgs)


def test_both_direct_and_ahp_criterion_weights_rejected():
    text = """
[weights.criteria]
C1 = 1
[ahp.criteria]
order = ["C1", "C2"]
matrix = [[1, 2], [0.5, 1]]
"""
    assert "weights.criteria" in _places(text)


def test_goalposts_validated():
    text = """
[weights.criteria]
C1 = 1
[goalposts]
rd_staff = [10, 5]
grp = "wide"
"""
    assert {"goalposts.rd_staff", "goalposts.grp"} <= _places(text)


def test_read_file_errors(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe name")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        read_file(bad)
    with pytest.raises(ScenarioError, match=r"missing\.toml: file: No such file"):
        read_file(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="no built-in scenario"):
        load_scenario("no_such_scenario")


def test_scenario_file_roundtrip(tmp_path: Path):
    p = tmp_path / "mine.toml"
    p.write_text('name = "Mine"\ndescription = "d"\nlayer = "regions"\n'
                 '[weights.criteria]\nC1 = 2\nC2 = 1\n', encoding="utf-8")
    s = read_file(p, load_catalogue())
    assert s.id == "mine" and s.layer == "regions" and s.criterion_weights["C1"] == 2


def test_builtin_names_in_three_languages():
    s = load_scenario("infrastructure_first")
    assert s.display_name("kk") == "Алдымен инфрақұрылым"
    assert s.display_name("ru") == "Прежде всего инфраструктура"
    assert s.display_name("en") == "Infrastructure first"
    probs = _problems('names = { fr = "x", kk = 3 }\n[weights.criteria]\nC1 = 1\n')
    assert {p for p, _ in probs} == {"names.fr", "names.kk"}
