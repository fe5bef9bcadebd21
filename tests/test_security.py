"""Security and failure: no code execution on user input, bounded uploads, scenario names
that cannot leave their folder, and writes that an interruption cannot half-finish."""

from __future__ import annotations

import ast
import os
import stat
import tomllib
from dataclasses import replace
from pathlib import Path

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import criteria.fileio
from criteria.bundled import load_bundled
from criteria.fileio import FILE_MODE, atomic_write_bytes
from criteria.userdata import MAX_BYTES
from scenarios.library import load_scenario
from scenarios.store import ScenarioStore, scenario_id
from scicity import exports, geoexport
from scicity.cli import main
from scicity.engine import evaluate

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "tests", ".git", "build", "scicity.egg-info", "test-artifacts",
             "__pycache__", ".hypothesis", ".ruff_cache", ".pytest_cache"}


def _project_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py")
                  if not SKIP_DIRS & set(p.relative_to(ROOT).parts))


# ----------------------------------------------------------------- no code from data

#: Modules that turn bytes into code or arbitrary objects.
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "joblib", "cloudpickle",
                  "jsonpickle", "yaml"}
#: Calls that run text as code or unpickle.
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
#: Methods that evaluate expressions (pandas) or unpickle.
UNSAFE_METHODS = {"eval", "query", "read_pickle", "to_pickle"}


def _findings(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            out += [f"{where} import {a.name}" for a in node.names
                    if a.name.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in UNSAFE_MODULES:
                out.append(f"{where} from {node.module}")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in UNSAFE_CALLS:
                out.append(f"{where} {f.id}(")
            elif isinstance(f, ast.Attribute) and f.attr in UNSAFE_METHODS:
                out.append(f"{where} .{f.attr}(")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant)
                                                     and kw.value.value is False):
                    out.append(f"{where} allow_pickle")
    return out


def test_no_pickle_eval_or_exec_anywhere_in_the_code():
    files = _project_files()
    names = {str(p.relative_to(ROOT)) for p in files}
    assert {"app.py", "criteria/userdata.py", "scenarios/store.py", "scicity/cli.py"} <= names
    assert [f for p in files for f in _findings(p)] == []


def test_the_code_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nfrom yaml import load\nx = eval('1')\nexec('y = 2')\n"
                   "import numpy as np\nnp.load('f', allow_pickle=True)\ndf.query('a > 1')\n"
                   "import re\nre.compile('x')\n", encoding="utf-8")
    assert _findings(bad, tmp_path) == [
        "bad.py:1 import pickle", "bad.py:2 from yaml", "bad.py:3 eval(", "bad.py:4 exec(",
        "bad.py:6 allow_pickle", "bad.py:7 .query("]


def test_scenarios_are_read_with_tomllib_only():
    """Scenario text goes to tomllib (data only), never to an evaluator."""
    source = (ROOT / "scenarios/library.py").read_text(encoding="utf-8")
    assert "tomllib.loads(text)" in source


# ----------------------------------------------------------------- upload size

def test_upload_limit_is_configured_and_matches_the_loader():
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    limit_mb = config["server"]["maxUploadSize"]
    assert isinstance(limit_mb, int) and 0 < limit_mb <= 50
    assert limit_mb * 1024 * 1024 == MAX_BYTES   # the loader re-checks the same limit


def test_the_app_never_raises_the_upload_limit_per_widget():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "file_uploader":
            assert "max_upload_size" not in {k.arg for k in node.keywords}


# ----------------------------------------------------------------- scenario names

@pytest.mark.parametrize("name", [
    "../../etc/cron.d/x", "..\\..\\windows\\system32", "C:\\Windows\\evil", "/tmp/x",
    "\\\\?\\C:\\x", "~/secret", "a\0b", "....//....//x", "x/../../y", "%2e%2e/x",
    "nul", "NUL", "Aux", "com1", "COM9", "lpt1", "Lpt9", " con ", "ＣＯＮ", "prn",
    "infrastructure_first", "Concept emphasis", "BALANCED", "..", ".", "___", "—", "😀",
    "x" * 61,
])
def test_unsafe_scenario_names_are_refused(name):
    with pytest.raises(ValueError):
        scenario_id(name)


@pytest.mark.parametrize(("name", "sid"), [
    ("．．／evil", "evil"),               # full-width dots and slash normalise to text
    ("nul.txt", "nul_txt"),              # not the device name once it has a suffix
    ("con-2", "con_2"),
    ("COM10", "com10"),
    ("Сценарий ВКО", "stsenarii_vko"),
    ("Ғылым қаласы", "gylym_qalasy"),
    ("a" * 60, "a" * 60),
])
def test_names_that_become_safe_ids(name, sid):
    assert scenario_id(name) == sid


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_name_gives_a_safe_id_or_a_clear_refusal(tmp_path_factory, name):
    folder = tmp_path_factory.getbasetemp() / "ids"
    try:
        sid = scenario_id(name)
    except ValueError as exc:
        assert str(exc)   # a reason the app can show
        return
    assert sid and len(sid) <= 60 and sid.isascii()
    assert set(sid) <= set("abcdefghijklmnopqrstuvwxyz0123456789_-")
    path = ScenarioStore(folder).path_for(sid)
    assert path.parent == folder.resolve() and path.name == f"{sid}.toml"


@pytest.mark.parametrize("sid", ["../x", "x/y", "", "X", "a.b", "-x", "a" * 61])
def test_path_for_refuses_ids_that_are_not_ids(tmp_path, sid):
    with pytest.raises(ValueError):
        ScenarioStore(tmp_path).path_for(sid)


def test_a_symlink_in_the_folder_cannot_redirect_a_save(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "mine.toml").symlink_to(outside)
    store = ScenarioStore(folder)
    for overwrite in (False, True):
        with pytest.raises(ValueError, match="scenario id 'mine' points outside"):
            store.save(load_scenario("balanced"), "mine", overwrite=overwrite)
    assert outside.read_bytes() == b"precious"
    assert (folder / "mine.toml").is_symlink() and _listing(folder) == ["mine.toml"]


# ----------------------------------------------------------------- atomic writes

@pytest.fixture(scope="module")
def ev():
    return evaluate(load_bundled("regions"), load_scenario("balanced"))


def _disk_full(*_a, **_k):
    raise OSError(28, "No space left on device")


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


WRITERS = {
    "csv": lambda ev, path: exports.export(ev, path),
    "xlsx": lambda ev, path: exports.export(ev, path),
    "json": lambda ev, path: exports.export(ev, path),
    "geojson": lambda ev, path: exports.export(ev, path),
    "gpkg": lambda ev, path: exports.export(ev, path),
}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
@pytest.mark.parametrize("where", ["rename", "flush"])
def test_interrupted_export_keeps_the_previous_file(ev, tmp_path, monkeypatch, suffix, where):
    path = tmp_path / f"shortlist.{suffix}"
    WRITERS[suffix](ev, path)
    before = path.read_bytes()
    assert len(before) > 100
    if where == "rename":
        monkeypatch.setattr(os, "replace", _disk_full)
    elif suffix == "gpkg":   # GDAL writes the GeoPackage: fail on its second table
        calls = []
        real = pyogrio.write_dataframe

        def half(*a, **k):
            calls.append(1)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(*a, **k)

        monkeypatch.setattr(pyogrio, "write_dataframe", half)
    else:
        monkeypatch.setattr(os, "fsync", _disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        WRITERS[suffix](replace(ev, notes=(*ev.notes, "changed")), path)
    assert path.read_bytes() == before
    assert _listing(tmp_path) == [path.name]   # no temporary file or folder left


def test_interrupted_scenario_save_keeps_the_previous_file(tmp_path, monkeypatch):
    store = ScenarioStore(tmp_path)
    store.save(load_scenario("balanced"), "mine")
    before = (tmp_path / "mine.toml").read_bytes()
    monkeypatch.setattr(os, "fsync", _disk_full)   # the crash comes mid-write
    with pytest.raises(OSError, match="No space left"):
        store.save(replace(load_scenario("balanced"), method="vikor"), "mine", overwrite=True)
    assert (tmp_path / "mine.toml").read_bytes() == before
    assert _listing(tmp_path) == ["mine.toml"]
    monkeypatch.undo()
    ok, broken = store.load_all()
    assert broken == [] and ok["mine"].method == "topsis"


def test_interrupt_by_the_user_also_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "f.bin"
    atomic_write_bytes(path, b"old")

    def interrupt(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b"new" * 1000)
    assert path.read_bytes() == b"old" and _listing(tmp_path) == ["f.bin"]


def test_atomic_write_makes_a_complete_file_with_plain_permissions(tmp_path):
    path = tmp_path / "sub" / "out.csv"
    path.parent.mkdir()
    atomic_write_bytes(path, b"a" * 100_000)
    atomic_write_bytes(path, b"b")
    assert path.read_bytes() == b"b"
    assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE == 0o644
    assert _listing(path.parent) == ["out.csv"]
    assert criteria.fileio.os is os   # the module the crash tests patch


def test_cli_report_interrupted_exits_2_and_keeps_the_old_report(tmp_path, monkeypatch, capsys):
    out = tmp_path / "report.html"
    out.write_text("<p>previous report</p>", encoding="utf-8")
    monkeypatch.setattr("scicity.cli.REPORT_SAMPLES", 200)
    monkeypatch.setattr(os, "replace", _disk_full)
    assert main(["rank", "--out", str(out)]) == 2
    _, err = capsys.readouterr()
    assert err.splitlines() == ["error: [Errno 28] No space left on device"]
    assert out.read_text(encoding="utf-8") == "<p>previous report</p>"
    assert _listing(tmp_path) == ["report.html"]


def test_export_to_a_missing_folder_is_a_user_error(tmp_path, capsys):
    assert main(["rank", "--out", str(tmp_path / "no" / "such" / "x.csv")]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("error: [Errno 2] No such file or directory")
    assert not (tmp_path / "no").exists()


def test_gpkg_export_leaves_no_temporary_folder(ev, tmp_path):
    path = tmp_path / "x.gpkg"
    geoexport.write_gpkg(ev, path)
    assert _listing(tmp_path) == ["x.gpkg"]
    assert {name for name, _ in pyogrio.list_layers(path)} == {
        "ranking", "metadata", "weights", "notes", "sources"}
