"""Red team 19's forms of personal data written as small numbers, number words, symbol letters or spelled-out
letters (tests/attacks/REDTEAM19.md), and residents drawn read-only from the warehouse as ground truth."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from tests.attacks.conftest import ROOT

U = ["nul","een","twee","drie","vier","vijf","zes","zeven","acht","negen","tien","elf","twaalf","dertien","veertien",
     "vijftien","zestien","zeventien","achttien","negentien"]
T = {2:"twintig",3:"dertig",4:"veertig",5:"vijftig",6:"zestig",7:"zeventig",8:"tachtig",9:"negentig"}
MONTHS = ["januari","februari","maart","april","mei","juni","juli","augustus","september","oktober","november","december"]
CIRC = {**{chr(ord('a')+i): chr(0x24D0+i) for i in range(26)}, **{chr(ord('A')+i): chr(0x24B6+i) for i in range(26)}}
CIRCD = {"0": "\u24ea", **{str(i): chr(0x2460+i-1) for i in range(1, 10)}}
RI = {chr(ord('a')+i): chr(0x1F1E6+i) for i in range(26)}

def w2(n):
    if n < 20: return U[n]
    t, u = divmod(n, 10)
    if u == 0: return T[t]
    en = "ën" if U[u].endswith("e") else "en"
    return U[u] + en + T[t]

def year_words(y):
    if 2000 <= y < 2100:
        return "tweeduizend" + (w2(y - 2000) if y > 2000 else "")
    return w2(y // 100) + w2(y % 100)

def digit_words(s):
    return " ".join(U[int(c)] for c in s if c.isdigit())

def circled(s):
    return "".join(CIRC.get(c, CIRCD.get(c, c)) for c in s)

def regional(s):
    return "".join(RI.get(c, c) for c in s.lower())

W = "Hoeveel Wmo-cliënten in Willemspark in 2023"

COLS = ["bsn", "voornaam", "tussenvoegsel", "achternaam", "straat", "huisnummer", "postcode", "geboortedatum", "email",
        "telefoon", "iban", "wijk"]


def residents(n: int, seed: int, where: str = "TRUE") -> list[dict]:
    """n residents with a provision, drawn with ORDER BY hash(persoon_id + seed) (warehouse opened read-only)."""
    con = duckdb.connect(str(ROOT / "warehouse" / "sociaal_domein.duckdb"), read_only=True)
    try:
        rows = con.execute(f"""
            SELECT i.bsn, i.voornaam, i.tussenvoegsel, i.achternaam, i.straat, i.huisnummer, i.postcode,
                   i.geboortedatum, i.email, i.telefoon, i.iban, g.naam
            FROM persoon_identiteit i JOIN persoon p USING (persoon_id) JOIN gebied g ON g.gebied_code = p.wijk_code
            WHERE persoon_id IN (SELECT persoon_id FROM voorziening) AND {where}
            ORDER BY hash(persoon_id + {seed}) LIMIT {n}""").fetchall()
    finally:
        con.close()
    return [dict(zip(COLS, r)) for r in rows]


def shown(answer: dict) -> str:
    """What the app shows and stores of an answer."""
    return json.dumps({k: answer.get(k) for k in ("answer", "question", "sql", "sql_editable", "notices", "rows",
                                                  "options")}, ensure_ascii=False, default=str).lower()


def audit_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []
