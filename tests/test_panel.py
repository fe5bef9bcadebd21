"""Expert panel storage and service, on SQLite and on a PostgreSQL server the test starts.

Covers migrations on a fresh database, persistence across a restart (a new process),
token and role checks, the append-only audit log, two processes submitting at the same
moment, the XLSX template, Delphi rounds, the result as a scenario, and the CLI.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda import ahp as ahp_mod
from mcda import group
from scenarios.library import load_scenario
from scenarios.model import parse_scenario, scenario_to_doc
from scenarios.store import ScenarioStore
from scicity.cli import main as cli
from scicity.engine.evaluate import evaluate
from scicity.i18n import LANGS, percent, translate
from scicity.i18n import t as label
from scicity.panel import db, service, workbook
from scicity.panel.models import Expert, Judgement
from scicity.panel.service import AccessDenied, ExpertSpec, PanelError, PanelSpec
from tests import panel_fixtures

ROOT = Path(__file__).resolve().parents[1]
pg_server = panel_fixtures.pg_server  # fixtures shared with the browser test
panel_url = panel_fixtures.panel_url
CRIT = ["C1", "C2", "C3", "C4"]
# Three experts' criteria judgements (upper triangle: C1C2 C1C3 C1C4 C2C3 C2C4 C3C4).
UPPERS = [[3, 5, 3, 2, 1, 1 / 2], [1, 3, 2, 3, 2, 1], [5, 7, 5, 2, 1, 1 / 3]]


def make_panel(url: str, n: int = 3, **kw) -> service.Created:
    spec = PanelSpec(name=kw.pop("name", "Test panel"), layer="regions",
                     hierarchy={"criteria": CRIT},
                     experts=[ExpertSpec(f"Expert {k}", "role", 1.0) for k in range(n)], **kw)
    with db.session(url) as s:
        return service.create_panel(s, spec)


def judge(url: str, token: str, upper: list[float], submit: bool = True) -> None:
    with db.session(url) as s:
        service.save_draft(s, token, "criteria", {"order": CRIT, "upper": upper})
        if submit:
            service.submit(s, token, "fine")


def test_migrations_create_the_schema_on_a_fresh_database(panel_url):
    eng = db.engine(panel_url)
    tables = set(inspect(eng).get_table_names())
    assert {"panel", "expert", "panel_round", "judgement", "submission", "audit_log",
            "alembic_version"} <= tables
    with eng.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    db.migrate(eng)  # idempotent
    if panel_url.startswith("sqlite"):
        assert Path(panel_url.removeprefix("sqlite:///")).is_file()


def test_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SCICITY_DATABASE_URL", raising=False)
    monkeypatch.setenv("SCICITY_DATA_DIR", str(tmp_path / "d"))
    assert db.database_url() == f"sqlite:///{tmp_path / 'd' / 'panel.sqlite'}"
    make_panel(db.database_url())
    assert (tmp_path / "d" / "panel.sqlite").is_file()
    db.dispose_all()


def test_tokens_are_stored_only_as_hashes(panel_url):
    made = make_panel(panel_url)
    with db.engine(panel_url).connect() as c:
        dump = " ".join(str(r) for q in ("SELECT * FROM panel", "SELECT * FROM expert",
                                         "SELECT * FROM audit_log")
                        for r in c.execute(text(q)))
    for tok in [made.facilitator_token] + [t for _, t in made.expert_tokens]:
        assert tok not in dump
        assert service.token_hash(tok) in dump or tok == made.facilitator_token


def test_wrong_expired_and_cross_role_tokens_see_nothing(panel_url):
    made = make_panel(panel_url)
    expert_tok = made.expert_tokens[0][1]
    with db.session(panel_url) as s:
        ex = s.query(Expert).filter_by(name="Expert 1").one()
        ex.expires_at = service.utcnow() - timedelta(seconds=1)
    expired_tok = made.expert_tokens[1][1]
    messages = set()
    for call, tok in [(service.expert_form, "x" * 43), (service.expert_form, expired_tok),
                      (service.expert_form, ""), (service.expert_form, made.facilitator_token),
                      (service.status, expert_tok), (service.aggregate, expert_tok),
                      (service.audit_log, "nope")]:
        with db.session(panel_url) as s, pytest.raises(AccessDenied) as err:
            call(s, tok)
        messages.add(str(err.value))
    assert messages == {str(AccessDenied())}  # one message: a wrong link learns nothing
    assert service.DENIED in messages.pop()
    with db.session(panel_url) as s, pytest.raises(AccessDenied):
        service.save_draft(s, expired_tok, "criteria", {"order": CRIT, "upper": [1] * 6})


def test_an_expert_never_sees_other_experts_judgements(panel_url):
    made = make_panel(panel_url, n=3)
    toks = [t for _, t in made.expert_tokens]
    judge(panel_url, toks[0], UPPERS[0])
    judge(panel_url, toks[1], UPPERS[1])
    with db.session(panel_url) as s:
        form = service.expert_form(s, toks[2])
    assert form.drafts == {} and form.group_previous == {} and form.own_previous == {}
    judge(panel_url, toks[2], UPPERS[2])
    with db.session(panel_url) as s:
        service.next_round(s, made.facilitator_token)
        form = service.expert_form(s, toks[0])
    shown = repr(form)
    for other in UPPERS[1:]:
        assert repr([float(x) for x in other]) not in shown
    # the anonymous group judgement is the geometric mean of all three
    want = group.aggregate_judgements([service.entry_matrix({"order": CRIT, "upper": u})
                                       for u in UPPERS])
    got = service.entry_matrix(form.group_previous["criteria"])
    np.testing.assert_allclose(got, want, rtol=1e-9)
    assert form.own_previous["criteria"]["upper"] == [float(x) for x in UPPERS[0]]
    assert "Expert 1" not in shown and "Expert 2" not in shown


def test_group_view_withheld_with_two_submissions(panel_url):
    """With two experts, the group mean plus one's own would reveal the other's."""
    made = make_panel(panel_url, n=2)
    for tok, up in zip([t for _, t in made.expert_tokens], UPPERS, strict=False):
        judge(panel_url, tok, up)
    with db.session(panel_url) as s:
        service.next_round(s, made.facilitator_token)
        assert service.expert_form(s, made.expert_tokens[0][1]).group_previous == {}


def test_restart_loses_nothing(panel_url):
    made = make_panel(panel_url)
    tok = made.expert_tokens[0][1]
    judge(panel_url, tok, UPPERS[0], submit=False)
    db.dispose_all()
    code = ("import sys; from scicity.panel import db, service\n"
            "with db.session(sys.argv[1]) as s:\n"
            "    f = service.expert_form(s, sys.argv[2])\n"
            "    print(f.drafts['criteria']['upper'], f.submitted)\n")
    out = subprocess.run([sys.executable, "-c", code, panel_url, tok], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"{[float(x) for x in UPPERS[0]]} False"


def test_two_processes_submitting_at_once_both_land(panel_url, tmp_path):
    made = make_panel(panel_url, n=2)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "panel_worker.py"),
                               panel_url, tok, str(go), str(v)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stderr=subprocess.PIPE, text=True)
             for (_, tok), v in zip(made.expert_tokens, (2.0, 3.0), strict=True)]
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with db.session(panel_url) as s:
        st = service.status(s, made.facilitator_token)
        assert [e.submitted_rounds for e in st.experts] == [[1], [1]]
        o = service.aggregate(s, made.facilitator_token)
        rows = s.query(Judgement).count()
    assert rows == 2
    assert o.nodes["criteria"].individual.shape == (2, 4)


def test_audit_log_records_every_change_and_is_append_only(panel_url):
    made = make_panel(panel_url)
    tok = made.expert_tokens[0][1]
    judge(panel_url, tok, [1] * 6, submit=False)
    judge(panel_url, tok, UPPERS[0])
    with db.session(panel_url) as s:
        log = service.audit_log(s, made.facilitator_token)
    actions = [e["action"] for e in log]
    assert actions == ["create panel", "save draft round 1 node criteria",
                       "save draft round 1 node criteria", "submit round 1"]
    assert log[2]["before"]["upper"] == [1.0] * 6
    assert log[2]["after"]["upper"] == [float(x) for x in UPPERS[0]]
    assert log[1]["actor"].startswith("expert ") and log[0]["actor"] == "facilitator"
    eng = db.engine(panel_url)
    for stmt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), eng.begin() as c:
            c.execute(text(stmt))
    with db.session(panel_url) as s:
        assert len(service.audit_log(s, made.facilitator_token)) == 4


def test_bad_entries_are_refused_with_their_place(panel_url):
    made = make_panel(panel_url)
    tok = made.expert_tokens[0][1]
    with db.session(panel_url) as s, pytest.raises(PanelError) as err:
        service.save_draft(s, tok, "criteria", {"order": CRIT, "upper": [3, 12, 1, 1, 1, "x"]})
    assert [p.place for p in err.value.problems] == ["node criteria, C1 vs C3",
                                                     "node criteria, C3 vs C4"]
    # the findings are engine messages, translated by the view; the text is English
    assert [m.key for _, m in err.value.findings] == ["panel_not_on_scale"] * 2
    assert err.value.findings[0][1].params == {"value": 12}
    assert translate(err.value.findings[0][1], "ru") == "12 — не суждение по шкале 1/9..9"
    assert err.value.problems[0].message == "12 is not a judgement on the 1/9..9 scale"
    with db.session(panel_url) as s, pytest.raises(PanelError, match="not judged yet"):
        service.submit(s, tok)
    judge(panel_url, tok, UPPERS[0])
    with db.session(panel_url) as s, pytest.raises(PanelError, match="already submitted"):
        service.save_draft(s, tok, "criteria", {"order": CRIT, "upper": UPPERS[1]})


def test_aggregation_delphi_convergence_and_scenario(panel_url, tmp_path):
    made = make_panel(panel_url)
    toks = [t for _, t in made.expert_tokens]
    for tok, up in zip(toks, UPPERS, strict=True):
        judge(panel_url, tok, up)
    ft = made.facilitator_token
    with db.session(panel_url) as s:
        o1 = service.aggregate(s, ft, "aij-geometric")
        service.next_round(s, ft)
    mats = [service.entry_matrix({"order": CRIT, "upper": u}) for u in UPPERS]
    ref = ahp_mod.ahp(group.aggregate_judgements(mats))
    np.testing.assert_allclose(o1.nodes["criteria"].weights, ref.weights)
    assert o1.cr == pytest.approx(ref.cr)
    # round 2: experts move towards the group judgement
    g = group.aggregate_judgements(mats)
    iu, ju = np.triu_indices(4, 1)
    for tok, m in zip(toks, mats, strict=True):
        closer = np.sqrt(m * g)
        judge(panel_url, tok, [float(x) for x in closer[iu, ju]])
    with db.session(panel_url) as s:
        conv = service.convergence(s, ft)
        o2 = service.aggregate(s, ft, "aip-arithmetic")
        with pytest.raises(PanelError, match="all are used"):
            service.next_round(s, ft)
    assert [c["round"] for c in conv] == [1, 2]
    assert conv[1]["consensus"] > conv[0]["consensus"]
    assert conv[1]["mean_distance"] < conv[0]["mean_distance"]
    cat = load_catalogue()
    sc = service.outcome_scenario(o2, load_scenario("balanced", cat))
    assert sc.origin["panel"] == "Test panel" and sc.origin["round"] == 2
    assert sc.origin["experts"] == 3 and sc.origin["aggregation"] == "aip-arithmetic"
    assert sc.origin["consensus"] == pytest.approx(o2.consensus, abs=1e-4)
    assert "round 2" in sc.name and "S* =" in sc.description
    assert "тур 2" in sc.display_name("ru") and sc.descriptions["en"] == sc.description
    assert f"S* = {percent(o2.consensus, 'ru', 1)}" in sc.display_description("ru")
    assert "," in percent(o2.consensus, "ru", 1)  # Babel: a decimal comma in Russian
    assert sum(sc.criterion_weights.values()) == pytest.approx(1.0)
    # the scenario survives a TOML round trip with its origin
    again = parse_scenario(scenario_to_doc(sc), "x", cat)
    assert again.origin == sc.origin and again.criterion_weights == sc.criterion_weights
    # saved for the main app, it is listed with its origin
    store = ScenarioStore(folder=tmp_path / "saved", catalogue=cat)
    saved = store.save(sc, "Panel round 2")
    assert store.load_all()[0][saved.id].origin == sc.origin


def fill(template: bytes, values: dict[str, list[object]]) -> bytes:
    """Fill column D of the sheets whose title contains a key."""
    wb = load_workbook(io.BytesIO(template))
    for ws in wb.worksheets:
        for key, vals in values.items():
            if key in ws.title:
                for k, v in enumerate(vals):
                    ws.cell(row=workbook.FIRST_ROW + k, column=4, value=v)
                ws["B5"] = "offline"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_template_round_trip_and_located_errors(panel_url):
    made = make_panel(panel_url)
    ft = made.facilitator_token
    with db.session(panel_url) as s:
        st = service.status(s, ft)
    tpl = workbook.template_bytes(st)
    assert len(load_workbook(io.BytesIO(tpl)).worksheets) == 3
    bad = fill(tpl, {"Expert 0": [3, "1/5", 12, "abc", None, 1]})
    with pytest.raises(PanelError) as err:
        workbook.read_template(bad, st, "filled.xlsx")
    places = [p.place for p in err.value.problems]
    assert {p.file for p in err.value.problems} == {"filled.xlsx"}
    assert places == ["sheet '1 Expert 0', cell D10", "sheet '1 Expert 0', cell D11",
                      "sheet '1 Expert 0', cell D12"]
    good = fill(tpl, {"Expert 0": ["3", "5", 3, 2, 1, "1/2"]})
    entries, comments = workbook.read_template(good, st)
    with db.session(panel_url) as s:
        done = service.import_entries(s, ft, entries, comments)
        form_ok = service.status(s, ft).experts[0].submitted_rounds
    assert done == ["Expert 0"] and form_ok == [1]
    assert entries[st.experts[0].id]["criteria"]["upper"] == [3, 5, 3, 2, 1, 0.5]
    with pytest.raises(PanelError, match="not a readable XLSX"):
        workbook.read_template(b"not a zip", st)


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_template_in_each_language_and_import_accepts_every_languages_headers(
        panel_url, lang):
    made = make_panel(panel_url, languages=["kk", "ru", "en"])
    ft = made.facilitator_token
    with db.session(panel_url) as s:
        st = service.status(s, ft)
    tpl = workbook.template_bytes(st, lang=lang)
    ws = _sheet(tpl)
    assert [ws.cell(r, 1).value for r in range(1, 7)] == [
        label(k, lang) for k in (*workbook.LABELS, "panel_x_help_pairwise")]
    assert tuple(ws.cell(7, c).value for c in range(1, 5)) == workbook.headers("pairwise", lang)
    cat = load_catalogue()
    assert ws["E8"].value == cat.criterion("C1").name.get(lang)  # names in the language
    assert ws["F8"].value == cat.criterion("C2").name.get(lang)
    # a sheet made in one language, its headers rewritten in another: still imported
    other = LANGS[(LANGS.index(lang) + 1) % 3]
    wb = load_workbook(io.BytesIO(fill(tpl, {"Expert 1": ["3", "5", 3, 2, 1, "1/2"]})))
    for c, h in enumerate(workbook.headers("pairwise", other), start=1):
        wb.worksheets[1].cell(7, c, h.upper())  # case and language do not matter
    buf = io.BytesIO()
    wb.save(buf)
    entries, _ = workbook.read_template(buf.getvalue(), st)
    assert entries[st.experts[1].id]["criteria"]["upper"] == [3, 5, 3, 2, 1, 0.5]


def test_xlsx_template_uses_a_panel_language_and_refuses_changed_headers(panel_url):
    made = make_panel(panel_url, languages=["ru"])
    with db.session(panel_url) as s:
        st = service.status(s, made.facilitator_token)
    assert workbook.template_lang(st, "en") == "ru"  # not one of the panel's languages
    tpl = workbook.template_bytes(st, lang="en")
    assert _sheet(tpl)["A1"].value == "Эксперт" and _sheet(tpl)["D7"].value == "Значение"
    wb = load_workbook(io.BytesIO(fill(tpl, {"Expert 0": [3, 5, 3, 2, 1, 1]})))
    wb.worksheets[0]["D7"] = "Wert"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(PanelError) as err:
        workbook.read_template(buf.getvalue(), st, "filled.xlsx")
    assert [p.place for p in err.value.problems] == ["sheet '1 Expert 0', row 7"]
    assert err.value.findings[0][1].key == "panel_bad_headers"
    assert "Value" in err.value.problems[0].message  # says what it expects


def test_panel_texts_come_from_the_catalogues():
    assert not (ROOT / "scicity" / "panel" / "pages" / "texts.py").exists()
    for word in ("very_low", "low", "moderate", "high", "very_high"):
        assert {label(f"panel_w_{word}", lang) for lang in LANGS} != {f"panel_w_{word}"}
    for mode in service.INPUT_MODES:
        assert label(f"panel_mode_{mode}", "ru") != f"panel_mode_{mode}"
    assert label("panel_f_consensus", "ru") == "Консенсус AHP S*"
    assert translate(AccessDenied().findings[0][1], "en") == service.DENIED


def test_cli_end_to_end(panel_url, tmp_path, capsys):
    assert cli.main(["panel", "create", "--name", "CLI panel", "--expert", "A:Ministry",
                     "--expert", "B=2", "--expert", "=cmd"]) == 0
    out = capsys.readouterr().out
    ft = next(x.split(": ")[1] for x in out.splitlines() if x.startswith("facilitator secret"))
    tokens = [x.split("panel_token=")[1] for x in out.splitlines() if "panel_token=" in x]
    assert len(tokens) == 3
    tpl = tmp_path / "t.xlsx"
    assert cli.main(["panel", "template", "--token", ft, "--out", str(tpl)]) == 0
    ws = load_workbook(tpl).worksheets[2]
    assert ws["B1"].data_type == "s" and ws["B1"].value == "=cmd"  # never a formula
    judge(panel_url, tokens[0], UPPERS[0])
    filled = tmp_path / "f.xlsx"
    filled.write_bytes(fill(tpl.read_bytes(), {" B": UPPERS[1], "cmd": UPPERS[2]}))
    capsys.readouterr()
    assert cli.main(["panel", "import", "--token", ft, str(filled)]) == 0
    assert "B, =cmd" in capsys.readouterr().out
    assert cli.main(["panel", "aggregate", "--token", ft, "--rank"]) == 0
    text_out = capsys.readouterr().out
    assert "consensus S*" in text_out and "ranking of regions" in text_out
    assert "[A " in text_out and ", B " in text_out  # each expert's own rank per unit
    assert cli.main(["panel", "status", "--token", ft]) == 0
    assert "round 1: 3 experts" in capsys.readouterr().out
    toml_path, json_path = tmp_path / "panel.toml", tmp_path / "panel.json"
    assert cli.main(["panel", "export", "--token", ft, "--out", str(toml_path)]) == 0
    assert cli.main(["panel", "export", "--token", ft, "--out", str(json_path)]) == 0
    exported = json.loads(json_path.read_text())
    assert {"result", "scenario", "ranking_changes", "convergence", "audit_log"} <= set(exported)
    first = exported["ranking_changes"][0]
    assert first["group rank"] == 1 and "rank A" in first and "shift =cmd" in first
    sc = load_scenario(str(toml_path))
    assert sc.origin["panel"] == "CLI panel" and sc.origin["experts"] == 3
    assert tomllib.loads(toml_path.read_text())["origin"]["aggregation"] == "aij-geometric"
    capsys.readouterr()
    assert cli.main(["rank", "--scenario", str(toml_path)]) == 0
    assert cli.main(["panel", "next-round", "--token", ft]) == 0
    assert "round 2 is open" in capsys.readouterr().out
    assert cli.main(["panel", "status", "--token", "wrong"]) == 2
    assert "not valid" in capsys.readouterr().err


def test_direct_points_and_indicator_nodes(panel_url):
    """Points allocation per panel, with the indicators inside each criterion judged too."""
    cat = load_catalogue()
    hier = service.hierarchy_from_catalogue(cat, "regions", indicators=True)
    assert next(iter(hier)) == "criteria" and len(hier) > 1
    spec = PanelSpec(name="Points", layer="regions", hierarchy=hier, input_mode="direct",
                     experts=[ExpertSpec("P"), ExpertSpec("Q"), ExpertSpec("R", weight=2)])
    with db.session(panel_url) as s:
        made = service.create_panel(s, spec)
    with db.session(panel_url) as s, pytest.raises(PanelError, match="positive number"):
        service.save_draft(s, made.expert_tokens[0][1], "criteria",
                           {"order": hier["criteria"], "weights": [1, 0, 1, 1]})
    rng = np.random.default_rng(3)
    given = []
    for _, tok in made.expert_tokens:
        pts = {node: [float(x) for x in rng.integers(1, 20, len(ids))]
               for node, ids in hier.items()}
        given.append(pts)
        with db.session(panel_url) as s:
            for node, ids in hier.items():
                service.save_draft(s, tok, node, {"order": ids, "weights": pts[node]})
            service.submit(s, tok)
    with db.session(panel_url) as s:
        o = service.aggregate(s, made.facilitator_token, "aip-arithmetic")
    for node in hier:
        p = np.array([g[node] for g in given])
        p /= p.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(o.nodes[node].weights,
                                   np.average(p, axis=0, weights=[1, 1, 2]), rtol=1e-12)
    assert o.cr is None and o.nodes["criteria"].disagreement is None
    sc = service.outcome_scenario(o, load_scenario("balanced", cat))
    c1 = hier["C1"]
    assert sum(sc.indicator_weights[f] for f in c1) == pytest.approx(1.0)
    ev = evaluate(load_bundled("regions"), sc, cat)
    assert ev.table["rank"].notna().sum() > 10
    tpl = workbook.template_bytes(service_status(panel_url, made.facilitator_token),
                                  lang="en")
    ws = load_workbook(io.BytesIO(tpl)).worksheets[0]
    assert [ws["B7"].value, ws["D7"].value, ws["E7"].value] == ["Element", "Points", "Name"]
    assert ws["E8"].value == cat.criterion(hier["criteria"][0]).name.get("en")


def service_status(url: str, token: str) -> service.PanelStatus:
    with db.session(url) as s:
        return service.status(s, token)
