"""Red team: dates of birth in machine formats. "geboren op 6 november 1975" and "06-11-1975" are scrubbed,
but the same date of birth of a resident (from persoon_identiteit) written as 1975-11-06, 19751106,
1975/11/06 or 06-11-75 stays in the scrubbed `question` of the answer and in the audit log; the PII guard
even recognises the question as one about dates of birth and refuses it, yet logs the date verbatim.

Success = the resident's date of birth, in the format the question used, appears in the JSON `question`
or `answer` or in any audit log line."""

from __future__ import annotations

from .conftest import cli_ask

FORMATS = ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d-%m-%y"]
PHRASINGS = [
    "Hoeveel cliënten geboren op {x} wonen in {w}?",
    "Welke voorzieningen heeft de cliënt met geboortedatum {x} in {w}?",
    "Hoeveel Wmo-cliënten (geb. {x}) zijn er in {w}?",
    "Welke voorzieningen heeft de cliënt van {x} in {w}?",
]


def residents(truth, n: int = 4) -> list[tuple]:
    return truth.rows("""
        SELECT i.geboortedatum, g.naam FROM persoon_identiteit i JOIN persoon p ON p.persoon_id = i.persoon_id
        JOIN gebied g ON g.gebied_code = p.wijk_code ORDER BY hash(i.persoon_id) LIMIT ?""", [n])


def _questions(truth) -> list[tuple[str, str]]:
    out = []
    for i, (dob, wijk) in enumerate(residents(truth)):
        for j, fmt in enumerate(FORMATS):
            x = dob.strftime(fmt)
            out.append((x, PHRASINGS[(i + j) % len(PHRASINGS)].format(x=x, w=wijk)))
    return out


def _leaks(pairs, answers, audit_text) -> list:
    found = []
    for (x, q), ans in zip(pairs, answers):
        for field in ("question", "answer"):
            if x in (ans.get(field) or ""):
                found.append((x, field, ans["status"]))
        if any(x in line for line in audit_text.splitlines()):
            found.append((x, "audit log"))
    return found


def test_birthdates_scrubbed_api(truth, api):
    pairs = _questions(truth)
    answers = [api.ask(api.s1 if n % 2 else api.s2, q) for n, (_, q) in enumerate(pairs)]
    audit_text = api.audit.read_text(encoding="utf-8") if api.audit.exists() else ""
    found = _leaks(pairs, answers, audit_text)
    assert not found, f"{len(found)} dates of birth of residents left unscrubbed: {found[:8]}"


def test_birthdates_scrubbed_cli(truth, audit):
    pairs = _questions(truth)[:4]
    answers = cli_ask([q for _, q in pairs], audit, user="d1")
    found = _leaks(pairs, answers, audit.read_text(encoding="utf-8"))
    assert not found, f"{len(found)} dates of birth of residents left unscrubbed: {found[:8]}"
