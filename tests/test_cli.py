"""The scicity command line: published examples, exports and user errors."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from scicity.cli.main import main

# Hwang & Yoon (1981), TOPSIS fighter-aircraft example (see tests/test_methods.py):
# printed relative closeness 0.643, 0.268, 0.613, 0.312.
AIRCRAFT_CSV = """aircraft,speed,range,payload,cost,reliability,maneuverability
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
# Saaty (1980), wealth of nations through world influence: printed eigenvector
# 0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094 and lambda_max 7.61.
WEALTH_CSV = """,US,USSR,China,France,UK,Japan,W.Germany
US,1,4,9,6,6,5,5
USSR,1/4,1,7,5,5,3,4
China,1/9,1/7,1,1/5,1/5,1/7,1/5
France,1/6,1/5,5,1,1,1/3,1/3
UK,1/6,1/5,5,1,1,1/3,1/3
Japan,1/5,1/3,7,3,3,1,2
W.Germany,1/5,1/4,5,3,3,1/2,1
"""


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def aircraft(tmp_path: Path) -> Path:
    p = tmp_path / "aircraft.csv"
    p.write_text(AIRCRAFT_CSV, encoding="utf-8")
    return p


def test_score_reproduces_hwang_yoon(capsys, aircraft):
    code, out, _ = _run(capsys, "score", str(aircraft), "--weights", "0.2,0.1,0.1,0.1,0.2,0.3",
                        "--types", "1,1,1,-1,1,1", "--method", "topsis", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["alternative"] for r in rows] == ["A1", "A2", "A3", "A4"]
    # The book rounds intermediate results to 4 decimals: C3* = 0.6135 exactly, 0.613 printed.
    assert [r["score"] for r in rows] == pytest.approx([0.643, 0.268, 0.613, 0.312], abs=1e-3)
    assert [r["rank"] for r in rows] == [1, 4, 2, 3]


def test_score_csv_and_semicolon_decimal_comma(capsys, tmp_path):
    p = tmp_path / "ru.csv"
    p.write_text("\ufeffальтернатива;a;b\nX;1,5;2\nY;2,5;1\n", encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(p), "--weights", "0.5,0.5", "--types", "1,-1",
                        "--method", "wsm")
    assert code == 0
    assert out.splitlines()[0] == "alternative,score,rank"
    assert out.splitlines()[2].startswith("Y,1.000000,1")


def test_score_vikor_ranks_ascending(capsys, aircraft):
    code, out, _ = _run(capsys, "score", str(aircraft), "--weights", "1,1,1,1,1,1",
                        "--types", "1,1,1,-1,1,1", "--method", "vikor", "--format", "json")
    rows = json.loads(out)
    best = min(rows, key=lambda r: r["score"])
    assert code == 0 and best["rank"] == 1


def test_score_errors_name_file_row_and_column(capsys, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("alt,a,b\nX,1,abc\nY,2\n", encoding="utf-8")
    code, _, err = _run(capsys, "score", str(p), "--weights", "1,1", "--types", "1,1")
    assert code == 2
    assert "bad.csv: row 2, column 3 ('b'): 'abc' is not a number" in err
    assert "bad.csv: row 3: 1 values, expected 2" in err
    assert "Traceback" not in err


def test_score_option_errors(capsys, aircraft):
    code, _, err = _run(capsys, "score", str(aircraft), "--weights", "1,x", "--types", "1")
    assert code == 2 and "--weights: item 2 ('x') is not a number" in err
    code, _, err = _run(capsys, "score", str(aircraft), "--weights", "1,1", "--types", "1,2")
    assert code == 2 and "2 values for 6 criteria" in err


def test_ahp_reproduces_saaty_wealth(capsys, tmp_path):
    p = tmp_path / "wealth.csv"
    p.write_text(WEALTH_CSV, encoding="utf-8")
    code, out, _ = _run(capsys, "ahp", str(p), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [round(w, 3) for w in doc["weights"].values()] == [0.427, 0.230, 0.021, 0.052,
                                                             0.052, 0.123, 0.094]
    assert round(doc["lambda_max"], 2) == 7.61
    assert doc["ri_table"]["name"] == "saaty" and doc["ri_table"]["values"]["7"] == 1.32
    assert doc["consistent"] is True and doc["worst_judgement"] is None
    assert doc["cr"] == pytest.approx(doc["ci"] / 1.32)


def test_ahp_inconsistent_names_worst_judgement(capsys, tmp_path):
    p = tmp_path / "cyc.csv"
    p.write_text(",a,b,c\na,1,9,1/9\nb,1/9,1,9\nc,9,1/9,1\n", encoding="utf-8")
    code, out, _ = _run(capsys, "ahp", str(p), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["consistent"] is False and doc["cr"] > 0.1
    w = doc["worst_judgement"]
    assert {w["row"], w["column"]} <= {"a", "b", "c"}
    assert w["cr_if_suggested"] < doc["cr"]


def test_ahp_errors(capsys, tmp_path):
    p = tmp_path / "ns.csv"
    p.write_text(",a,b\na,1,2\n", encoding="utf-8")
    code, _, err = _run(capsys, "ahp", str(p))
    assert code == 2 and "must list the same names" in err
    p.write_text(",a,b\na,1,2\nb,2,1\n", encoding="utf-8")
    code, _, err = _run(capsys, "ahp", str(p))
    assert code == 2 and "recipro" in err


def test_rank_prints_regions_with_provenance(capsys):
    code, out, _ = _run(capsys, "rank", "--layer", "regions", "--scenario", "balanced")
    assert code == 0
    assert out.count("KZ-") >= 20
    assert "Almaty (city)" in out and "C1" in out and "3 % rule" in out
    assert "Data sources:" in out and "[CONCEPT_T2]" in out


def test_rank_text_in_russian_uses_russian_numbers_and_headers(capsys):
    code, out, _ = _run(capsys, "rank", "--layer", "regions", "--lang", "ru")
    assert code == 0
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Место"))
    assert lines[head].split()[:3] == ["Место", "Код", "Название"]
    first = lines[head + 1].split()
    assert first[:3] == ["1", "KZ-75", "город"] and first[4] == "0,915"
    assert "Источники данных:" in out and "name_en" not in out


def test_rank_exports(capsys, tmp_path):
    for suffix in ("csv", "xlsx", "json"):
        out = tmp_path / f"r.{suffix}"
        code, _, err = _run(capsys, "rank", "--scenario", "concept_emphasis", "--out", str(out))
        assert code == 0, err
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("rank,id,name_kk,name_ru,name_en,score,sub_C1")
    assert "Ұлытау облысы" in text
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["ranking", "ranking_full", "metadata", "provenance"]
    prov = list(wb["provenance"].iter_rows(values_only=True))
    assert prov[0][:4] == ("unit_id", "field", "value", "year")
    assert ("KZ-55", "rd_expenditure", 1.87, "2024", "CONCEPT_T2") in {r[:5] for r in prov}
    meta = [c for row in wb["metadata"].iter_rows(values_only=True) for c in row if c]
    assert "Weights actually used" in meta and "Data sources" in meta and "version" in meta
    assert "concept_emphasis" in meta
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["scenario_id"] == "concept_emphasis" and len(doc["units"]) == 20
    assert {"rank", "score", "gate_state", "complete", "sub_C1"} <= set(doc["units"][0])
    estimated = [p for p in doc["provenance"]
                 if p["unit_id"] == "KZ-11" and p["field"] == "employed"]
    assert estimated[0]["qualifier"] == "estimate" and estimated[0]["source_id"] == "DERIVED"


def test_rank_user_errors(capsys, tmp_path):
    code, _, err = _run(capsys, "rank", "--scenario", "nope")
    assert code == 2 and "no built-in scenario" in err
    bad = tmp_path / "s.toml"
    bad.write_text('[weights.criteria]\nC1 = -1\nC7 = 1\n', encoding="utf-8")
    code, _, err = _run(capsys, "rank", "--scenario", str(bad))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 2
    assert all(line.startswith(f"error: {bad}: weights.criteria.C") for line in lines)
    code, _, err = _run(capsys, "rank", "--out", str(tmp_path / "x.pdfx"))
    assert code == 2 and "unknown export format" in err


def test_console_script_exits_2_without_traceback(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scicity.cli.main", "ahp", str(p)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {p}: the file is empty"


def test_check_data_command(capsys):
    code, out, _ = _run(capsys, "check-data")
    assert code == 0 and "warning: KZ-59" in out and "note: KZ-15" in out


def test_scenarios_command(capsys):
    code, out, _ = _run(capsys, "scenarios")
    assert code == 0 and "balanced —" in out and "concept_emphasis" in out
