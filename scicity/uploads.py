"""Uploaded files: the same validation as the command line's ``--data``, from bytes."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from criteria.dataset import Dataset
from criteria.model import Catalogue
from criteria.userdata import MAX_BYTES, Problem, UserDataError, load_user_table


def read_upload(name: str, data: bytes, layer: str, catalogue: Catalogue | None = None
                ) -> tuple[Dataset | None, list[Problem]]:
    """Validate and load an uploaded table of ``layer``; problems name the uploaded file.

    The size is checked before anything is parsed. Returns (None, problems) when the file
    cannot be used at all; otherwise the dataset of the usable rows and every finding."""
    if len(data) > MAX_BYTES:
        return None, [Problem("error", name, None, None,
                              f"{len(data):,} bytes, more than the limit of {MAX_BYTES:,} "
                              "bytes")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(data)
        try:
            ds, problems = load_user_table(path, layer, catalogue)
        except UserDataError as exc:
            return None, [replace(p, file=name) for p in exc.problems]
    return ds, [replace(p, file=name) for p in problems]
