"""Red team 17: after red team 16's fix (a refused question is not stored), a resident's name or address that the PII
scrubber misses by its form still reached the screen and storage: quoted in the refusal ("Over 'nienke' heb ik geen
gegevens"), kept in a clarification or an answer ("Hoeveel Wmo-cliënten in Woutersz?" -> "'Woutersz' ken ik niet als
wijk", in the audit log, the app's history and its share links), as an identifier of analyst SQL ("FROM liam.coret_coredo",
"WHERE julessteeg = 170", a surname as table alias, answered with it kept), and a child's birth date written as a plain
date ("op 10-3-2020"). Identities drawn read-only from persoon_identiteit; the API with a beleidsmaker and two analysts,
the CLI in separate processes, the app through AppTest. All of these tests fail on de99e67 (tests/attacks/REDTEAM17.md).

What is stored is now decided by what the product can account for (`guards.pii.kept_text`), not only by what the scrubber
recognises. Names that are also everyday Dutch words or areas the product knows ('Koning', 'Haag', 'Berkum') cannot be
told from those words; they are left out of the samples here (`everyday`) and named in REDTEAM17.md."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.attacks.conftest import ROOT, cli_in
from tests.attacks.redteam16 import residents


def shown(answer: dict) -> str:
    """What an answer puts on the screen (and what the app stores of it)."""
    return json.dumps({k: answer.get(k) for k in ("answer", "question", "sql", "sql_editable", "notices", "rows",
                                                  "options")}, ensure_ascii=False, default=str).lower()


def has_word(text: str, word: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(word.lower()) + r"(?![a-z0-9])", text.lower()) is not None


def _ident(s: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", s.lower())


@pytest.fixture(scope="module")
def everyday():
    """A name that is also a frequent word of the Dutch dictionary ('Winters', 'Kerkhof', 'Koning') or an area of the
    product's vocabulary ('Berkum'): not told apart from that word."""
    import simplemma
    from wordfreq import zipf_frequency

    from assistant import Assistant, Settings

    a = Assistant(Settings(rate_questions_per_minute=0))
    words = {w.lower() for p in a.vocabulary for w in re.findall(r"\w+", str(p))}
    a.close()
    return lambda name: any((zipf_frequency(w, "nl") >= 3.5 and simplemma.is_known(w, lang="nl")) or w in words
                            for w in re.findall(r"\w+", name.lower()))


# ------------------------------------------------------------------ finding 1: the refusal quoted a missed name

def test_a_refusal_quotes_no_word_of_the_question(truth, three_users, everyday):
    """API, beleidsmaker: lower-case first names, diminutives and lower-case surnames of 20 residents."""
    a, beleid, _s1, _s2, audit = three_users("f1")
    bad, n = [], 0
    for p in residents(truth, 20, seed=1701):
        v, s = p["voornaam"], p["achternaam"]
        for form, q, secret in [("first name lower case", f"hoeveel jeugdhulp krijgt {v.lower()}?", v.lower()),
                                ("diminutive", f"Hoeveel jeugdhulp krijgt {v}tje?", f"{v}tje"),
                                ("surname lower case after 'bij'", f"hoeveel jeugdhulp bij {s.lower()}?", s.lower())]:
            if everyday(secret):
                continue
            n += 1
            ans = beleid.ask(q).to_json_dict()
            if has_word(shown(ans), secret) or has_word(audit.read_text(encoding="utf-8"), secret):
                bad.append((form, secret, ans["status"], ans["answer"][:60]))
    assert n >= 45
    assert not bad, f"{len(bad)}/{n} names echoed back or stored: {bad[:8]}"


@pytest.mark.parametrize("user", ["rt17cli1", "rt17cli2"])
def test_a_refused_diminutive_is_not_quoted_via_the_cli(truth, tmp_path, user):
    p = residents(truth, 2, seed=1702)[0 if user.endswith("1") else 1]
    secret = f"{p['voornaam']}tje"
    answer, audit = cli_in(tmp_path, ["ask", f"Hoeveel jeugdhulp krijgt {secret}?"], user)
    assert answer["status"] == "refused"
    assert not has_word(shown(answer), secret) and not has_word(audit, secret), answer["answer"][:120]


# ------------------------------------------------------------------ finding 2: a clarification or answer kept it

def test_a_surname_read_as_an_area_or_ignored_is_not_kept(truth, three_users, everyday):
    """API: a surname the scrubber misses is clarified or answered; neither the answer nor the audit log keeps it."""
    a, beleid, _s1, _s2, audit = three_users("f2")
    asked = []
    for p in residents(truth, 20, seed=1703):
        s = p["achternaam"]
        if everyday(s):
            continue
        tv = (p["tussenvoegsel"] + " ") if p["tussenvoegsel"] else ""
        for form, q in [("surname as area", f"Hoeveel Wmo-cliënten in {tv}{s}?"),
                        ("initial + surname lower case", f"hoeveel kost {p['voornaam'][0].lower()}. {tv}{s.lower()}?"),
                        ("lower-case surname after a valid question",
                         f"Hoeveel Wmo-cliënten in Willemspark in 2023 voor {tv}{s.lower()}?")]:
            asked.append((form, s, beleid.ask(q).to_json_dict()))
    a.close()
    log = audit.read_text(encoding="utf-8")
    bad = [(form, s, ans["status"]) for form, s, ans in asked if has_word(log, s) or has_word(shown(ans), s)]
    assert len(asked) >= 45
    assert not bad, f"{len(bad)}/{len(asked)} surnames stored in the audit log or echoed: {bad[:8]}"


@pytest.mark.parametrize("user", ["rt17cli3", "rt17cli4"])
def test_a_surname_read_as_an_area_is_not_logged_via_the_cli(truth, tmp_path, user, everyday):
    people = [p for p in residents(truth, 40, seed=1704) if not p["tussenvoegsel"] and not everyday(p["achternaam"])]
    p = people[0 if user.endswith("3") else 1]
    answer, audit = cli_in(tmp_path, ["ask", f"Hoeveel Wmo-cliënten in {p['achternaam']}?"], user)
    assert not has_word(audit, p["achternaam"]), (answer["status"], answer["question"])
    assert not has_word(shown(answer), p["achternaam"]), answer["answer"][:120]


# ------------------------------------------------------------------ finding 3: analyst SQL identifiers

def _sql_forms(p: dict) -> dict[str, tuple[str, list[str]]]:
    v, a, st = _ident(p["voornaam"]), _ident(p["achternaam"]), _ident(p["straat"])
    nr = re.sub(r"\D.*", "", p["huisnummer"])
    b = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024"
    return {
        "schema.table = voornaam.achternaam": (f"SELECT MEASURE(clienten) FROM {v}.{a} WHERE jaar = 2024", [v, a]),
        "qualified column voornaam.achternaam": (f"{b} AND {v}.{a} = 1", [v, a]),
        "street column = house number": (f"SELECT MEASURE(clienten) FROM semantische_laag WHERE {st} = {nr}", [st]),
        "surname as column": (f"SELECT {a} FROM semantische_laag WHERE jaar = 2024", [a]),
        "surname as MEASURE argument": (f"SELECT MEASURE({a}) FROM semantische_laag WHERE jaar = 2024", [a]),
        "surname as function": (f"{b} AND {a}(wijk) = 1", [a]),
        "surname in ORDER BY": (f"SELECT wijk, MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024 GROUP BY wijk "
                                f"ORDER BY {a}", [a]),
        "surname as table alias (answered)": (f"SELECT MEASURE(clienten) FROM semantische_laag {a} WHERE jaar = 2024", [a]),
    }


def test_sql_identifiers_keep_no_resident_name_two_analysts(truth, three_users, everyday):
    """API, two analysts in turn; 6 residents born from 2015 x 8 forms."""
    a, _b, s1, s2, audit = three_users("f3")
    asked = []
    people = [p for p in residents(truth, 30, seed=1705, where="year(i.geboortedatum) >= 2015")
              if not everyday(p["achternaam"]) and not everyday(p["voornaam"])][:6]
    for i, p in enumerate(people):
        for form, (sql, secrets) in _sql_forms(p).items():
            asked.append((form, secrets, (s1 if i % 2 else s2).run_sql(sql).to_json_dict()))
    a.close()
    log = audit.read_text(encoding="utf-8")
    bad = [(form, secrets, ans["status"]) for form, secrets, ans in asked
           if any(has_word(log, x) or has_word(json.dumps(ans, ensure_ascii=False), x) for x in secrets)]
    assert len(asked) == 48
    assert not bad, f"{len(bad)}/{len(asked)} identifiers quoted back or stored; forms {sorted({b[0] for b in bad})}"


@pytest.mark.parametrize("form", ["schema.table = voornaam.achternaam", "street column = house number",
                                  "surname as table alias (answered)"])
def test_sql_identifiers_via_the_cli(truth, tmp_path, form, everyday):
    p = next(p for p in residents(truth, 10, seed=1706, where="year(i.geboortedatum) >= 2015")
             if not everyday(p["achternaam"]) and not everyday(p["voornaam"]))
    sql, secrets = _sql_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["sql", sql], "rt17sql")
    leaked = [x for x in secrets if has_word(audit, x) or has_word(json.dumps(answer, ensure_ascii=False), x)]
    assert not leaked, (answer["status"], answer["question"])


def test_a_table_alias_of_the_analysts_own_is_answered_with_the_semantic_layers_sql(three_users):
    a, _b, s1, _s2, _audit = three_users("f3b")
    answer = s1.run_sql("SELECT MEASURE(clienten) FROM semantische_laag hendricks WHERE jaar = 2024")
    assert answer.status == "answered"
    assert "hendricks" not in answer.sql_editable and "jaar = 2024" in answer.sql_editable
    again = s1.run_sql(answer.sql_editable)  # what the editor holds runs as it is
    assert again.status == "answered" and again.rows == answer.rows


# ------------------------------------------------------------------ finding 4: a child's birth date as a plain date

def test_a_full_date_is_not_stored(truth, three_users):
    """API: residents born 2019-2024; their birth date written as a plain date is neither echoed nor stored."""
    a, beleid, _s1, _s2, audit = three_users("f4")
    asked = []
    for p in residents(truth, 10, seed=1707, where="year(i.geboortedatum) >= 2019"):
        d = p["geboortedatum"]
        for q, secret in [(f"Hoeveel jeugdhulp op {d.day}-{d.month}-{d.year}?", f"{d.day}-{d.month}-{d.year}"),
                          (f"Hoeveel jeugdhulp per {d.isoformat()}?", d.isoformat())]:
            asked.append((secret, beleid.ask(q).to_json_dict()))
    a.close()
    log = audit.read_text(encoding="utf-8")
    bad = [(s, ans["status"]) for s, ans in asked if s in log or s in shown(ans)]
    assert not bad, f"{len(bad)}/{len(asked)} children's birth dates answered/stored: {bad[:6]}"


# ------------------------------------------------------------------ the app (AppTest)

@pytest.mark.slow
def test_the_app_neither_stores_nor_reshows_missed_names(truth, tmp_path, monkeypatch, everyday):
    """App (AppTest, demo): a refused diminutive and a surname read as an area: not on the page, not in app.sqlite, not
    on reload through `?gesprek=`."""
    from streamlit.testing.v1 import AppTest

    people = [p for p in residents(truth, 40, seed=1708) if not p["tussenvoegsel"] and not everyday(p["achternaam"])]
    first, surname = f"{people[0]['voornaam']}tje", people[1]["achternaam"]
    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl",
                 "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "vrijgaven.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    for q in (f"Hoeveel jeugdhulp krijgt {first}?", f"Hoeveel Wmo-cliënten in {surname}?"):
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception

    def page(app) -> str:
        parts = []
        for c in app.chat_message:
            for kind in ("markdown", "info", "warning", "error", "caption"):
                parts += [e.value for e in getattr(c, kind, [])]
        return " ".join(parts)

    gesprek = at.query_params.get("gesprek")
    gesprek = gesprek[0] if isinstance(gesprek, list) else gesprek
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        stored = " ".join(json.dumps(r, ensure_ascii=False) for r in db.execute("SELECT * FROM turn"))
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    again.query_params["gesprek"] = gesprek
    again.run()
    found = {"page": page(at), "app.sqlite": stored, "reload ?gesprek=": page(again)}
    leaked = [(where, name) for where, text in found.items() for name in (first, surname) if has_word(text, name)]
    assert not leaked, f"names shown or stored by the app: {leaked}"
