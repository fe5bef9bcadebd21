"""JSON-ready values for the engine's ``to_json_dict`` outputs."""

from __future__ import annotations

import numpy as np
import pandas as pd


def json_ready(x: object) -> object:
    """``x`` with dicts and lists converted item by item: NaN and pd.NA -> None, numpy
    scalars -> Python numbers, dict keys -> str."""
    if isinstance(x, dict):
        return {str(k): json_ready(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_ready(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and np.isnan(x):
        return None
    if x is pd.NA:
        return None
    return x
