"""Scenario files: built-ins load, and every problem is reported with its place."""

from pathlib import Path

import pytest

from criteria.model import load_catalogue
from criteria.problems import UserInputError
from scenarios.library import builtin_ids, load_scenario, parse_text, read_file


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(UserInputError) as exc:
        parse_text(text, "t", "t.toml")
    assert all(p.file == "t.toml" for p in exc.value.problems)
    return [(p.place, p.message) for p in exc.value.problems]


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


#: (TOML text, places that must be reported, (place, message fragment) that must be among
#: the problems or None).
BAD = {
    "unknown keys and wrong types": (
        'name = "x"\ncolour = "red"\nmethod = "electre"\n[weights.criteria]\nC1 = "heavy"\n'
        'C2 = -1\nC9 = 1\n[gate]\nthreshold = 2\ntowns = "yes"\n',
        {"colour", "method", "weights.criteria.C1", "weights.criteria.C2",
         "weights.criteria.C9", "gate.threshold", "gate.towns"}, None),
    "all zero weights": ("[weights.criteria]\nC1 = 0\nC2 = 0\n", {"weights.criteria"},
                         ("weights.criteria", "all criterion weights are zero")),
    "missing weights": ('name = "x"\n', {"weights.criteria"},
                        ("weights.criteria", "no criterion weights")),
    "TOML syntax": ("name = \n", {"TOML syntax"}, ("TOML syntax", "line 1")),
    "deep nesting": ("a = " + "[" * 50_000 + "]" * 50_000 + "\n", {"TOML syntax"},
                     ("TOML syntax", "nested too deeply")),
    "deep inline tables": ("a = " + "{b = " * 20_000 + "1" + "}" * 20_000 + "\n",
                           {"TOML syntax"}, ("TOML syntax", "nested too deeply")),
    "AHP not square": ('[ahp.criteria]\norder = ["C1", "C2", "C3"]\n'
                       'matrix = [[1, 2, 3], [0.5, 1], [0.3333, 0.5, 1]]\n',
                       {"ahp.criteria.matrix row 2"}, None),
    "AHP not reciprocal": ('[ahp.criteria]\norder = ["C1", "C2", "C3"]\n'
                           'matrix = [[1, 2, 3], [2, 1, 2], [0.3333, 0.5, 1]]\n',
                           {"ahp.criteria.matrix"}, ("ahp.criteria.matrix", "recipro")),
    "AHP zero entry": ('[ahp.criteria]\norder = ["C1", "C2"]\nmatrix = [[1, 0], [0, 1]]\n',
                       {"ahp.criteria.matrix"}, None),
    "AHP inconsistent": ('[ahp.criteria]\norder = ["C1", "C2", "C3"]\nmatrix = [[1, 9, '
                         '0.1111111111111111], [0.1111111111111111, 1, 9], '
                         '[9, 0.1111111111111111, 1]]\n',
                         {"ahp.criteria.matrix"}, ("ahp.criteria.matrix", " vs ")),
    "direct and AHP criterion weights": (
        '[weights.criteria]\nC1 = 1\n[ahp.criteria]\norder = ["C1", "C2"]\n'
        'matrix = [[1, 2], [0.5, 1]]\n', {"weights.criteria"}, None),
    "goalposts": ('[weights.criteria]\nC1 = 1\n[goalposts]\nrd_staff = [10, 5]\n'
                  'grp = "wide"\n', {"goalposts.rd_staff", "goalposts.grp"}, None),
    "names": ('names = { fr = "x", kk = 3 }\n[weights.criteria]\nC1 = 1\n',
              {"names.fr", "names.kk"}, None),
}


@pytest.mark.parametrize("case", list(BAD))
def test_every_problem_reported_with_its_place(case):
    text, places, hit = BAD[case]
    problems = _problems(text)
    assert places <= {p for p, _ in problems}
    if hit is not None:
        assert any(p == hit[0] and hit[1] in m for p, m in problems), problems


def test_read_file_errors(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe name")
    with pytest.raises(UserInputError, match=r"bad\.toml: not UTF-8 text"):
        read_file(bad)
    with pytest.raises(UserInputError, match=r"missing\.toml: cannot read: No such file"):
        read_file(tmp_path / "missing.toml")
    with pytest.raises(UserInputError, match="no built-in scenario"):
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
