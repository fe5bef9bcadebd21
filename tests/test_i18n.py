"""Interface text: gettext catalogues in three languages; engine messages as data."""

import ast
import string
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from criteria.model import load_catalogue
from mcda.messages import TEMPLATES, Message, msg
from scenarios.library import builtin_ids, load_scenario
from scenarios.model import parse_scenario, scenario_to_doc
from scicity.i18n import LANGS, format_number, number, percent, po_path, t, translate

ROOT = Path(__file__).resolve().parents[1]


def _entries(lang: str) -> dict[str, tuple[str, ...]]:
    with po_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    out = {}
    for m in cat:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        out[key] = tuple(m.string) if isinstance(m.string, tuple) else (m.string,)
    return out


CATALOGUES = {lang: _entries(lang) for lang in LANGS}
KEYS = sorted(set().union(*CATALOGUES.values()))


def _fields(text: str) -> set[tuple[str, str]]:
    """(name, format spec) of every placeholder."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None}


@pytest.mark.parametrize("key", KEYS)
def test_every_entry_in_every_catalogue_with_the_same_placeholders(key):
    en = CATALOGUES["en"][key]
    for lang in LANGS:
        assert key in CATALOGUES[lang], f"{key} missing from the {lang} catalogue"
        forms = CATALOGUES[lang][key]
        assert all(f.strip() for f in forms), f"{key}: empty in {lang}"
        for form in forms:
            assert _fields(form) == _fields(en[-1]), f"{key} ({lang}): {form!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_follow_the_language(lang):
    with po_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    assert cat.num_plurals == get_plural(lang).num_plurals
    for m in cat:
        if isinstance(m.id, tuple):
            assert len(m.string) == cat.num_plurals, m.id


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_engine_message_is_in_the_catalogues_as_written_in_the_registry(key):
    assert CATALOGUES["en"][f"msg_{key}"][-1] == TEMPLATES[key]


def _literal_keys() -> set[str]:
    """First arguments of every ``t("...", ...)`` call with a literal key in the code."""
    keys = set()
    skip = {".venv", "tests", "build", "benchmarks"}
    for path in ROOT.rglob("*.py"):
        if skip & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                keys.add(node.args[0].value)
    return keys


def test_every_label_the_code_asks_for_is_in_the_catalogues():
    keys = _literal_keys()
    assert len(keys) > 50
    assert keys <= set(KEYS), sorted(keys - set(KEYS))


def test_every_label_family_the_code_builds_is_complete():
    """Keys built from codes (``t(f"method_{m}")``) exist for every code."""
    from mcda.registry import METHODS, NORMALIZATIONS

    families = {
        "method_": METHODS, "describe_": METHODS, "norm_": NORMALIZATIONS,
        "state_": ("eligible", "restricted", "no_data"),
        "status_": ("ranked", "restricted", "excluded"),
        "layer_": ("regions", "towns"), "mode_": ("direct", "ahp"),
        "profile_": ("strength", "weakness", "typical", "missing"),
        "direction_": ("benefit", "cost"), "scheme_": ("fisher_jenks", "single"),
        "model_": ("uniform", "around"),
    }
    missing = [f + c for f, codes in families.items() for c in codes if f + c not in KEYS]
    assert missing == []


def test_numbers_in_each_language_convention():
    assert number(20710.5, "en", 1) == "20,710.5"
    assert number(20710.5, "ru", 1) == "20\xa0710,5"
    assert number(0.5, "kk", 3) == "0,500"
    assert percent(0.0093, "en", 2) == "0.93%"
    assert percent(0.0093, "ru", 2) == "0,93\xa0%"
    assert number(float("nan"), "ru") == percent(None, "kk") == "—"
    assert format_number(0.0526316, ".3g", "ru") == "0,0526"
    assert format_number(0.5, "g", "en") == "0.5" and format_number(12.0, ".3g", "en") == "12"
    assert format_number(20710.4, ",.0f", "kk") == "20\xa0710"


@pytest.mark.parametrize(("n", "ru", "en"), [
    (1, "1 строка", "1 row"), (2, "2 строки", "2 rows"), (5, "5 строк", "5 rows"),
    (21, "21 строка", "21 rows"), (12, "12 строк", "12 rows")])
def test_plural_forms(n, ru, en):
    assert f"({ru})" in t("using_upload", "ru", file="f.csv", n=n)
    assert f"({en})" in t("using_upload", "en", file="f.csv", n=n)
    assert f"({n} жол)" in t("using_upload", "kk", file="f.csv", n=n)


def test_restricted_reason_and_nested_status_translated_with_numbers():
    reason = msg("gate_restricted", share_high=0.0098, threshold=0.03, required=28500.0,
                 ceiling=9290.0)
    assert translate(reason, "ru") == ("правило 3 % не выполнено: доля не выше 0,98\xa0% < "
                                       "3\xa0%: нужно не менее 28\xa0500 исследователей, "
                                       "возможно не более 9\xa0290")
    assert translate(reason, "en") == ("3 % rule not met: share at most 0.98% < 3%: at least "
                                       "28,500 researchers needed, at most 9,290 possible")
    note = msg("indicator_not_used", indicator="sez",
               status=msg("status_coverage", coverage=0.32, minimum=0.5))
    name = load_catalogue().field("sez").name.kk
    assert translate(note, "kk") == f"{name} көрсеткіші қолданылмайды: қамту 32% < 50%"
    assert translate("a user's own text", "kk") == "a user's own text"
    assert translate(None, "ru") == ""


def test_message_params_stay_raw_and_unknown_keys_fail():
    m = msg("gate_applied", threshold=0.03)
    assert m.params["threshold"] == 0.03 and isinstance(m, Message)
    assert m == msg("gate_applied", threshold=0.03) and len({m, m}) == 1
    with pytest.raises(KeyError):
        msg("no_such_message")


@pytest.mark.parametrize("layer", ["regions", "towns"])
def test_the_catalogue_gate_note_is_a_message(layer):
    assert load_catalogue().gates[layer].note == TEMPLATES[f"gate_note_{layer}"]
    assert translate(msg(f"gate_note_{layer}"), "kk") != TEMPLATES[f"gate_note_{layer}"]


def test_no_module_turns_text_back_into_message_keys():
    """The view translates messages from their keys: no regular expression is involved."""
    for rel in ("scicity/i18n/__init__.py", "mcda/messages.py", "scicity/view/mapview.py",
                "scicity/view/report.py"):
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "re" not in names, rel


@pytest.mark.parametrize("sid", builtin_ids())
def test_built_in_scenarios_are_named_and_described_in_every_language(sid):
    s = load_scenario(sid)
    for lang in ("kk", "ru"):
        assert s.names[lang] != s.name and s.descriptions[lang] != s.description
        text = s.display_description(lang)
        assert sum(ch.isascii() and ch.isalpha() for ch in text) < 0.1 * len(text), lang
    back = parse_scenario(scenario_to_doc(s), sid, load_catalogue())
    assert back.descriptions == s.descriptions


def test_catalogue_prefers_an_up_to_date_mo_and_otherwise_compiles_the_po(tmp_path, monkeypatch):
    import os
    import shutil

    from babel.messages.mofile import write_mo

    from scicity import i18n

    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale",
                    ignore=shutil.ignore_patterns("*.mo"))
    po = tmp_path / "locale" / "en" / "LC_MESSAGES" / "scicity.po"
    with po.open("rb") as f:
        cat = read_po(f, locale="en")
    cat["col_rank"].string = "Rank (compiled)"
    with po.with_suffix(".mo").open("wb") as f:
        write_mo(f, cat)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    try:
        os.utime(po.with_suffix(".mo"), (po.stat().st_mtime - 10,) * 2)   # stale .mo
        i18n.catalogue.cache_clear()
        assert t("col_rank", "en") == "Rank"
        os.utime(po.with_suffix(".mo"), (po.stat().st_mtime + 10,) * 2)   # fresh .mo
        i18n.catalogue.cache_clear()
        assert t("col_rank", "en") == "Rank (compiled)"
    finally:
        i18n.catalogue.cache_clear()
