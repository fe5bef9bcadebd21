"""The bad-input corpus (tests/corpus): every file through the real loaders, with the
exact problems the user must see (tests/corpus/expected.toml).

For each file: the loader's outcome (loaded with the usable rows, or rejected with
``UserInputError``), every problem with its severity, row, column and
message, the problem naming the file; the usable rows still rank; the app's upload path
and, for a sample, ``scicity rank --data`` report the same; scenario files are listed as
broken by the store with the reason while the others load; and a scenario saved before
any of this is byte-identical afterwards. Files far larger than the limits are made at
test time as sparse files and rejected before anything is read.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import time
import tomllib
import tracemalloc
import warnings
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from criteria import userdata
from criteria.problems import Problem, UserInputError
from criteria.userdata import MAX_BYTES, load_user_table
from scenarios import library
from scenarios.library import MAX_SCENARIO_BYTES, load_scenario, read_file
from scenarios.store import ScenarioStore
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.io import matrix_csv
from scicity.io.matrix_csv import MAX_MATRIX_BYTES, read_matrix_csv
from scicity.io.uploads import read_upload

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
APP = str(Path(__file__).resolve().parents[1] / "app.py")
DATA = MANIFEST["data"]
SCENARIOS = MANIFEST["scenario"]
MATRICES = MANIFEST["matrix"]
CLI_DATA = [c for c in DATA if "cli_exit" in c]

pytestmark = pytest.mark.filterwarnings(
    "ignore:More than one layer found:UserWarning",
    "ignore:GPKG. bad application_id:RuntimeWarning",
)


def _ids(cases: list[dict]) -> list[str]:
    return [c["file"] for c in cases]


# ----------------------------------------------------------------- the manifest itself

def test_corpus_size_and_manifest_cover_every_file():
    files = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*")
             if p.is_file() and p.name not in ("expected.toml", "make_binary.py")
             and "__pycache__" not in p.parts}
    listed = [c["file"] for c in (*DATA, *SCENARIOS, *MATRICES)]
    assert len(listed) == len(set(listed))
    assert set(listed) == files
    assert len(files) >= 60
    kinds = {p.rsplit(".", 1)[-1] for p in files}
    assert {"csv", "xlsx", "geojson", "gpkg", "toml"} <= kinds


# ----------------------------------------------------------------- the saved scenario

@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A store folder with one saved scenario, written before any bad input is read."""
    folder = tmp_path_factory.mktemp("saved")
    store = ScenarioStore(folder)
    store.save(load_scenario("balanced"), "Kept safe")
    path = folder / "kept_safe.toml"
    return store, path, path.read_bytes()


@pytest.fixture(autouse=True)
def _saved_work_untouched(saved):
    _, path, before = saved
    yield
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["kept_safe.toml"]


# ----------------------------------------------------------------- data tables

def _check_problems(problems: list[Problem], expected: list[dict], name: str) -> None:
    assert len(problems) == len(expected), "\n".join(str(p) for p in problems)
    for got, want in zip(problems, expected, strict=True):
        assert got.file == name
        assert got.severity == want["severity"]
        assert got.row == want.get("row")
        assert got.row_label == want.get("row_label", "row")
        assert got.column == want.get("column")
        if "message" in want:
            assert got.message == want["message"]
        else:
            assert want["contains"] in got.message


def _load(case: dict, path: Path):
    if case["outcome"] == "rejected":
        with pytest.raises(UserInputError) as exc:
            load_user_table(path, case["layer"])
        assert str(exc.value) == "\n".join(str(p) for p in exc.value.problems)
        return None, exc.value.problems
    return load_user_table(path, case["layer"])


@pytest.mark.parametrize("case", DATA, ids=_ids(DATA))
def test_data_file(case):
    path = CORPUS / case["file"]
    ds, problems = _load(case, path)
    _check_problems(problems, case["problems"], path.name)
    if ds is None:
        assert any(p.severity == "error" for p in problems)
        return
    assert ds.ids == case["kept"]
    for key, value in case.get("values", {}).items():
        uid, field = key.split(".")
        assert ds.values.loc[uid, field] == pytest.approx(value, rel=1e-12), key
    for key in case.get("missing", []):
        uid, field = key.split(".")
        assert math.isnan(ds.values.loc[uid, field]), key
    for key, text in case.get("names", {}).items():
        uid, col = key.split(".")
        assert ds.units.loc[uid, col] == text
    for uid, (lat, lon) in case.get("coords", {}).items():
        assert ds.units.loc[uid, "lat"] == pytest.approx(lat, abs=1e-6)
        assert ds.units.loc[uid, "lon"] == pytest.approx(lon, abs=1e-6)
    assert ds.extra_columns == tuple(case.get("extra_columns", ds.extra_columns))
    # the usable rows rank; the broken rows are reported, never silently scored
    ev = evaluate(ds, load_scenario("balanced"))
    assert list(ev.table.index) == [u for u in ev.table.index if u in case["kept"]]
    assert sorted(ev.table.index) == sorted(case["kept"])
    ranked = [u for u in ev.table.index if ev.table.loc[u, "status"] == "ranked"]
    assert ranked == case["ranked"]
    assert ev.table.loc[ranked, "score"].notna().all()


@pytest.mark.parametrize("case", DATA, ids=_ids(DATA))
def test_data_file_through_the_app_upload(case):
    """The app's upload path reports the same problems under the uploaded file's name."""
    path = CORPUS / case["file"]
    shown = f"от офиса {path.name}"   # any name the browser sends
    ds, problems = read_upload(shown, path.read_bytes(), case["layer"])
    _check_problems(problems, case["problems"], shown)
    assert (ds is None) == (case["outcome"] == "rejected")
    if ds is not None:
        assert ds.ids == case["kept"]


@pytest.mark.parametrize("case", CLI_DATA, ids=_ids(CLI_DATA))
def test_data_file_through_the_cli(case, capsys):
    path = CORPUS / case["file"]
    code = main(["rank", "--layer", case["layer"], "--data", str(path)])
    out, err = capsys.readouterr()
    assert code == case["cli_exit"] == (2 if case["outcome"] == "rejected" else 0)
    assert err.splitlines() == [line.replace("{path}", str(path)) for line in case["cli_stderr"]]
    assert "Traceback" not in err
    if code == 0:
        for uid in case["ranked"]:
            assert f" {uid} " in out
        assert f"[USER] User data file {path.name}" in out
    else:
        assert out == ""


def test_one_broken_row_still_ranks_the_others(capsys):
    path = CORPUS / "data/towns/coords_swapped.csv"
    assert main(["rank", "--layer", "towns", "--data", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert " kurchatov " in out and " aksu " not in out


# ----------------------------------------------------------------- far too large

SIZES = {".csv": "towns", ".xlsx": "towns", ".geojson": "regions", ".gpkg": "towns"}


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)   # a hole: no disk space, no memory
    assert path.stat().st_size == size
    return path


def _bounded(fn):
    """Run ``fn``; assert it took under 2 s and allocated under 2 MB at its peak."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        result = fn()
    finally:
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 2 * 1024 * 1024
    return result


def _no_parsing(monkeypatch, *targets: tuple[object, str]) -> None:
    def refuse(*_a, **_k):
        raise AssertionError("parsed a file that is over the size limit")

    for module, name in targets:
        monkeypatch.setattr(module, name, refuse)


@pytest.mark.parametrize("suffix", sorted(SIZES))
def test_far_too_large_data_file_rejected_before_parsing(tmp_path, monkeypatch, suffix):
    size = 50 * 1024**3   # 50 GB, 2,500 times the limit
    path = _sparse(tmp_path / f"huge{suffix}", size)
    _no_parsing(monkeypatch, (userdata, "_read_csv"), (userdata, "_read_xlsx"),
                (userdata, "_read_geo"), (Path, "read_bytes"))

    def load():
        with pytest.raises(UserInputError) as exc:
            load_user_table(path, SIZES[suffix])
        return exc.value

    err = _bounded(load)
    (p,) = err.problems
    assert (p.severity, p.file, p.row, p.column) == ("error", path.name, None, None)
    assert p.message == f"{size:,} bytes, more than the limit of {MAX_BYTES:,} bytes"
    assert p.message == "53,687,091,200 bytes, more than the limit of 20,971,520 bytes"


def test_far_too_large_file_through_the_cli(tmp_path, capsys, monkeypatch):
    path = _sparse(tmp_path / "huge.csv", 10 * 1024**3)
    _no_parsing(monkeypatch, (userdata, "_read_csv"))
    code = _bounded(lambda: main(["rank", "--layer", "towns", "--data", str(path)]))
    _, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == ["error: huge.csv: 10,737,418,240 bytes, more than the limit "
                                "of 20,971,520 bytes"]


def test_far_too_large_upload_rejected_before_parsing(monkeypatch):
    _no_parsing(monkeypatch, (userdata, "load_user_table"))
    import scicity.io.uploads as uploads

    _no_parsing(monkeypatch, (uploads, "load_user_bytes"))
    data = bytes(MAX_BYTES + 1)
    ds, (p,) = read_upload("big.csv", data, "towns")
    assert ds is None
    assert str(p) == "big.csv: 20,971,521 bytes, more than the limit of 20,971,520 bytes"


def test_far_too_large_scenario_and_matrix_rejected_before_parsing(tmp_path, monkeypatch):
    toml = _sparse(tmp_path / "huge.toml", 4 * 1024**3)
    csv_ = _sparse(tmp_path / "huge.csv", 4 * 1024**3)
    _no_parsing(monkeypatch, (library, "parse_text"), (Path, "read_bytes"))

    def scenario():
        with pytest.raises(UserInputError) as exc:
            read_file(toml)
        return exc.value

    err = _bounded(scenario)
    assert [str(p) for p in err.problems] == [
        f"{toml}: {4 * 1024**3:,} bytes, more than the limit of {MAX_SCENARIO_BYTES:,} bytes"]

    def matrix():
        with pytest.raises(UserInputError) as exc:
            read_matrix_csv(csv_)
        return exc.value

    assert [str(p) for p in _bounded(matrix).problems] == [
        f"{csv_}: {4 * 1024**3:,} bytes, more than the limit of {MAX_MATRIX_BYTES:,} bytes"]
    assert matrix_csv.MAX_MATRIX_BYTES == 5 * 1024 * 1024


# ----------------------------------------------------------------- scenario files

def _scenario_lines(path: Path, problems: list[list[str]]) -> list[str]:
    """The printed lines of [place, message] pairs ("" = the whole file)."""
    return [f"{path}: {place}: {msg}" if place else f"{path}: {msg}"
            for place, msg in problems]


def _reason(problems: list[list[str]]) -> str:
    return "; ".join(f"{place}: {msg}" if place else msg for place, msg in problems)


@pytest.mark.parametrize("case", SCENARIOS, ids=_ids(SCENARIOS))
def test_scenario_file(case):
    path = CORPUS / case["file"]
    if not case["problems"]:
        assert read_file(path).id == path.stem
        return
    with pytest.raises(UserInputError) as exc:
        read_file(path)
    assert {p.file for p in exc.value.problems} == {str(path)}   # each names the file
    assert [[p.place, p.message] for p in exc.value.problems] == case["problems"]
    assert str(exc.value).splitlines() == _scenario_lines(path, case["problems"])


@pytest.mark.parametrize("case", [c for c in SCENARIOS if c["problems"]],
                         ids=_ids([c for c in SCENARIOS if c["problems"]]))
def test_scenario_file_through_the_cli(case, capsys):
    path = CORPUS / case["file"]
    code = main(["rank", "--scenario", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.splitlines() == [f"error: {line}" for line in
                                _scenario_lines(path, case["problems"])]


@pytest.mark.parametrize("case", SCENARIOS, ids=_ids(SCENARIOS))
def test_scenario_file_in_the_store_is_listed_as_broken(case, saved, tmp_path):
    _, kept, before = saved
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy(kept, folder / kept.name)
    shutil.copy(CORPUS / case["file"], folder / Path(case["file"]).name)
    ok, broken = ScenarioStore(folder).load_all()
    assert list(ok) == ["kept_safe"]
    assert ok["kept_safe"].name == "Kept safe"
    (b,) = broken
    assert b.path.name == Path(case["file"]).name
    if case["problems"]:
        assert b.reason == _reason(case["problems"])
    else:   # a valid scenario under a name that is not a saved-scenario id
        assert b.reason == ("file name is not a valid saved-scenario id or clashes with a "
                            "built-in scenario")
    assert (folder / kept.name).read_bytes() == before


def test_app_starts_with_every_broken_scenario_listed(tmp_path, monkeypatch, saved):
    _, kept, before = saved
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(kept, folder / kept.name)
    for case in SCENARIOS:
        shutil.copy(CORPUS / case["file"], folder)
    unreadable = folder / "unreadable.toml"
    unreadable.mkdir()   # a folder where a file should be: cannot be read
    os.mkfifo(folder / "pipe.toml")   # a FIFO without a writer: must not hang the page
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    texts = [x.value for x in at.sidebar.text]
    for case in SCENARIOS:
        name = Path(case["file"]).name
        hits = [x for x in texts if x.startswith(f"{name}: ")]
        assert len(hits) == 1, name
        if case["problems"]:
            assert hits[0] == f"{name}: " + _reason(case["problems"])
    assert "unreadable.toml: not a regular file (a folder); only files are read" in texts
    assert ("pipe.toml: not a regular file (a device, FIFO or socket); only files are read"
            in texts)
    assert "Kept safe (saved)" in at.selectbox(key="w:base_ref:en").options
    at.selectbox(key="w:base_ref:en").set_value("saved:kept_safe").run()
    assert not at.exception
    assert len(at.dataframe(key="ranking_table_regions").value) == 20
    assert (folder / kept.name).read_bytes() == before


# ----------------------------------------------------------------- matrices

@pytest.mark.parametrize("case", MATRICES, ids=_ids(MATRICES))
def test_matrix_file_through_the_cli(case, capsys):
    path = CORPUS / case["file"]
    args = [a.replace("{path}", str(path)) for a in case["args"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # no numpy warning on bad input
        code = main([case["command"], str(path), *args])
    out, err = capsys.readouterr()
    assert code == case["exit"]
    assert err.splitlines() == [line.replace("{path}", str(path)) for line in case["stderr"]]
    assert out.splitlines() == case["stdout"]
    if code == 2:
        assert all(line.startswith(f"error: {path}: ") for line in err.splitlines())


def test_matrix_reader_numbers_rows_as_the_spreadsheet_does():
    path = CORPUS / "matrices/score_blank_lines.csv"
    with pytest.raises(UserInputError) as exc:
        read_matrix_csv(path)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}: row 6, column 2 ('x'): 'x' is not a number"]



# ----------------------------------------------------------------- round two (issue 16)

NOT_REGULAR = "not a regular file (a device, FIFO or socket); only files are read"


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize(("command", "name"), [
    (["rank", "--layer", "towns", "--data"], "towns.csv"),
    (["rank", "--scenario"], "mine.toml"),
    (["score", "--weights", "1", "--types", "1"], "m.csv"),
    (["ahp"], "m.csv"),
])
def test_devices_and_fifos_are_refused_before_reading(tmp_path, capsys, kind, command, name):
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)            # no writer: opening it must not wait
    else:
        path.symlink_to("/dev/zero")   # endless: reading it would never finish
    args = [*command, str(path)] if command[0] != "score" else ["score", str(path),
                                                                 *command[1:]]
    code = _bounded(lambda: main(args))
    out, err = capsys.readouterr()
    shown = path.name if command[-1] == "--data" else str(path)
    assert code == 2 and out == ""
    assert err.splitlines() == [f"error: {shown}: {NOT_REGULAR}"]


def test_size_reported_by_the_file_system_is_not_trusted(tmp_path, monkeypatch):
    """A file that grows past the limit after its size was read is still cut off."""
    from criteria import textio

    path = tmp_path / "grows.csv"
    path.write_bytes(b"id,name,lat,lon\n" + b"k,K,50.7,78.5\n" * 1000)
    real = os.fstat

    def lying(fd):
        st = real(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))   # st_size = 0

    monkeypatch.setattr(textio.os, "fstat", lying)
    monkeypatch.setattr(userdata, "MAX_BYTES", 100)
    with pytest.raises(UserInputError) as exc:
        load_user_table(path, "towns")
    assert str(exc.value) == "grows.csv: more than the limit of 100 bytes"


def test_a_million_rows_of_one_id_are_refused_at_the_row_limit(tmp_path):
    path = tmp_path / "million.csv"
    path.write_bytes(b"id,name,lat,lon\n" + b"k,K,50.7,78.5\n" * 1_000_000)
    assert path.stat().st_size < MAX_BYTES
    with pytest.raises(UserInputError) as exc:
        load_user_table(path, "towns")
    assert str(exc.value) == ("million.csv: more than 100,000 data rows; the limit keeps a "
                              "table usable (split the file)")


def test_repeated_ids_are_reported_up_to_the_cap_with_a_count_of_the_rest(tmp_path):
    path = tmp_path / "repeats.csv"
    path.write_bytes(b"id,name,lat,lon\n" + b"k,K,50.75617,78.54188\n" * 5_000)
    ds, problems = load_user_table(path, "towns")
    assert ds.ids == ["k"]
    assert len(problems) == userdata.MAX_REPORTED + 1 == 201
    assert str(problems[0]) == ("repeats.csv: row 3, column 'id': id 'k' repeats row 2; the "
                                "first occurrence is kept and this row is excluded")
    assert str(problems[-1]) == ("repeats.csv: 4,800 more problems not listed (4,799 "
                                 "errors); fix the ones above and load the file again")


def _names_with(text: str):
    towns = evaluate(load_user_table(CORPUS / f"data/towns/{text}", "towns")[0],
                     load_scenario("balanced"))
    return towns


def test_control_characters_in_names_export_to_xlsx_with_a_note():
    import openpyxl

    from scicity.io.exports import xlsx_bytes

    ev = _names_with("control_characters.csv")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(ev)))
    names = {r[1]: r[4] for r in wb["ranking_full"].iter_rows(min_row=2, values_only=True)}
    shown = {r[1]: r[2] for r in wb["ranking"].iter_rows(min_row=2, values_only=True)}
    assert shown == names
    assert names == {"k1": "Nul\ufffdhere", "k2": "Bell\ufffdand\ufffdtab"}
    notes = [r[0] for r in wb["metadata"].iter_rows(values_only=True) if r[0]]
    # three name columns of two units in ranking_full, and the shown name in ranking
    assert ("8 text cells held characters an XLSX file cannot store (control characters "
            "such as NUL or BEL); each was replaced by \ufffd") in notes


def test_csv_exports_neutralise_formulas(tmp_path, capsys):
    out = tmp_path / "ranking.csv"
    path = CORPUS / "data/towns/formula_names.csv"
    assert main(["rank", "--layer", "towns", "--data", str(path), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    for name in ('=HYPERLINK(""http://x"")', "+7 701", "-2+3", "@SUM(A1)"):
        assert f",'{name}," in text or f",\"'{name}\"," in text, name
    assert ",=" not in text and ",+" not in text and ",@" not in text
    matrix = tmp_path / "m.csv"
    matrix.write_text("alt,x\n=1+1,1\n@A,2\n-B,3\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["score", str(matrix), "--weights", "1", "--types", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines] == ["alternative", "'=1+1", "'@A", "'-B"]
