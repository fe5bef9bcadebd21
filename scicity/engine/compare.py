"""Two evaluations side by side: rank shifts per unit."""

from __future__ import annotations

import pandas as pd

from scicity.engine.evaluate import Evaluation


def rank_shifts(a: Evaluation, b: Evaluation, lang: str = "en") -> pd.DataFrame:
    """Per unit: name, rank under A and B, and the shift (positive = moved up in B).
    Units not ranked in one of them have no shift."""
    ra = a.table["rank"].astype("Float64")
    rb = b.table["rank"].reindex(a.table.index).astype("Float64")
    out = pd.DataFrame({"name": a.table[f"name_{lang}"], "rank_a": ra, "rank_b": rb})
    out["shift"] = out["rank_a"] - out["rank_b"]
    return out.sort_values(["rank_b", "rank_a"], na_position="last")
