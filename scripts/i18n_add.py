"""Add or replace interface strings in the three gettext catalogues at once.

    python scripts/i18n_add.py strings.json

``strings.json`` maps each msgid to its text per language, e.g.
``{"col_rank": {"en": "Rank", "ru": "Место", "kk": "Орын"}}``; a list of forms instead of
a text makes a plural entry (English 2 forms, Russian 3, Kazakh 2; the count is ``n``).
Kazakh and Russian entries get the English text as a translator comment. Entries stay
sorted by msgid; run ``pytest tests/test_i18n.py`` afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "scicity" / "i18n" / "locale"


def main(path: str) -> None:
    new = json.loads(Path(path).read_text(encoding="utf-8"))
    for lang in ("kk", "ru", "en"):
        po = LOCALE / lang / "LC_MESSAGES" / "scicity.po"
        with po.open("rb") as f:
            cat = read_po(f, locale=lang)
        for key, texts in new.items():
            en = texts["en"] if isinstance(texts["en"], str) else texts["en"][-1]
            if key in cat:
                del cat[key]
            text = texts[lang]
            cat.add((key, key) if isinstance(text, list) else key,
                    tuple(text) if isinstance(text, list) else text,
                    auto_comments=[] if lang == "en" else [f"en: {en}"])
        with po.open("wb") as f:
            write_po(f, cat, width=0, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1])
