"""Red team 18: what was kept of a question (`guards.pii.kept_text`) kept every token that held a digit and every number, so
a resident's name glued to digits ('kamper76', 'luke1', leetspeak 'br0eshart'), a BSN split 5+4 or 4+5, a postcode
written '2570-cs' / '2570 c s', and a birth date as 'd/m in yyyy' or 'in yyyy, dag d maand m' were stored verbatim (the
answer's `question`, notices, clarifications, the audit log, the app's history and feedback). In analyst SQL an
identifier with a digit was neither masked nor replaced (a surname+digits table alias answered and kept, a comment with a
BSN answered and kept, refusals quoting such identifiers). Identities drawn read-only from persoon_identiteit; the API with
a beleidsmaker and a raadslid or two analysts, the CLI in separate processes, the app through AppTest. All fail on the
target (de99e67 with red team 17's fix, tests/attacks/REDTEAM18.md) except the strict xfail of the open class."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import app_round, cli_in
from tests.attacks.redteam16 import residents


def ident(s: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", s.lower())


def shown(answer: dict) -> str:
    return json.dumps({k: answer.get(k) for k in ("answer", "question", "sql", "sql_editable", "notices", "rows",
                                                  "options")}, ensure_ascii=False, default=str).lower()


@pytest.fixture
def api(three_users):
    a, beleid, a1, a2, audit = three_users("rt18")
    raad = a.new_session(user="rt18-raad", role="raadslid", roles=("raadslid",))
    return a, {"b": beleid, "r": raad, "a1": a1, "a2": a2}, audit


W = "Hoeveel Wmo-cliënten in Willemspark in 2023"
LEET = str.maketrans({"o": "0", "e": "3", "i": "1", "a": "4"})


def question_forms(p: dict) -> dict[str, tuple[str, str]]:
    """form -> (question, the identifier that must not be echoed or stored)."""
    a = p["achternaam"].lower().replace(" ", "")
    v = p["voornaam"].lower()
    d, b, pc = p["geboortedatum"], p["bsn"], p["postcode"]
    yy = f"{d.year % 100:02d}"
    return {
        "surname + birth year glued": (f"{W} voor {a}{yy}?", f"{a}{yy}"),
        "first name + digit": (f"{W} volgens {v}1?", f"{v}1"),
        "surname leetspeak": (f"{W} voor {a.translate(LEET)}?", a.translate(LEET)),
        "surname + digits where an area is expected (clarification)": (
            f"Hoeveel Wmo-cliënten in {p['achternaam'].replace(' ', '')}{yy}?", f"{p['achternaam'].replace(' ', '')}{yy}"),
        "BSN split 5+4": (f"{W} bij {b[:5]} {b[5:]}?", f"{b[:5]} {b[5:]}"),
        "BSN split 4+5": (f"{W} bij {b[:4]} {b[4:]}?", f"{b[:4]} {b[4:]}"),
        "postcode 1234-ab": (f"{W} rond {pc[:4]}-{pc[5:].lower()}?", f"{pc[:4]}-{pc[5:].lower()}"),
        "postcode '1234 a b'": (f"{W} rond {pc[:4]} {pc[5].lower()} {pc[6].lower()}?",
                                f"{pc[:4]} {pc[5].lower()} {pc[6].lower()}"),
        "birth date 'geboren d/m in yyyy'": (f"{W} geboren {d.day}/{d.month} in {d.year}?",
                                             f"{d.day}/{d.month} in {d.year}"),
        "birth date 'in yyyy, dag d maand m'": (f"{W}, geboren in {d.year}, dag {d.day} maand {d.month}?",
                                                f"{d.year}, dag {d.day} maand {d.month}"),
    }


def test_identifiers_with_digits_or_split_are_not_kept_api_two_users(truth, api):
    """API: a beleidsmaker and a raadslid in turn, 10 residents x 10 forms; nothing may be echoed or stored."""
    a, users, audit = api
    asked = []
    for i, p in enumerate(residents(truth, 10, seed=1821)):
        s = users["b"] if i % 2 else users["r"]
        for form, (q, secret) in question_forms(p).items():
            asked.append((form, secret, s.ask(q).to_json_dict()))
    log = audit.read_text(encoding="utf-8").lower()
    bad = [(form, secret, ans["status"]) for form, secret, ans in asked
           if secret.lower() in shown(ans) or secret.lower() in log]
    assert len(asked) == 100
    assert not bad, (f"{len(bad)}/{len(asked)} identifiers echoed or stored; forms {sorted({b[0] for b in bad})}; "
                     f"e.g. {bad[:4]}")


def test_a_name_with_digits_in_a_follow_up_is_not_kept(truth, api):
    """API: the follow-up after an answered question keeps a surname+digits token (clarification)."""
    a, users, audit = api
    bad = []
    for i, p in enumerate(residents(truth, 10, seed=1822, where="year(i.geboortedatum) >= 2015")):
        s = a.new_session(user=f"rt18f{i}", role="beleidsmaker", roles=("beleidsmaker",))
        s.ask("Hoeveel Wmo-cliënten waren er in 2023 in Willemspark?")
        tok = f"{p['voornaam'].lower()}{p['geboortedatum'].year % 100:02d}"
        ans = s.ask(f"En volgens {tok}?").to_json_dict()
        if tok in shown(ans) or tok in audit.read_text(encoding="utf-8").lower():
            bad.append((tok, ans["status"]))
    assert not bad, f"{len(bad)}/10 first names of children with digits kept in follow-ups: {bad[:4]}"


@pytest.mark.parametrize("form,user", [("surname + birth year glued", "rt18cli1"), ("BSN split 5+4", "rt18cli2"),
                                       ("postcode 1234-ab", "rt18cli3"), ("birth date 'geboren d/m in yyyy'", "rt18cli4")])
def test_identifiers_via_the_cli(truth, tmp_path, form, user):
    p = residents(truth, 4, seed=1823)[int(user[-1]) - 1]
    q, secret = question_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["ask", q], user)
    leaked = [where for where, text in (("answer", shown(answer)), ("audit", audit.lower())) if secret.lower() in text]
    assert not leaked, (form, secret, answer["status"], answer["question"], leaked)


# ------------------------------------------------------------------------------------------------ analyst SQL

def sql_forms(p: dict) -> dict[str, tuple[str, list[str]]]:
    v, a, st = ident(p["voornaam"]), ident(p["achternaam"]), ident(p["straat"])
    nr = "".join(ch for ch in p["huisnummer"].split("-")[0] if ch.isdigit())
    d, b, pc = p["geboortedatum"], p["bsn"], p["postcode"]
    yy = f"{d.year % 100:02d}"
    B = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024"
    return {
        "table alias <surname><yy> (answered)": (
            f"SELECT MEASURE(clienten) FROM semantische_laag {a}{yy} WHERE jaar = 2024", [f"{a}{yy}"]),
        "comment '-- <first>1 <surname><yy>' (answered)": (f"{B} -- {v}1 {a}{yy}", [f"{a}{yy}"]),
        "comment with BSN 5+4 (answered)": (f"{B} -- {b[:5]} {b[5:]}", [f"{b[:5]} {b[5:]}"]),
        "comment with birth date d/m yyyy (answered)": (f"{B} -- {d.day}/{d.month} {d.year}",
                                                       [f"{d.day}/{d.month} {d.year}"]),
        "column <surname><yy> = 1 (refused, quoted)": (f"{B} AND {a}{yy} = 1", [f"{a}{yy}"]),
        "schema.table <first>1.<surname><yy>": (f"SELECT MEASURE(clienten) FROM {v}1.{a}{yy} WHERE jaar = 2024",
                                                [f"{a}{yy}"]),
        "street column <straat>1 = <nr>": (f"{B} AND {st}1 = {nr}", [f"{st}1 = {nr}"]),
        "MEASURE(<surname><yy>)": (f"SELECT MEASURE({a}{yy}) FROM semantische_laag WHERE jaar = 2024", [f"{a}{yy}"]),
    }


def test_sql_identifiers_with_digits_two_analysts(truth, api):
    """API, two analysts in turn; 6 residents born from 2015 x 8 forms."""
    a, users, audit = api
    asked = []
    for i, p in enumerate(residents(truth, 6, seed=1824, where="year(i.geboortedatum) >= 2015")):
        for form, (sql, secrets) in sql_forms(p).items():
            asked.append((form, secrets, users["a1" if i % 2 else "a2"].run_sql(sql).to_json_dict()))
    log = audit.read_text(encoding="utf-8").lower()
    bad = [(form, ans["status"]) for form, secrets, ans in asked
           if any(x in log or x in json.dumps(ans, ensure_ascii=False).lower() for x in secrets)]
    assert len(asked) == 48
    assert not bad, f"{len(bad)}/{len(asked)} kept or quoted back; forms {sorted({b[0] for b in bad})}"


@pytest.mark.parametrize("form", ["table alias <surname><yy> (answered)", "comment with BSN 5+4 (answered)"])
def test_sql_identifiers_via_the_cli(truth, tmp_path, form):
    p = residents(truth, 1, seed=1825, where="year(i.geboortedatum) >= 2015")[0]
    sql, secrets = sql_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["sql", sql], "rt18sql")
    leaked = [x for x in secrets if x in audit.lower() or x in json.dumps(answer, ensure_ascii=False).lower()]
    assert not leaked, (answer["status"], answer["question"])


# ------------------------------------------------------------------------------------------------ the app

@pytest.mark.slow
def test_the_app_keeps_digit_identifiers_in_history_feedback_and_sql_editor(truth, tmp_path, monkeypatch):
    """App (AppTest, demo, analist): a question with surname+digits, a feedback comment with a split BSN, a postcode
    and a birth date, and the SQL editor with a surname+digits alias: not on the page, not in app.sqlite, not in the
    audit log, not on reload through ?gesprek=."""
    p = residents(truth, 1, seed=1826, where="year(i.geboortedatum) >= 2015")[0]
    d, b, pc = p["geboortedatum"], p["bsn"], p["postcode"]
    tok = f"{p['achternaam'].lower().replace(' ', '')}{d.year % 100:02d}"
    sqltok = f"{ident(p['achternaam'])}{d.year % 100:02d}"
    secrets = [tok, sqltok, f"{b[:5]} {b[5:]}", f"{pc[:4]}-{pc[5:].lower()}", f"{d.day}/{d.month} in {d.year}"]
    found = app_round(tmp_path, monkeypatch, f"{W} voor {tok}?",
                      f"klopt niet, bsn {b[:5]} {b[5:]}, postcode {pc[:4]}-{pc[5:].lower()}, geboren {d.day}/{d.month} in {d.year}",
                      f"SELECT MEASURE(clienten) FROM semantische_laag {sqltok} WHERE jaar = 2024")
    leaked = sorted({(where, s) for where, text in found.items() for s in secrets if s in text})
    assert not leaked, f"identifiers shown or stored by the app: {leaked}"


def _split_into_words(name: str):
    """A split of a surname into two pieces that are each frequent words (wordfreq zipf >= 3 in nl or en)."""
    from wordfreq import zipf_frequency as z

    n, best = name.lower(), None
    for i in range(2, len(n) - 1):
        left, right = n[:i], n[i:]
        score = min(max(z(left, "nl"), z(left, "en")), max(z(right, "nl"), z(right, "en")))
        if score >= 3.0 and (best is None or score > best[0]):
            best = (score, left, right)
    return best and f"{best[1]} {best[2]}"


@pytest.mark.xfail(strict=True, reason="open: names that are (two) everyday words are not told apart from them "
                                        "(red team 17's class; REDTEAM18.md finding 4)")
def test_a_surname_split_into_two_words_is_not_kept(truth, api):
    """API, beleidsmaker: 'Broes hart', 'Tex ier': a surname written as two frequent words is stored (audit, question)."""
    a, users, audit = api
    asked = []
    for p in residents(truth, 60, seed=1827):
        split = _split_into_words(p["achternaam"].replace(" ", ""))
        if split:
            asked.append((split, users["b"].ask(f"{W} voor {split}?").to_json_dict()))
        if len(asked) == 20:
            break
    log = audit.read_text(encoding="utf-8").lower()
    bad = [(s, ans["status"]) for s, ans in asked if s in log or s in shown(ans)]
    assert len(asked) == 20
    assert len(bad) <= 2, f"{len(bad)}/20 surnames split over two words kept: {bad[:6]}"
