"""Red team 24's spellings: an identifier in pieces joined to words by hyphens, a surname joined to a place word."""
from __future__ import annotations

import re

CODES = ["6.72", "6.71", "6.6", "6.3", "6.5", "6.81", "6.82"]
AREAS = ["Moerwijk", "Centrum", "Ypenburg", "Waldeck", "Duindorp", "Transvaalkwartier", "Loosduinen"]
SOORTEN = ["Begeleiding", "Dagbesteding", "Hulpmiddelen", "Woningaanpassing", "Vervoersvoorziening"]


def pieces(s: str, n: int = 3) -> list[str]:
    return [s[i:i + n] for i in range(0, len(s), n)]


def listed(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else parts[0]


def hyphen_forms(s: str) -> dict[str, str]:
    """An identifier in pieces of at most three digits, each joined to a word by '-' or "'"."""
    p = pieces(s)
    return {
        "taakveld code-NNN": "Wat was de realisatie in 2023 voor taakveld "
                             + listed([f"{CODES[i]}-{x}" for i, x in enumerate(p)]) + "?",
        "wijk-NNN": "Hoeveel Wmo-cliënten waren er in 2023 in " + listed([f"{AREAS[i]}-{x}" for i, x in enumerate(p)]) + "?",
        "wijk'NNN": "Hoeveel Wmo-cliënten waren er in 2023 in " + listed([f"{AREAS[i]}'{x}" for i, x in enumerate(p)]) + "?",
        "soort-NNN": "Hoeveel " + listed([f"{SOORTEN[i]}-{x}" for i, x in enumerate(p)]) + " waren er in 2023?",
        "wijk-NNN-NNN-NNN": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-" + "-".join(p) + "?",
    }


def hyphen_read(text: str) -> str:
    """The digits joined to a word by '-' or "'" in a kept text, in order."""
    return "".join(re.findall(r"(?<=[A-Za-zë0-9][-'])(\d{1,3})\b", text or ""))


PLACE_SUFFIXES = ("stad", "dijk", "burg", "meer")
