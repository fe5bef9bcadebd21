"""Finding and reading scenario files: the built-in ones and any TOML path."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from criteria.model import Catalogue, load_catalogue
from scenarios.model import Scenario, ScenarioError, parse_scenario

MAX_SCENARIO_BYTES = 256 * 1024


def builtin_ids() -> list[str]:
    """Ids (file stems) of the built-in scenarios, sorted."""
    folder = resources.files("scenarios").joinpath("builtin")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def builtin_text(sid: str) -> str:
    """The TOML text of a built-in scenario."""
    return resources.files("scenarios").joinpath(f"builtin/{sid}.toml").read_text("utf-8")


def parse_text(text: str, sid: str, origin: str, catalogue: Catalogue | None = None) -> Scenario:
    """Parse and validate TOML text; ScenarioError names ``origin`` and every problem."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(origin, [("TOML syntax", str(exc))]) from None
    return parse_scenario(doc, sid, catalogue or load_catalogue(), origin)


def read_file(path: Path, catalogue: Catalogue | None = None) -> Scenario:
    """Read and validate a scenario file; its id is the file stem."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError(origin, [("file", f"{size} bytes; a scenario file is at most "
                                          f"{MAX_SCENARIO_BYTES} bytes")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(origin, [("file", exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(origin, [("encoding", f"not UTF-8 text (byte {exc.start})")]) from None
    return parse_text(text, path.stem, origin, catalogue)


def load_scenario(ref: str, catalogue: Catalogue | None = None) -> Scenario:
    """A built-in scenario by id, or a scenario file by path (``*.toml``)."""
    if ref in builtin_ids():
        return parse_text(builtin_text(ref), ref, f"built-in scenario {ref!r}", catalogue)
    path = Path(ref)
    if path.suffix.lower() == ".toml" or path.exists():
        return read_file(path, catalogue)
    raise ScenarioError(ref, [("scenario", "no built-in scenario of that name and no such "
                               f"file; built-in: {', '.join(builtin_ids())}")])
