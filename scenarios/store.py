"""The user's saved scenarios: a folder of TOML files, written atomically.

A save never overwrites a built-in scenario, never writes outside the folder, and an
interrupted save leaves the previous file intact (temporary file + ``os.replace``). A new
name is claimed with a hard link, which fails if the name exists: of two processes saving
the same new name at once, one succeeds and the other is told the name is taken. A saved
file that cannot be read or validated (including a FIFO, a device or a too deeply nested
TOML) is listed as broken with the reason; it does not stop the others from loading.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import tomli_w

from criteria.model import Catalogue
from criteria.problems import Problem, UserInputError, english, error
from mcda.messages import msg
from scenarios.library import builtin_ids, parse_text, read_file
from scenarios.model import Scenario, scenario_to_doc

DEFAULT_DIR_ENV = "SCICITY_SCENARIO_DIR"
#: Permissions of a saved file (read for all, write for the owner), like a plain open().
FILE_MODE = 0o644
MAX_NAME_LENGTH = 60
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def default_dir() -> Path:
    """``$SCICITY_SCENARIO_DIR`` or ``./saved_scenarios``."""
    return Path(os.environ.get(DEFAULT_DIR_ENV, "saved_scenarios"))


def scenario_id(name: str) -> str:
    """A safe file id from a display name: ASCII letters, digits, ``_`` and ``-``.

    Raises ``UserInputError`` (a ValueError) for names that cannot make a safe id (path
    separators, ``..``, empty, too long, reserved device names, or a built-in scenario's
    id)."""
    if not name or not name.strip():
        raise _refused("store_name_empty")
    if len(name) > MAX_NAME_LENGTH:
        raise _refused("store_name_too_long", limit=MAX_NAME_LENGTH)
    if any(ch in name for ch in "/\\\0") or ".." in name:
        raise _refused("store_name_bad_chars")
    text = unicodedata.normalize("NFKD", _transliterate(name.strip().lower()))
    text = text.encode("ascii", "ignore").decode()
    sid = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not _ID_RE.match(sid):
        raise _refused("store_name_no_alnum")
    if sid in _WINDOWS_RESERVED:
        raise _refused("store_name_reserved", id=sid)
    if sid in builtin_ids():
        raise _refused("store_name_builtin", id=sid)
    return sid


def _refused(key: str, **params: object) -> UserInputError:
    """A name that cannot be saved, as a user-input error (the name is the input)."""
    return UserInputError([error("", msg(key, **params))])


class ScenarioExistsError(FileExistsError):
    """A saved scenario of that id exists already; ``content`` says so as a message."""

    def __init__(self, sid: str) -> None:
        self.content = msg("store_exists", id=sid)
        super().__init__(english(self.content))


_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "a", "g", "q", "ng", "o", "u", "u", "h", "i"], strict=True))


def _transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


@dataclass(frozen=True)
class BrokenScenario:
    """A saved file that could not be used, and why."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        """Why, in English."""
        return "; ".join(f"{p.place}: {p.message}" if p.place else p.message
                         for p in self.problems)


class ScenarioStore:
    """Saved scenarios in ``folder`` (created on first save)."""

    def __init__(self, folder: Path | None = None, catalogue: Catalogue | None = None):
        self.folder = Path(folder) if folder is not None else default_dir()
        self.catalogue = catalogue

    def path_for(self, sid: str) -> Path:
        """The file of scenario ``sid``, guaranteed to be inside the folder."""
        if not _ID_RE.match(sid):
            raise ValueError(f"invalid scenario id {sid!r}")
        path = (self.folder / f"{sid}.toml").resolve()
        if path.parent != self.folder.resolve():
            raise ValueError(f"scenario id {sid!r} points outside {self.folder}")
        return path

    def load_all(self) -> tuple[dict[str, Scenario], list[BrokenScenario]]:
        """Every saved scenario by id, and the broken files with their reasons."""
        ok: dict[str, Scenario] = {}
        broken: list[BrokenScenario] = []
        if not self.folder.is_dir():
            return ok, broken
        for path in sorted(self.folder.glob("*.toml")):
            if path.stem in builtin_ids() or not _ID_RE.match(path.stem):
                broken.append(BrokenScenario(path, (error(path.name, msg(
                    "scenario_bad_file_name")),)))
                continue
            try:
                ok[path.stem] = read_file(path, self.catalogue)
            except UserInputError as exc:
                broken.append(BrokenScenario(path, tuple(exc.problems)))
        return ok, broken

    def save(self, scenario: Scenario, name: str, overwrite: bool = False) -> Scenario:
        """Validate and write ``scenario`` under ``name``; return it with its new id."""
        sid = scenario_id(name)
        path = self.path_for(sid)
        taken = ScenarioExistsError(sid)
        if path.exists() and not overwrite:
            raise taken
        saved = replace(scenario, id=sid, name=name.strip())
        text = tomli_w.dumps(scenario_to_doc(saved))
        # Validate the exact text that will be written before touching the disk.
        parse_text(text, sid, str(path), self.catalogue)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, FILE_MODE)
            if overwrite:
                os.replace(tmp, path)
            else:
                try:
                    os.link(tmp, path)   # atomic: fails when another save took the name
                except FileExistsError:
                    raise taken from None
        finally:
            Path(tmp).unlink(missing_ok=True)
        return saved

