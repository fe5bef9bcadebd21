"""Uploaded files: the same validation as the command line's ``--data``, from memory."""

from __future__ import annotations

from criteria.dataset import Dataset
from criteria.model import Catalogue
from criteria.problems import Problem, UserInputError
from criteria.textio import too_large
from criteria.userdata import MAX_BYTES, load_user_bytes


def read_upload(name: str, data: bytes, layer: str, catalogue: Catalogue | None = None
                ) -> tuple[Dataset | None, list[Problem]]:
    """Validate and load an uploaded table of ``layer``; problems name the uploaded file.

    The size is checked before anything is parsed. Returns (None, problems) when the file
    cannot be used at all; otherwise the dataset of the usable rows and every finding."""
    if len(data) > MAX_BYTES:
        return None, [Problem("error", name, None, None, too_large(len(data), MAX_BYTES))]
    try:
        return load_user_bytes(name, data, layer, catalogue)
    except UserInputError as exc:
        return None, exc.problems
