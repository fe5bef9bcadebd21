"""Interface text: every label in three languages; engine messages translated."""

import re

import pytest

from criteria.model import load_catalogue
from mcda.messages import TEMPLATES, render
from scicity.i18n import GATE_NOTES, LANGS, TEXT, translate


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", text))


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_label_in_every_language_with_the_same_placeholders(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS)
    assert _fields(entry["kk"]) == _fields(entry["ru"]) == _fields(entry["en"]), key


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_engine_message_has_translations(key):
    assert TEXT[f"msg_{key}"]["en"] == TEMPLATES[key]


def test_translate_restricted_reason_and_nested_status():
    reason = render("gate_restricted", share_high="0.98%", threshold="3%", required="28,500",
                    ceiling="9,290")
    assert translate(reason, "ru") == ("правило 3 % не выполнено: доля не выше 0.98% < 3%: "
                                       "нужно не менее 28,500 исследователей, возможно не "
                                       "более 9,290")
    note = render("indicator_not_used", indicator="sez",
                  status=render("status_coverage", coverage="32%", minimum="50%"))
    assert translate(note, "kk") == "sez көрсеткіші қолданылмайды: қамту 32% < 50%"
    assert translate(note, "en") == note
    assert translate("a user's own text", "kk") == "a user's own text"


def test_the_catalogue_gate_note_is_translated():
    note = load_catalogue().gates["regions"].note
    assert note in GATE_NOTES
    assert translate(note, "kk").startswith("Анықтама үшін")
