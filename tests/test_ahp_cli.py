"""``scicity ahp``: the lowest-CR change, the smallest fix and the consistency option named."""

from __future__ import annotations

import json

from scicity.cli.main import main

ALONSO = ",a,b,c\na,1,2,7\nb,1/2,1,9\nc,1/7,1/9,1\n"


def run(capsys, tmp_path, text, *argv):
    p = tmp_path / "m.csv"
    p.write_text(text, encoding="utf-8")
    code = main(["ahp", str(p), *argv])
    return code, capsys.readouterr().out


def test_rule_option_is_named_and_fails_the_example(capsys, tmp_path):
    code, out = run(capsys, tmp_path, ALONSO, "--ri-table", "alonso-lamata-2006-rule",
                    "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["consistent"] is False
    assert doc["ri_table"]["name"] == "alonso-lamata-2006-rule"
    assert "lambda_max <= n + 0.1 (1.7699 n - 4.3513)" in doc["consistency_rule"]
    assert doc["lambda_limit"] < doc["lambda_max"]
    fix = doc["smallest_fix"]
    assert (fix["row"], fix["column"], fix["value"], fix["suggested"], fix["steps"]) == \
        ("a", "b", 2.0, 1.0, 1)
    assert doc["best_change"]["cr"] <= fix["cr"]
    code, out = run(capsys, tmp_path, ALONSO, "--ri-table", "alonso-lamata-2006",
                    "--format", "json")
    doc = json.loads(out)
    assert doc["consistent"] is True and round(doc["cr"], 4) == 0.0953
    assert doc["smallest_fix"] is None


def test_text_shows_both_changes_and_a_required_reversal(capsys, tmp_path):
    # consistent (8, 4, 2, 1) except a vs d = 1/2 instead of 8
    text = ",a,b,c,d\na,1,2,4,1/2\nb,1/2,1,2,4\nc,1/4,1/2,1,2\nd,2,1/4,1/2,1\n"
    code, out = run(capsys, tmp_path, text)
    assert code == 0
    assert "Consistency: CR = CI / RI(n) with Saaty's (1980) random-index table; accepts " \
        "λmax ≤ 4.2700." in out
    assert "Lowest CR from one change: a vs d: 1/2 → 8 (8 steps on the 1/9–9 scale), CR " \
        "would be 0.000. This reverses the judgement (d was preferred)" in out
    assert "Smallest change reaching CR ≤ 0.10: a vs d: 1/2 → 2 (2 steps on the 1/9–9 " \
        "scale), CR would be 0.092." in out


def test_advice_in_russian_and_when_no_single_change_is_enough():
    import numpy as np

    from mcda.ahp import ahp
    from scicity.view.ahp import advice

    res = ahp(np.array([[1, 2, 7], [1 / 2, 1, 9], [1 / 7, 1 / 9, 1]]),
              ri_table="alonso-lamata-2006-rule")
    lines = advice(res, ["a", "b", "c"], "ru")
    assert lines[0] == ("Согласованность: правило Алонсо и Ламаты (2006): λmax ≤ n + 0,1 "
                        "(1,7699 n − 4,3513); допускается λmax ≤ 3,0958.")
    assert lines[2].startswith("Наименьшее изменение, дающее ОС ≤ 0,10: a к b: 2 → 1")
    cyc = ahp(np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]))
    assert advice(cyc, ["a", "b", "c"], "en")[-1] == (
        "No change of a single judgement brings CR to 0.10 or below.")
