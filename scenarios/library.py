"""Finding and reading scenario files: the built-in ones and any TOML path."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from criteria.model import Catalogue, load_catalogue
from criteria.problems import fail
from criteria.textio import decode, read_bounded
from mcda.messages import Message, msg
from scenarios.model import Scenario, parse_scenario

MAX_SCENARIO_BYTES = 256 * 1024


def builtin_ids() -> list[str]:
    """Ids (file stems) of the built-in scenarios, sorted."""
    folder = resources.files("scenarios").joinpath("builtin")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def builtin_text(sid: str) -> str:
    """The TOML text of a built-in scenario."""
    return resources.files("scenarios").joinpath(f"builtin/{sid}.toml").read_text("utf-8")


def parse_text(text: str, sid: str, origin: str, catalogue: Catalogue | None = None) -> Scenario:
    """Parse and validate TOML text; ``UserInputError`` names ``origin`` and every
    problem. Nesting deeper than Python's parser can follow is an error, not a crash."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(origin, _toml_error(str(exc)), key="TOML syntax") from None
    except RecursionError:
        raise fail(origin, msg("scenario_too_deep"), key="TOML syntax") from None
    return parse_scenario(doc, sid, catalogue or load_catalogue(), origin)


def _toml_error(text: str) -> Message | str:
    """The parser's words with its line and column as data (the words stay English)."""
    m = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", text, re.S)
    if m is None:
        return text
    return msg("scenario_toml_error", detail=m[1], line=int(m[2]), column=int(m[3]))


def read_file(path: Path, catalogue: Catalogue | None = None) -> Scenario:
    """Read and validate a scenario file (a regular file of at most
    ``MAX_SCENARIO_BYTES``, UTF-8); its id is the file stem."""
    origin = str(path)
    text = decode(read_bounded(path, MAX_SCENARIO_BYTES, origin), origin)
    return parse_text(text, path.stem, origin, catalogue)


def load_scenario(ref: str, catalogue: Catalogue | None = None) -> Scenario:
    """A built-in scenario by id, or a scenario file by path (``*.toml``)."""
    if ref in builtin_ids():
        return parse_text(builtin_text(ref), ref, f"built-in scenario {ref!r}", catalogue)
    path = Path(ref)
    if path.suffix.lower() == ".toml" or path.exists():
        return read_file(path, catalogue)
    raise fail(ref, msg("scenario_not_found", ids=tuple(builtin_ids())), key="scenario")
