"""Security and failure: no code execution on user input, bounded uploads, scenario names
that cannot leave their folder, and writes that an interruption cannot half-finish."""

from __future__ import annotations

import ast
import os
import stat
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scicity.io.writers
from criteria.bundled import load_bundled
from criteria.userdata import MAX_BYTES
from mcda.messages import msg
from scenarios.library import load_scenario
from scenarios.store import ScenarioStore, scenario_id
from scicity.cli.main import main
from scicity.engine.evaluate import evaluate
from scicity.io import geoexport
from scicity.io.writers import FILE_MODE, FORMATS, atomic_write_bytes, export

ROOT = Path(__file__).resolve().parents[1]
RUFF = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise"]


# ----------------------------------------------------------------- no code from data

def test_ruff_security_rules_are_on_and_the_code_passes_them():
    """The code scan is ruff's flake8-bandit rules (S), selected in pyproject.toml; only
    the test and benchmark folders carry justified ignores."""
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert "S" in lint["lint"]["select"]
    ignored = {code for codes in lint["lint"]["per-file-ignores"].values() for code in codes}
    assert ignored <= {"S101", "S603", "S607", "S108"}
    assert set(lint["lint"]["per-file-ignores"]) == {"tests/**", "benchmarks/**"}
    run = subprocess.run([*RUFF, "--select", "S", "."], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout


def test_the_security_rules_find_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nimport marshal\nimport shelve\nimport yaml\n"
                   "import pandas as pd\nimport subprocess\nx = eval('1')\nexec('y = 2')\n"
                   "pickle.loads(b'')\nmarshal.loads(b'')\nshelve.open('s')\n"
                   "yaml.load('a')\npd.read_pickle('f')\n"
                   "subprocess.run('ls', shell=True)\n", encoding="utf-8")
    run = subprocess.run([*RUFF, "--isolated", "--select", "S", bad.name], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    found = [(int(line.split(":")[1]), line.split()[1]) for line in run.stdout.splitlines()
             if line.startswith("bad.py:")]
    assert found == [(7, "S307"), (8, "S102"), (9, "S301"), (10, "S302"), (11, "S301"),
                     (12, "S506"), (13, "S301"), (14, "S602"), (14, "S607")]


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


@pytest.mark.parametrize("suffix", sorted(s[1:] for s in FORMATS if s != ".html"))
@pytest.mark.parametrize("where", ["rename", "flush"])
def test_interrupted_export_keeps_the_previous_file(ev, tmp_path, monkeypatch, suffix, where):
    path = tmp_path / f"shortlist.{suffix}"
    export(ev, path)
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
        export(replace(ev, notes=(*ev.notes, msg("nothing_ranked"))), path)
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
    assert scicity.io.writers.os is os   # the module the crash tests patch


def test_cli_report_interrupted_exits_2_and_keeps_the_old_report(tmp_path, monkeypatch, capsys):
    out = tmp_path / "report.html"
    out.write_text("<p>previous report</p>", encoding="utf-8")
    monkeypatch.setattr("scicity.cli.main.REPORT_SAMPLES", 200)
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
