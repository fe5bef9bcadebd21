"""User-input problems are messages as data: every problem the readers build for the bad-
input corpus (tests/corpus) has a catalogue entry in Kazakh, Russian and English, and in
Kazakh and Russian no English text of a message or of its place remains; the app shows
an upload's problems in the reader's language."""

from __future__ import annotations

import ast
import re
import string
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from criteria.problems import NAMED_PLACES, Problem, UserInputError, english
from criteria.userdata import load_user_table
from mcda.ahp import pairwise_problems
from mcda.messages import TEMPLATES, Message
from scenarios.library import read_file
from scicity.app.resources import md_text
from scicity.i18n import po_path
from scicity.io.matrix_csv import read_matrix_csv
from scicity.io.uploads import read_upload
from scicity.view.problems import message_text, place_text, problem_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
MANIFEST = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
APP = str(ROOT / "app.py")
#: Keys whose text comes from elsewhere and stays as written: ``text`` carries words of
#: code that still gives English (value functions, PROMETHEE thresholds, the shortlist).
VERBATIM = {"text"}


def _problems(case: dict, kind: str) -> list[Problem]:
    path = CORPUS / case["file"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if kind == "data":
                return load_user_table(path, case["layer"])[1]
            if kind == "scenario":
                read_file(path)
            else:
                read_matrix_csv(path)
        except UserInputError as exc:
            return exc.problems
    return []


CORPUS_PROBLEMS = [p for kind in ("data", "scenario", "matrix") for case in MANIFEST[kind]
                   for p in _problems(case, kind)]


def _tree(m: Message) -> Iterator[Message]:
    """``m`` and every message nested in its parameters."""
    yield m
    for v in m.params.values():
        for x in (v if isinstance(v, tuple) else (v,)):
            if isinstance(x, Message):
                yield from _tree(x)


def _english_words(key: str) -> list[str]:
    """The literal runs of the English text of ``key`` with two or more English words (the
    text between placeholders)."""
    runs = [lit for lit, *_ in string.Formatter().parse(TEMPLATES[key])]
    return [r.strip() for r in runs if len(re.findall(r"[a-z]{3,}", r)) >= 2]


def _catalogue(lang: str) -> dict[str, str]:
    with po_path(lang).open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if isinstance(m.id, str)}


def test_the_corpus_yields_many_kinds_of_problem():
    keys = {p.content.key for p in CORPUS_PROBLEMS}
    assert len(CORPUS_PROBLEMS) > 150 and len(keys) > 60, sorted(keys)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_key_of_every_problem_has_its_own_catalogue_entry(lang):
    cat = _catalogue(lang)
    keys = {m.key for p in CORPUS_PROBLEMS for m in _tree(p.content)}
    keys |= {f"place_{p.row_label}" for p in CORPUS_PROBLEMS if p.row is not None}
    keys |= {"place_column", "place_column_number", "place_column_number_named",
             *NAMED_PLACES.values()}
    missing = sorted(k for k in keys if not cat.get(f"msg_{k}", "").strip())
    assert missing == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_text_remains_in_kazakh_or_russian(lang):
    """Each message, nested message and place in ``lang``: none of its English phrases
    is left, and the text differs from the English one."""
    checked = 0
    for p in CORPUS_PROBLEMS:
        if p.content.key in VERBATIM:
            continue
        shown = problem_text(p, lang)
        for m in _tree(p.content):
            for words in _english_words(m.key):
                assert words not in shown, (lang, m.key, shown)
        assert message_text(p.content, lang) != p.message, (lang, p.content.key)
        place = place_text(p, lang)
        if p.row is not None or p.column or p.key in NAMED_PLACES:
            assert place != p.place, (lang, p.place)
            assert not re.search(r"\b(row|column|feature|TOML syntax)\b", place), place
        checked += 1
    assert checked > 150


def test_only_the_known_problems_come_from_text():
    """The corpus's problems are all data except text of mcda code outside this work
    (value functions' points, PROMETHEE thresholds)."""
    verbatim = [p for p in CORPUS_PROBLEMS if p.content.key in VERBATIM]
    assert all(p.key and (".points" in p.key or p.key.startswith("promethee"))
               for p in verbatim), [str(p) for p in verbatim]


def test_english_is_the_command_lines_text_and_places_are_translated():
    (p,) = [p for p in read_upload("x.csv", b"id,name_en\nKZ-10,Abai\nKZ-10,Abai\n",
                                   "regions")[1] if p.severity == "error"]
    assert str(p) == ("x.csv: row 3, column 'id': id 'KZ-10' repeats row 2; the first "
                      "occurrence is kept and this row is excluded")
    assert problem_text(p, "en", file=True) == str(p)
    assert problem_text(p, "ru") == ("строка 3, столбец 'id': id 'KZ-10' повторяется "
                                     "(строка 2); первое вхождение сохранено, повтор не "
                                     "учитывается")
    assert problem_text(p, "kk").startswith("3-жол, 'id' бағаны: 'KZ-10' id қайталанады")


def test_pairwise_problems_are_messages_and_keep_their_english_text():
    import numpy as np

    found = pairwise_problems(np.array([[1, 3], [3, 1]]), ["C1", "C2"])
    assert [english(m) for m in found] == [
        "row 1 (C1), column 2 (C2): 3 and its mirror 3 are not reciprocal (expected 0.3333)"]
    assert message_text(found[0], "ru") == ("строка 1 (C1), столбец 2 (C2): 3 и симметричное "
                                            "ему 3 не взаимно обратны (ожидалось 0,3333)")


def _literal_keys() -> set[str]:
    """Message keys written literally as ``msg("...")`` in the readers, validators and
    the command line."""
    keys = set()
    for rel in ("criteria", "scenarios", "scicity/io", "scicity/cli", "mcda/ahp.py"):
        for path in (ROOT / rel).rglob("*.py") if not rel.endswith(".py") else [ROOT / rel]:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    keys.add(node.args[0].value)
    return keys


def test_every_key_the_readers_ask_for_is_registered():
    """Also the keys of paths the corpus does not reach (an unreadable file, a CRS)."""
    keys = _literal_keys()
    assert len(keys) > 100
    assert keys <= set(TEMPLATES), sorted(keys - set(TEMPLATES))
    built = {"input_too_many_rows", "input_too_many_features", "input_not_whole_persons",
             "input_not_whole_items", "word_row", "word_feature", "word_regions", "word_towns",
             "scenario_expected_criterion_weights", "scenario_expected_indicator_weights",
             "scenario_unknown_criterion", "scenario_unknown_indicator"}
    assert built <= set(TEMPLATES)


def test_an_upload_error_is_shown_in_kazakh(tmp_path, monkeypatch):
    """The report above the results, as the uploader leaves it, in Kazakh; switching to
    Russian re-translates the same problems."""
    monkeypatch.setenv("SCICITY_SCENARIO_DIR", str(tmp_path / "saved"))
    ds, found = read_upload("менің.csv", b"name_en,rd_staff\nAbai,1394\n", "regions")
    assert ds is None
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "kk"
    at.session_state["upload_problems"] = {"regions": found}
    at.session_state["upload_names"] = {"regions": "менің.csv"}
    at.run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert (md_text("1-жол, 'id' бағаны") + ": "
            + md_text("міндетті 'id' бағаны жоқ")) in text   # escaped
    assert "missing required column" not in text and "row 1" not in text
    at.radio(key="w:lang").set_value("ru").run()
    text = "\n".join(m.value for m in at.markdown)
    assert (md_text("строка 1, столбец 'id'") + ": "
            + md_text("нет обязательного столбца 'id'")) in text


def test_a_refused_scenario_name_and_a_taken_one_in_the_readers_language(tmp_path):
    from scenarios.library import load_scenario
    from scenarios.store import ScenarioExistsError, ScenarioStore, scenario_id
    from scicity.view.problems import error_text

    with pytest.raises(UserInputError) as exc:
        scenario_id("../x")
    assert str(exc.value) == "the scenario name must not contain a slash, a backslash or '..'"
    assert error_text(exc.value, "kk") == ("сценарий атауында қиғаш сызық, кері қиғаш сызық "
                                           "немесе '..' болмауы керек")
    store = ScenarioStore(tmp_path)
    store.save(load_scenario("balanced"), "Mine")
    with pytest.raises(ScenarioExistsError) as taken:
        store.save(load_scenario("balanced"), "Mine")
    assert isinstance(taken.value, FileExistsError)
    assert str(taken.value) == "a saved scenario 'mine' already exists"
    assert error_text(taken.value, "ru") == "сохранённый сценарий 'mine' уже существует"
