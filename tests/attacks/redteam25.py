"""Red team 25's spellings: an identifier as digit words or Roman digits joined into one token, and a reader that
finds it again in a kept text; place endings that are not on red team 24's list."""
from __future__ import annotations

import re

NL = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
ROMAN = ["O", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
_DIGIT = {w: str(i) for i, w in enumerate(NL)} | {"één": "1"} | {r.lower(): str(i) for i, r in enumerate(ROMAN)}


def word_forms(s: str) -> dict[str, str]:
    """The identifier ``s`` as one token of digit words (or Roman digits) joined by '-', "'" or '.'."""
    w, r = [NL[int(c)] for c in s], [ROMAN[int(c)] for c in s]
    return {
        "wijk-woorden": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-" + "-".join(w) + "?",
        "woorden": "Hoeveel Wmo-cliënten waren er in 2023 in " + "-".join(w) + "?",
        "wijk'woorden": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk'" + "'".join(w) + "?",
        "wijk.woorden": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk." + ".".join(w) + "?",
        "taakveld-woorden": "Wat was de realisatie in 2023 voor taakveld 6.72-" + "-".join(w) + "?",
        "wijk-ROMEINS": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-" + "-".join(r) + "?",
        "wijk-romeins": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-" + "-".join(x.lower() for x in r) + "?",
    }


def masked_alone(session, names: list[str]) -> list[str]:
    """The surnames the product masks when written alone ('volgens <naam>' and 'in <naam>'): a surname that is an
    everyday word is the open class, not counted."""
    import json

    return [n for n in names if not any(
        n.lower() in json.dumps(session.ask(q).to_json_dict(), ensure_ascii=False).lower()
        for q in (f"Hoeveel Wmo-cliënten waren er in 2023 volgens {n}?", f"Hoeveel Wmo-cliënten waren er in 2023 in {n}?"))]


def identifiers(p: dict) -> dict[str, str]:
    """A resident's identifiers as digit strings: BSN, phone number (with its 0), birth date (ddmmyyyy)."""
    d = p["geboortedatum"]
    return {"bsn": p["bsn"], "phone": "".join(c for c in p["telefoon"] if c.isdigit()),
            "birth date": f"{d.day:02d}{d.month:02d}{d.year}"}


def kept_identifier(text: str | None, ident: str) -> bool:
    """Does one run of digits, digit words and Roman digits in ``text`` spell ``ident``?"""
    out = []
    for tok in re.findall(r"[A-Za-zëé]+|\d+", text or ""):
        out.append(tok if tok.isdigit() else _DIGIT.get(tok.lower(), "|"))
    return any(ident in run for run in "".join(out).split("|"))


PLACE_ENDINGS = ("huizen", "rode", "kapelle", "stede", "ville", "town", "ingen", "stadstad")


def app_kept(tmp_path, monkeypatch, questions) -> tuple[str, str]:
    """The app (AppTest, demo, analist) on logs of its own, asked ``questions`` in one chat: the page it shows (lower
    case) and the audit log's text."""
    from streamlit.testing.v1 import AppTest

    from tests.attacks.conftest import ROOT, app_page
    from tests.attacks.redteam19 import audit_lines

    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl", "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "r.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    for q in questions:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    return app_page(at), "\n".join(audit_lines(tmp_path / "audit.jsonl"))
