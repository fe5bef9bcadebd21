"""Saved scenarios: safe names, atomic writes, round trip, broken files listed."""

import multiprocessing
import os
from dataclasses import replace
from pathlib import Path

import pytest

from scenarios.library import load_scenario
from scenarios.model import Scenario
from scenarios.store import ScenarioStore, scenario_id


def test_roundtrip_all_builtins(tmp_path: Path):
    store = ScenarioStore(tmp_path)
    for sid in ("balanced", "concept_emphasis", "balanced_fixed_goalposts"):
        s = load_scenario(sid)
        saved = store.save(s, f"My {sid}")
        again, broken = store.load_all()
        assert not broken
        got = again[saved.id]
        assert replace(got, id=s.id, name=s.name) == s


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "a/b", "..", "", "   ", "CON",
                                  "balanced", "x" * 61, "\\\\server\\share", "!!!"])
def test_unsafe_names_rejected(name):
    with pytest.raises(ValueError):
        scenario_id(name)


def test_cyrillic_and_kazakh_names_get_safe_ids():
    assert scenario_id("Сценарий Қазақстан") == "stsenarii_qazaqstan"
    assert scenario_id("Infrastructure 2x") == "infrastructure_2x"


def test_no_overwrite_without_consent(tmp_path: Path):
    store = ScenarioStore(tmp_path)
    s = load_scenario("balanced")
    store.save(s, "mine")
    with pytest.raises(FileExistsError):
        store.save(s, "mine")
    store.save(replace(s, method="wsm"), "mine", overwrite=True)
    assert store.load_all()[0]["mine"].method == "wsm"


def test_broken_file_listed_with_reason(tmp_path: Path):
    store = ScenarioStore(tmp_path)
    store.save(load_scenario("balanced"), "good")
    (tmp_path / "bad.toml").write_text("name = [", encoding="utf-8")
    (tmp_path / "worse.toml").write_text("[weights.criteria]\nC1 = -3\n", encoding="utf-8")
    ok, broken = store.load_all()
    assert list(ok) == ["good"]
    reasons = {b.path.name: b.reason for b in broken}
    assert "TOML syntax" in reasons["bad.toml"]
    assert "weights.criteria.C1" in reasons["worse.toml"]


def test_interrupted_save_keeps_previous_file(tmp_path: Path, monkeypatch):
    store = ScenarioStore(tmp_path)
    s = load_scenario("balanced")
    store.save(s, "keep")
    before = (tmp_path / "keep.toml").read_bytes()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.save(replace(s, method="vikor"), "keep", overwrite=True)
    assert (tmp_path / "keep.toml").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.toml"]


def test_invalid_scenario_is_not_written(tmp_path: Path):
    store = ScenarioStore(tmp_path)
    bad = Scenario(id="x", name="x", description="", criterion_weights={"C1": -1.0})
    with pytest.raises(ValueError):
        store.save(bad, "bad")
    assert not (tmp_path / "bad.toml").exists()


def _race_save(folder: str, method: str, start, results) -> None:
    store = ScenarioStore(Path(folder))
    scenario = replace(load_scenario("balanced"), method=method)
    start.wait()
    try:
        store.save(scenario, "Shared name")
        results.put((method, "saved"))
    except FileExistsError as exc:
        results.put((method, str(exc)))


def test_two_processes_saving_one_new_name_never_lose_a_save(tmp_path: Path):
    """Two processes save the same new name at the same moment, 20 times: each time one
    saves and the other is told the name is taken, and the file is the winner's."""
    ctx = multiprocessing.get_context("fork")
    for trial in range(20):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        start, results = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_race_save, args=(str(folder), m, start, results))
                 for m in ("wsm", "vikor")]
        for p in procs:
            p.start()
        start.set()
        for p in procs:
            p.join(60)
            assert p.exitcode == 0
        outcome = dict(results.get(timeout=5) for _ in procs)
        saved = [m for m, r in outcome.items() if r == "saved"]
        assert len(saved) == 1, outcome
        (lost,) = set(outcome) - set(saved)
        assert outcome[lost] == "a saved scenario 'shared_name' already exists"
        ok, broken = ScenarioStore(folder).load_all()
        assert broken == [] and ok["shared_name"].method == saved[0]
        assert [p.name for p in folder.iterdir()] == ["shared_name.toml"]


def test_fifo_device_link_and_deep_toml_in_the_folder_are_listed_as_broken(tmp_path: Path):
    store = ScenarioStore(tmp_path)
    store.save(load_scenario("balanced"), "good")
    os.mkfifo(tmp_path / "pipe.toml")                       # no writer: must not block
    (tmp_path / "zero.toml").symlink_to("/dev/zero")         # endless device
    (tmp_path / "deep.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n",
                                        encoding="utf-8")
    ok, broken = store.load_all()
    assert list(ok) == ["good"]
    assert {b.path.name: b.reason for b in broken} == {
        "deep.toml": "TOML syntax: tables or arrays nested too deeply to read (a scenario "
                     "needs at most 4 levels)",
        "pipe.toml": "not a regular file (a device, FIFO or socket); only files are read",
        "zero.toml": "not a regular file (a device, FIFO or socket); only files are read",
    }
