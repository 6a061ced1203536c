"""Red team 24: what of a question is kept after red team 23's fix (commit e93bd72).

1. An identifier in pieces of at most three digits, each joined to a word or a code by a hyphen or an apostrophe
   ('Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-999-974-579?', '... in Moerwijk-999, Centrum-974 en
   Ypenburg-579?', 'taakveld 6.72-999, 6.71-974 en 6.6-579'): the question was answered and kept as typed (800/800).
   Now the digits joined to a word are that word's number, judged with the others.
2. A surname joined to a place word that was not on red team 23's list ('in Helmerhorststad', '-dijk', '-burg',
   '-meer'): kept and quoted by the clarification. Now the ends of Dutch place names are.
Identities from persoon_identiteit (read-only); API with four users, a CLI process, the app through AppTest."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import ROOT, app_page, cli_in
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam23 import identifiers, surnames_kept_in_places
from tests.attacks.redteam24 import PLACE_SUFFIXES, hyphen_forms, hyphen_read

SURNAMES = "length(i.achternaam) >= 4 AND i.tussenvoegsel IS NULL"


@pytest.fixture
def users(four_users):
    return four_users("rt24")


def _masked_alone(session, name: str) -> bool:
    return not any(name.lower() in json.dumps(session.ask(q).to_json_dict(), ensure_ascii=False).lower()
                   for q in (f"Hoeveel Wmo-cliënten waren er in 2023 volgens {name}?",
                             f"Hoeveel Wmo-cliënten waren er in 2023 in {name}?"))


def test_identifier_after_hyphens_is_not_kept_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(5, seed=2411):
        for kind, secret in identifiers(p).items():
            for form, question in hyphen_forms(secret).items():
                n0 = len(audit_lines(audit))
                d = s[("b", "r", "a1", "a2")[asked % 4]].ask(question).to_json_dict()
                asked += 1
                texts = [d["question"]] + [json.loads(line).get("question") for line in audit_lines(audit)[n0:]]
                if any(hyphen_read(t) == secret for t in texts):
                    kept.append(f"{form} ({kind}): {d['question']}")
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:5]}"
    # a range and a number before a word are read as before
    d = s["b"].ask("Hoeveel 0-17-jarigen in Moerwijk hadden in 2023 jeugdhulp?").to_json_dict()
    assert "0-17-jarigen" in d["question"], d["question"]


def test_bsn_after_hyphens_via_the_cli(tmp_path):
    bsn = residents(1, seed=2412)[0]["bsn"]
    answer, audit = cli_in(tmp_path, ["ask", hyphen_forms(bsn)["wijk-NNN-NNN-NNN"]], "rt24cli")
    assert hyphen_read(answer["question"]) != bsn and bsn not in re.sub(r"\D", "", audit)


def test_a_surname_with_a_place_word_is_not_kept_two_analysts(users):
    _a, s, audit = users
    names = [p["achternaam"] for p in residents(12, seed=2406, where=SURNAMES)]
    names = [n for n in names if _masked_alone(s["b"], n)]  # (the open class: a surname that is an everyday word)
    kept, asked = surnames_kept_in_places(s, audit, names, PLACE_SUFFIXES)
    assert asked >= 16 and not kept, f"{len(kept)}/{asked}: {kept[:8]}"
    # an everyday word with a place ending stays ('vaderland'), a known area too
    d = s["b"].ask("Hoeveel Wmo-cliënten had Rotterdam in 2021 volgens het CBS, in heel het land?").to_json_dict()
    assert "Rotterdam" in d["question"] and "land" in d["question"], d["question"]


@pytest.mark.slow
def test_the_app_keeps_no_digits_after_hyphens_and_no_surname_with_a_place_word(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    bsn = residents(1, seed=2413)[0]["bsn"]
    names = [p["achternaam"] for p in residents(12, seed=2406, where=SURNAMES)][:3]
    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl", "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "r.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    for q in [hyphen_forms(bsn)["wijk-NNN"]] + [f"Hoeveel Wmo-cliënten waren er in 2023 in {n}dijk?" for n in names]:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    page = app_page(at)
    logged = "\n".join(audit_lines(tmp_path / "audit.jsonl"))
    assert hyphen_read(page) != bsn and bsn not in re.sub(r"\D", "", logged)
    assert not [n for n in names if n.lower() in (page + logged).lower() and _listed(n)]


def _listed(name: str) -> bool:
    from guards.pii import dictionary_word

    return not dictionary_word(name.lower())
