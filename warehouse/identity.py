"""Synthetic identities (persoon_identiteit): RESTRICTED test data the guards must never let through.

Faker (nl_NL) is slow per call, so pools of names, streets and e-mail domains are drawn once (seeded)
and combined per person with numpy. BSN (elfproef, 9999xxxxx test range) and IBAN (NL, mod-97) check
digits are computed vectorised.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
from faker import Faker

TUSSENVOEGSELS = ("van der", "van den", "van de", "van 't", "in 't", "van", "de", "den", "der", "ter", "te", "ten", "'t", "in")
BANKS = ("ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "BUNQ", "KNAB", "RBRB")
POSTCODE_LETTERS = np.array(list("ABCDEGHJKLMNPRSTVWXZ"))
BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2])


@dataclass(frozen=True)
class Pools:
    first_male: np.ndarray
    first_female: np.ndarray
    tussenvoegsel: np.ndarray
    achternaam: np.ndarray
    street: np.ndarray
    email_domain: np.ndarray


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def split_surname(full: str) -> tuple[str, str]:
    """'van der Berg' -> ('van der', 'Berg'); 'Jansen' -> ('', 'Jansen')."""
    lowered = full.lower()
    for prefix in TUSSENVOEGSELS:
        if lowered.startswith(prefix + " ") and len(full) > len(prefix) + 1:
            return prefix, full[len(prefix) + 1 :]
    return "", full


def draw_pools(seed: int, size: int = 600) -> Pools:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    males = sorted({fake.first_name_male() for _ in range(size)})
    females = sorted({fake.first_name_female() for _ in range(size)})
    surnames = sorted({fake.last_name() for _ in range(size * 2)})
    split = [split_surname(s) for s in surnames]
    streets = sorted({fake.street_name() for _ in range(size)})
    domains = sorted({fake.free_email_domain() for _ in range(60)})
    return Pools(
        first_male=np.array(males, dtype=object),
        first_female=np.array(females, dtype=object),
        tussenvoegsel=np.array([t for t, _ in split], dtype=object),
        achternaam=np.array([a for _, a in split], dtype=object),
        street=np.array(streets, dtype=object),
        email_domain=np.array(domains, dtype=object),
    )


def bsn_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Elfproef-valid BSNs in the 9999xxxxx test range (the range holds 9,091 valid numbers, so they repeat)."""
    digits = np.empty((n, 9), dtype=np.int64)
    digits[:, :4] = 9
    todo = np.ones(n, dtype=bool)
    while todo.any():
        k = int(todo.sum())
        digits[todo, 4:8] = rng.integers(0, 10, size=(k, 4))
        check = (digits[todo, :8] * BSN_WEIGHTS).sum(axis=1) % 11
        digits[todo, 8] = check
        todo[np.flatnonzero(todo)[check <= 9]] = False
    return (digits * 10 ** np.arange(8, -1, -1)).sum(axis=1)


def elfproef(bsn: np.ndarray) -> np.ndarray:
    """True where a 9-digit number passes the BSN elfproef."""
    b = np.asarray(bsn, dtype=np.int64)
    digits = (b[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    total = (digits[:, :8] * BSN_WEIGHTS).sum(axis=1) - digits[:, 8]
    return (total % 11 == 0) & (b >= 100_000_000)


def iban_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Dutch IBANs (NLkk BANK 0123456789) with valid mod-97 check digits."""
    bank_idx = rng.integers(0, len(BANKS), n)
    account = rng.integers(0, 10**10, n, dtype=np.int64)
    bank_value = np.array(
        [int("".join(str(ord(c) - 55) for c in bank)) for bank in BANKS], dtype=np.int64
    )  # 8 digits: each letter A=10..Z=35
    r = bank_value[bank_idx] % 97
    r = (r * 10**10 + account) % 97
    r = (r * 10**6 + 232100) % 97  # 'NL' = 23 21, check digits 00
    check = 98 - r
    banks = np.array(BANKS, dtype=object)[bank_idx]
    check_s = np.char.zfill(check.astype(str), 2).astype(object)
    account_s = np.char.zfill(account.astype(str), 10).astype(object)
    return "NL" + check_s + banks + account_s


def iban_valid(iban: str) -> bool:
    text = iban.replace(" ", "").upper()
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def postcode_pc4(gemeente_code: str, wijk_idx: np.ndarray, n_wijken: int, rng: np.random.Generator) -> np.ndarray:
    """A 4-digit postcode area per person, plausible for the gemeente ('s-Gravenhage: 2491-2599)."""
    if gemeente_code == "GM0518":
        lo, hi = 2491, 2599
    else:
        code = int(gemeente_code[2:])
        lo = 1000 + (code * 7919) % 8800
        hi = lo + 40
    span = hi - lo + 1
    per_wijk = span / max(n_wijken, 1)
    base = lo + np.floor(wijk_idx * per_wijk).astype(np.int64)
    width = np.maximum(1, int(np.ceil(per_wijk)))
    return np.minimum(base + rng.integers(0, width, len(wijk_idx)), hi)


def identities(
    pools: Pools,
    persoon: pd.DataFrame,
    birth_days: np.ndarray,
    wijk_idx: np.ndarray,
    n_wijken: int,
    gemeente_code: str,
    woonplaats: str,
    seed: int,
    chunk_no: int,
) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 31_337, chunk_no])
    n = len(persoon)
    man = persoon["geslacht"].to_numpy() == "man"
    voornaam = np.where(
        man,
        pools.first_male[rng.integers(0, len(pools.first_male), n)],
        pools.first_female[rng.integers(0, len(pools.first_female), n)],
    )
    # members of one household mostly share a surname
    hh = persoon["huishouden_id"].to_numpy()
    surname_idx = (np.random.default_rng([seed, 99, chunk_no]).permutation(len(pools.achternaam))[hh % len(pools.achternaam)])
    own = rng.random(n) < 0.25
    surname_idx = np.where(own, rng.integers(0, len(pools.achternaam), n), surname_idx)
    tussen = pools.tussenvoegsel[surname_idx]
    achternaam = pools.achternaam[surname_idx]
    straat = pools.street[rng.integers(0, len(pools.street), n)]
    nummer = rng.integers(1, 240, n).astype(str).astype(object)
    suffix = np.array(["", "", "", "", "", "", "", "A", "B", "-1", "-2", "-3"], dtype=object)[rng.integers(0, 12, n)]
    huisnummer = nummer + suffix
    pc4 = postcode_pc4(gemeente_code, wijk_idx, n_wijken, rng)
    letters = POSTCODE_LETTERS[rng.integers(0, len(POSTCODE_LETTERS), (n, 2))]
    first = np.where((letters[:, 0] == "S") & np.isin(letters[:, 1], ["A", "D", "S"]), "T", letters[:, 0])
    postcode = pc4.astype(str).astype(object) + " " + first.astype(object) + letters[:, 1].astype(object)
    mobile = rng.random(n) < 0.75
    phone_digits = np.where(mobile, rng.integers(10_000_000, 99_999_999, n), rng.integers(2_000_000, 9_999_999, n))
    telefoon = np.where(mobile, "06-", "070-").astype(object) + phone_digits.astype(str).astype(object)
    ascii_first = np.array([_ascii(x).lower().replace(" ", "") for x in pools.first_male.tolist() + pools.first_female.tolist()], dtype=object)
    first_lookup = dict(zip(pools.first_male.tolist() + pools.first_female.tolist(), ascii_first.tolist()))
    last_lookup = {a: _ascii(a).lower().replace(" ", "").replace("'", "") for a in pools.achternaam.tolist()}
    mail_first = pd.Series(voornaam).map(first_lookup).to_numpy(dtype=object)
    mail_last = pd.Series(achternaam).map(last_lookup).to_numpy(dtype=object)
    sep = np.array([".", "", "_"], dtype=object)[rng.integers(0, 3, n)]
    number = np.where(rng.random(n) < 0.4, rng.integers(1, 99, n).astype(str), "").astype(object)
    domain = pools.email_domain[rng.integers(0, len(pools.email_domain), n)]
    email = mail_first + sep + mail_last + number + "@" + domain
    return pd.DataFrame(
        {
            "persoon_id": persoon["persoon_id"].to_numpy(),
            "bsn": np.char.zfill(bsn_numbers(rng, n).astype(str), 9).astype(object),
            "voornaam": voornaam,
            "tussenvoegsel": np.where(tussen == "", None, tussen),
            "achternaam": achternaam,
            "straat": straat,
            "huisnummer": huisnummer,
            "postcode": postcode,
            "woonplaats": np.full(n, woonplaats, dtype=object),
            "geboortedatum": np.asarray(birth_days, dtype=np.int64).astype("datetime64[D]"),
            "telefoon": telefoon,
            "email": email,
            "iban": iban_numbers(rng, n),
        }
    )
