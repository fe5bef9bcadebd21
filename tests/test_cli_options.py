"""Command-line options whose value begins with a minus sign (issue 13, item 2) and the
one error handler: every user error is ``error: file: place: message`` with status 2."""

from pathlib import Path

import pytest

from scicity.cli.main import main

MATRIX = Path(__file__).parent / "corpus" / "matrices" / "score_ok_semicolon_decimal_comma.csv"


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("types", [["--types", "-1,1"], ["--types=-1,1"]])
@pytest.mark.parametrize("weights", [["--weights", "0.5,0.5"], ["--weights=0.5,0.5"]])
def test_a_leading_cost_type_is_accepted_in_both_forms(capsys, types, weights):
    code, out, err = _run(capsys, ["score", str(MATRIX), *weights, *types])
    assert (code, err) == (0, "")
    # cost first; the scores are pymcdm's TOPSIS with vector normalisation on the same
    # matrix (0.77925995, 0.87690365, 0.22074005)
    assert out.splitlines() == ["alternative,score,rank", "A,0.779260,2", "B,0.876904,1",
                                "C,0.220740,3"]


@pytest.mark.parametrize("form", [["--weights", "-0.5,1.5"], ["--weights=-0.5,1.5"]])
def test_a_negative_weight_reaches_the_validator_in_both_forms(capsys, form):
    code, out, err = _run(capsys, ["score", str(MATRIX), *form, "--types", "-1,1"])
    assert (code, out) == (2, "")
    assert err.splitlines() == ["error: --weights: weights must be finite and non-negative "
                                "with a positive sum"]


@pytest.mark.parametrize(("args", "line"), [
    (["--weights", "1,x", "--types", "-1,1"], "error: --weights: item 2 ('x') is not a number"),
    (["--weights", "1", "--types", "-1,1"],
     "error: --weights: 1 values for 2 criteria (cost, quality)"),
    (["--weights", "1,1", "--types", "-1,2"],
     "error: --types: each type must be 1 (benefit) or -1 (cost)"),
    (["--weights", "1,nan", "--types", "-1,1"],
     "error: --weights: weights must be finite and non-negative with a positive sum"),
])
def test_option_errors_name_the_option(capsys, args, line):
    code, out, err = _run(capsys, ["score", str(MATRIX), *args])
    assert (code, out, err.splitlines()) == (2, "", [line])
