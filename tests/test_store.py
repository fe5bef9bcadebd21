"""Saved scenarios: safe names, atomic writes, round trip, broken files listed."""

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
