"""Resident names in many phrasings: the name-recall set of the PII guard (tests and benchmark).

Names are drawn deterministically from the warehouse's restricted `persoon_identiteit` table (a stride
over persoon_id, one name per surname) and put in question templates: first name + tussenvoegsel +
surname, title + surname, initials, lower case, possessive, name at the start or end, next to a wijk,
double surnames. The scrubber itself never sees this table: its lists come from libraries.

A name counts as caught when no token of its voornaam or achternaam survives in the scrubbed text
(its words of two or more letters that are not lower-case particles, compared case-insensitively,
beyond what the template itself contains).
The policy questions of the development set (`tests/questions/*.yaml`, every question not expected
to be refused) are the matching false-positive check: none of them may lose a word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Name:
    voornaam: str
    tussenvoegsel: str  # "" when none
    achternaam: str

    @property
    def surname(self) -> str:
        """Tussenvoegsel + achternaam as written after a first name ("van der Pol")."""
        return f"{self.tussenvoegsel} {self.achternaam}".strip()

    @property
    def surname_title(self) -> str:
        """As written without a first name: the tussenvoegsel capitalised ("Van der Pol")."""
        s = self.surname
        return s[:1].upper() + s[1:]

    @property
    def full(self) -> str:
        return f"{self.voornaam} {self.surname}"

    @property
    def initial(self) -> str:
        return self.voornaam[:1].upper() + "."

    def tokens(self) -> list[str]:
        """The identifying tokens: words of the voornaam and achternaam (not the tussenvoegsel, nor a
        lower-case particle inside the achternaam such as "van" in "Aelftrud van Wessex")."""
        return [t.lower() for t in _WORD.findall(f"{self.voornaam} {self.achternaam}") if len(t) >= 2 and not t.islower()]


def possessive(word: str) -> str:
    """Dutch possessive: 'Jansen' -> 'Jansens', 'Peeters' -> "Peeters'", 'Bakema' -> "Bakema's"."""
    if word.endswith(("s", "x", "z", "sh", "ce")):
        return word + "'"
    if word[-1:] in "aiouy" or word.endswith("é"):
        return word + "'s"
    return word + "s"


# (id, template): {full}, {surname}, {surname_title}, {voornaam}, {initial}, {double}, {poss}, lower-case variants
TEMPLATES: list[tuple[str, str]] = [
    ("vraag", "Heeft {full} bijstand?"),
    ("mevrouw", "Wat krijgt mevrouw {surname_title}?"),
    ("kleine-letters", "hoeveel kost {full_lower}"),
    ("met-wijk", "Is {full} uit Moerwijk in de schuldhulp?"),
    ("kinderen-van", "Jeugdzorg voor de kinderen van {full}"),
    ("meneer-klein", "heeft meneer {surname_lower} een wmo indicatie in laak"),
    ("initialen", "Welke voorzieningen heeft {initial} {surname_title} in 2024?"),
    ("bezit", "Hoe lang loopt {poss} dossier bij de Wmo al?"),
    ("aan-het-eind", "Hoeveel kostte de Hulp bij het huishouden van {full}"),
    ("aan-het-begin", "{full} woont in de Schildersbuurt, heeft zij beschermd wonen?"),
    ("familie", "Krijgt de familie {surname_title} Hulp bij het huishouden in Bezuidenhout?"),
    ("dubbele-naam", "Sinds wanneer heeft {voornaam} {double} pleegzorg?"),
    ("dhr-wijk", "dhr. {surname_title} Van Stolkpark jeugdhulp 2023"),
    ("mw-bedrag", "Mw. {surname_title} kreeg € 1.250 bijzondere bijstand in 2022, klopt dat?"),
    ("voornaam-wijk", "Zit {full} (45 jaar) in Transvaal in de schuldsanering? Bel anders 14 070."),
    ("voornaam-alleen", "Hoeveel bijstand krijgt {voornaam} in 2024?"),
    ("voornaam-kosten", "Wat kost {voornaam} de gemeente aan jeugdhulp?"),
]


def fill(template: str, name: Name, other: Name) -> str:
    """One question: the template with this name (and a second surname for double names)."""
    return template.format(
        full=name.full,
        full_lower=name.full.lower(),
        surname=name.surname,
        surname_title=name.surname_title,
        surname_lower=name.surname.lower(),
        voornaam=name.voornaam,
        initial=name.initial,
        poss=f"{name.voornaam} {name.surname[:-len(name.achternaam)]}{possessive(name.achternaam)}".replace("  ", " "),
        double=f"{name.surname}-{other.surname}",
    )


def sample_names(con, n: int = 600) -> list[Name]:
    """n distinct names, deterministic: every person with persoon_id ≡ 7 (mod 97), the first of each
    surname in persoon_id order, then the first n of those (falling back to more persons if needed)."""
    rows = con.execute(
        """
        SELECT voornaam, coalesce(tussenvoegsel, '') AS tussenvoegsel, achternaam
        FROM (
            SELECT persoon_id, voornaam, tussenvoegsel, achternaam,
                   row_number() OVER (PARTITION BY achternaam ORDER BY persoon_id) AS rn
            FROM persoon_identiteit WHERE persoon_id % 97 = 7
        )
        WHERE rn = 1 ORDER BY persoon_id
        """
    ).fetchall()
    names = [Name(*r) for r in rows][:n]
    if len(names) < n:  # fewer surnames than asked for: add further distinct combinations
        extra = con.execute(
            "SELECT DISTINCT voornaam, coalesce(tussenvoegsel, ''), achternaam, min(persoon_id) AS p "
            "FROM persoon_identiteit WHERE persoon_id % 97 = 7 GROUP BY ALL ORDER BY p"
        ).fetchall()
        seen = set(names)
        for v, t, a, _ in extra:
            if len(names) >= n:
                break
            if Name(v, t, a) not in seen:
                seen.add(Name(v, t, a))
                names.append(Name(v, t, a))
    return names


def cases(names: list[Name]) -> list[tuple[str, Name, str]]:
    """(template id, name, question) for every name in every template."""
    out = []
    for i, name in enumerate(names):
        other = names[(i * 7 + 3) % len(names)]
        for tid, template in TEMPLATES:
            out.append((tid, name, fill(template, name, other)))
    return out


def caught(name: Name, question: str, scrubbed: str, template: str) -> bool:
    """True when no token of the name survives (beyond tokens the template itself has)."""
    words = Counter(t.lower() for t in _WORD.findall(scrubbed))
    base = Counter(t.lower() for t in _WORD.findall(re.sub(r"\{\w+\}", " ", template)))
    return all(words[t] <= base[t] for t in set(name.tokens()))


def policy_questions() -> list[str]:
    """Every development-set question (turns included) that is not expected to be refused."""
    out: list[str] = []
    for path in sorted(QUESTIONS.glob("*.yaml")):
        for conv in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for turn in conv.get("turns") or [conv]:
                q, status = turn.get("question"), turn.get("status")
                if isinstance(q, str) and q.strip() and status != "refused":
                    out.append(q)
    return list(dict.fromkeys(out))
