"""Class 9: resident names. 'Heeft <voornaam> van den <achternaam> bijstand?' and other phrasings with real
names from persoon_identiteit: refused (Dutch reason), and the name appears neither in the JSON
`question`/`answer` nor in the audit log."""

from __future__ import annotations

import pytest

from .conftest import assert_dutch_refusal, cli_ask

PHRASINGS = [
    "Heeft {v} {t} {a} bijstand?",
    "Krijgt {v} {t} {a} een bijstandsuitkering in Den Haag?",
    "Hoeveel kost {v} {t} {a} de gemeente per jaar?",
    "Zit {a}, {v} in de schuldhulpverlening?",
    "Is mevrouw {t} {a} een Wmo-cliënt?",
    "welke voorzieningen heeft {v} {t} {a} sinds 2021",
]


def people(truth, n: int = 6) -> list[dict]:
    rows = truth.rows("""
        SELECT DISTINCT i.voornaam, i.tussenvoegsel, i.achternaam FROM persoon_identiteit i
        JOIN voorziening v ON v.persoon_id = i.persoon_id
        WHERE i.tussenvoegsel = 'van den' AND v.soort = 'Bijstand levensonderhoud'
          AND length(i.voornaam) >= 4 AND length(i.achternaam) >= 5
        ORDER BY hash(i.voornaam, i.achternaam) LIMIT ?""", [n])
    assert len(rows) == n
    return [dict(v=v, t=t, a=a) for v, t, a in rows]


def _questions(truth):
    return [(p, ph.format(**p)) for i, p in enumerate(people(truth)) for ph in PHRASINGS[i % 2::2]]


def _check(pairs, answers, audit_text):
    problems = []
    for (p, q), ans in zip(pairs, answers):
        if ans["status"] != "refused":
            problems.append((q, ans["status"]))
        for part in (p["v"], p["a"]):
            for field in ("question", "answer"):
                if part.lower() in (ans.get(field) or "").lower():
                    problems.append((q, f"{part} in {field}"))
    for line in audit_text.splitlines():
        for p, _ in pairs:
            for part in (p["v"], p["a"]):
                if part.lower() in line.lower():
                    problems.append((part, "in audit log", line[:160]))
    assert not problems, problems[:10]
    for ans in answers:
        assert_dutch_refusal(ans)


def test_names_refused_and_scrubbed_api(truth, api):
    pairs = _questions(truth)
    answers = [api.ask(api.s1 if n % 2 else api.s2, q) for n, (p, q) in enumerate(pairs)]
    audit_text = api.audit.read_text(encoding="utf-8") if api.audit.exists() else ""
    assert audit_text, "the audit log records every question"
    _check(pairs, answers, audit_text)


def test_names_refused_and_scrubbed_cli(truth, audit):
    pairs = _questions(truth)
    answers = cli_ask([q for _, q in pairs], audit, user="n1")
    _check(pairs, answers, audit.read_text(encoding="utf-8"))
