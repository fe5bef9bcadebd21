"""A shareable link: the whole state (language, layer, base scenario, every setting) as
query parameters. The scenario travels as its TOML document (JSON, zlib, base64url)
and is validated like any scenario file when the link is opened."""

from __future__ import annotations

import base64
import json
import zlib

from criteria.model import Catalogue
from scenarios.model import Scenario, parse_scenario, scenario_to_doc

#: Largest decoded settings document accepted from a link, in bytes.
MAX_DOC = 64 * 1024


def encode(s: Scenario) -> str:
    doc = scenario_to_doc(s)
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode(text: str, sid: str, cat: Catalogue) -> Scenario:
    """The scenario in a link's ``s`` parameter; ValueError (UserInputError for an invalid
    scenario) when it cannot be read or is not a valid scenario."""
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(packed, MAX_DOC)
        if d.unconsumed_tail:
            raise ValueError("the settings are too large")
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"the settings are not readable: {exc}") from None
    if not isinstance(doc, dict):
        raise ValueError("the settings are not a table")
    return parse_scenario(doc, sid, cat, origin="link")
