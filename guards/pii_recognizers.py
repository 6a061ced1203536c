"""Dutch presidio recognizers: BSN, postcode, address, phone, e-mail, IBAN, date of birth, person names.

Entity types are the placeholder names of the PII guard (NAAM, BSN, ADRES, TELEFOON, EMAIL, IBAN,
POSTCODE, GEBOORTEDATUM). Every recognizer works on the raw text with case-sensitive patterns;
context words are given to presidio's context enhancer (lemmas from a blank Dutch pipeline).
"""

from __future__ import annotations

import abc
import re
from datetime import date

import phonenumbers
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from guards.pii_lexicon import Lexicon, dictionary_word, lexicon

LANGUAGE = "nl"
_COMPASS_PART = re.compile(r"[- ](?:noord|oost|zuid|west|noordoost|noordwest|zuidoost|zuidwest|centrum|midden)$")
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"


class _DutchRecognizer(LocalRecognizer):
    """A recognizer whose `find(text)` yields (start, end, score) for its single entity."""

    ENTITY = ""
    CONTEXT: list[str] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language=LANGUAGE,
            name=f"Nl{self.ENTITY.title()}Recognizer",
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """All data is compiled at import or read lazily from the shared lexicon."""

    @abc.abstractmethod
    def find(self, text: str):
        """Yield (start, end, score, ...) for every match in `text`."""

    def analyze(self, text, entities, nlp_artifacts=None):  # noqa: D102
        results = []
        for found in self.find(text):
            start, end, score = found[:3]
            metadata = {
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                **(found[3] if len(found) > 3 else {}),
            }
            results.append(
                RecognizerResult(
                    entity_type=self.ENTITY,
                    start=start,
                    end=end,
                    score=score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name, original_score=score, textual_explanation=self.name
                    ),
                    recognition_metadata=metadata,
                )
            )
        return results


# ---------------------------------------------------------------------------------------------
# BSN


def elfproef(digits: str) -> bool:
    """The BSN eleven test: sum(d_i * (9..2)) - d_9 is divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


_BSN = re.compile(r"(?<![\w.,/€-])(\d{9}|\d{3}([. -])\d{3}\2\d{3}|\d{4}([.-])\d{2}\3\d{3})(?![\w€]|[.,/-]\d)")
_AMOUNT_BEFORE = re.compile(r"(?:€|\beur\b|\beuro\b|\bbedrag|\bbegroting|\bbegroot|\bbudget|\bkosten|\bsaldo|\btotaal|\binwoners)\W{0,3}(?:\w+\W+){0,2}$", re.I)
_AMOUNT_AFTER = re.compile(r"^\s*(?:€|euro|eur\b|mln|miljoen|inwoners|huishoudens|cliënten|clienten|personen|keer|stuks)", re.I)
_BSN_CONTEXT = re.compile(r"\b(?:bsn|burgerservicenummer|sofinummer|sofi-nummer|bsn-nummer)\b", re.I)


class NlBsnRecognizer(_DutchRecognizer):
    ENTITY = "BSN"
    CONTEXT = ["bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "bsn-nummer", "bsn:"]
    SCORE = 0.6

    def find(self, text: str):
        for m in _BSN.finditer(text):
            digits = re.sub(r"\D", "", m.group(1))
            if not elfproef(digits):
                continue
            before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 20]
            if not _BSN_CONTEXT.search(before) and (_AMOUNT_BEFORE.search(before) or _AMOUNT_AFTER.match(after)):
                continue
            yield m.start(1), m.end(1), self.SCORE


# ---------------------------------------------------------------------------------------------
# Postcode (case-sensitive: "2513 AB", "2513AB"; never "2024 en")

_POSTCODE = re.compile(r"(?<![\w.,-])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w-])")


_SHOUTED_WORDS = {"EN", "OF", "IN", "OP", "TE", "DE", "EU", "NL", "TM", "TOT", "AN", "ON", "TO", "VS"}


class NlPostcodeRecognizer(_DutchRecognizer):
    ENTITY = "POSTCODE"
    CONTEXT = ["postcode", "adres", "woonadres", "woonplaats", "wonend"]

    def find(self, text: str):
        for m in _POSTCODE.finditer(text):
            digits, letters = int(m.group(0)[:4]), m.group(0)[-2:]
            if 1900 <= digits <= 2100 and letters in _SHOUTED_WORDS:
                continue  # "IN 2020 EN 2021" written in capitals
            yield m.start(), m.end(), 0.6


# ---------------------------------------------------------------------------------------------
# Phone numbers (NL formats, international); never "14 070" or "112"

_PHONE_RUN = re.compile(r"(?<![\w+.,/])(?:\+ ?|\()?\d[\d()]*(?:(?:[ .\-/]|\) ?| - ){1}\(?\d[\d()]*){0,6}")
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def _phone_ok(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw.replace("(0)", ""))
    if raw.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith("31"):
            return len(digits) == 11 and digits[2] != "0"
        if not 9 <= len(digits) <= 15:
            return False
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse("+" + digits))
        except phonenumbers.NumberParseException:
            return False
    if not digits.startswith("0"):
        return False
    if digits.startswith(_SERVICE_PREFIXES):
        return len(digits) in (8, 11)
    return len(digits) == 10 and digits[1] != "0"


class NlPhoneRecognizer(_DutchRecognizer):
    ENTITY = "TELEFOON"
    CONTEXT = ["tel", "tel.", "telefoon", "telefoonnummer", "mobiel", "gsm", "bel", "bellen", "nummer", "telnr"]

    def find(self, text: str):
        for m in _PHONE_RUN.finditer(text):
            run = m.group(0)
            groups = list(re.finditer(r"\d+", run))
            if not groups or not (run[0] in "+(" or run.startswith("0")):
                continue
            for k in range(len(groups), 0, -1):
                end = groups[k - 1].end()
                candidate = run[:end]
                if _phone_ok(candidate):
                    if candidate.startswith("(") and ")" not in candidate:
                        candidate = candidate[1:]
                        yield m.start() + 1, m.start() + end, 0.7
                    else:
                        yield m.start(), m.start() + end, 0.7
                    break


# ---------------------------------------------------------------------------------------------
# E-mail (no tldextract: an alphabetic top-level domain of 2-24 letters)

_EMAIL = re.compile(r"(?<![\w.+-])[\w!#$%&'*+/=?^`{|}~-]{1,64}(?:\.[\w!#$%&'*+/=?^`{|}~-]{1,64}){0,8}@[^\W_](?:[\w-]{0,62}[^\W_])?(?:\.[^\W_](?:[\w-]{0,62}[^\W_])?){0,8}\.([A-Za-z]{2,24})(?![\w-])")


# an address written with 'at' for '@' ('jan.bakker at ziggo.nl', 'jan(at)example.com')
_EMAIL_AT = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}\s*(?:\(at\)|\[at\]|\s+at\s+|\s+apestaart(?:je)?\s+)\s*"
                       r"[^\W_](?:[\w-]{0,62}[^\W_])?(?:\.[^\W_](?:[\w-]{0,62}[^\W_])?){0,8}\.[A-Za-z]{2,24}(?![\w-])",
                       re.IGNORECASE)


class NlEmailRecognizer(_DutchRecognizer):
    ENTITY = "EMAIL"
    CONTEXT = ["mail", "e-mail", "email", "mailadres", "e-mailadres"]

    def find(self, text: str):
        if "@" in text:
            for m in _EMAIL.finditer(text):
                yield m.start(), m.end(), 0.9
        for m in _EMAIL_AT.finditer(text):
            yield m.start(), m.end(), 0.8


# ---------------------------------------------------------------------------------------------
# IBAN (any country, format per country + mod-97)

_IBAN_RUN = re.compile(r"(?<![\w])([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,32})")
_IBAN_FORMAT = {cc: re.compile(rx.replace("[ ]?", "")) for cc, rx in regex_per_country.items()}


def iban_ok(compact: str) -> bool:
    compact = compact.upper()
    fmt = _IBAN_FORMAT.get(compact[:2])
    if fmt is None or not fmt.fullmatch(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


class NlIbanRecognizer(_DutchRecognizer):
    ENTITY = "IBAN"
    CONTEXT = ["iban", "rekening", "rekeningnummer", "bankrekening"]

    def find(self, text: str):
        pos = 0
        while (m := _IBAN_RUN.search(text, pos)) is not None:
            run = m.group(1)
            positions = [i for i, ch in enumerate(run) if ch != " "]
            pos = m.start(1) + 1
            for length in range(len(positions), 14, -1):
                end = positions[length - 1] + 1
                if end < len(run) and run[end - 1].isalnum() and run[end].isalnum():
                    continue  # never cut inside a word
                if iban_ok(run[:end].replace(" ", "")):
                    yield m.start(1), m.start(1) + end, 0.95
                    pos = m.start(1) + end
                    break


# ---------------------------------------------------------------------------------------------
# Dates of birth

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_NUMERIC_DATE = re.compile(r"(?<![\w.,/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|'?\d{2})(?![\w]|[-/.]\d)")
_ISO_DATE = re.compile(r"(?<![\w.,/-])((?:19|20)\d{2})([-/. ]?)(\d{1,2})\2(\d{1,2})(?![\w]|[-/.]\d)")
_COMPACT_DATE = re.compile(r"(?<![\w.,/-])(\d{2})(\d{2})((?:19|20)\d{2})(?![\w]|[-/.]\d)")  # ddmmyyyy
# a day and a month, or a month and a year, of one person: only where birth context stands beside it
MONTHS = _MONTHS  # month names and their abbreviations -> month
_MONTH_NAMES = sorted((m for m in _MONTHS if len(m) > 4 or m in ("mei", "juni", "juli")), key=len, reverse=True)
_DAY_MONTH = re.compile(r"(?<![\w.,/-])(\d{1,2})(?:e|ste|de)?\s+(" + "|".join(_MONTH_NAMES) + r")\b(?!\s+'?\d)", re.I)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\s+((?:19|20)\d{2})\b", re.I)
_MONTH_DATE = re.compile(
    r"(?<![\w.,/-])(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4}|'\d{2})(?!\w)",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[;\n!?]|\.\s+(?=[A-Z])|,\s*(?=peildatum|per|sinds|vanaf|tot|t/m)")
_BIRTH_CONTEXT = re.compile(r"(?:\bgeboren|\bgeb\.|\bgeb\b|geboortedatum|geboortedag|\bdob\b|\bjarig|\bgeboorte|"
                            r"\bverjaardag|\bter\s+wereld|\bd\.\s?d\.)", re.I)


# a person, then the date that identifies them: "de cliënt van 29.07.2004", "het kind (12-03-2015)"
_PERSON_BEFORE = re.compile(
    r"\b(?:cliënt|client|kind|kindje|baby|meisje|jongen|jongere|man|vrouw|meneer|mevrouw|persoon|bewoner|inwoner|"
    r"zoon|dochter|moeder|vader|broer|zus|aanvrager|deelnemer|leerling)\s*(?:van|,|\(|geb\.?|-)?\s*$", re.I)
_POLICY_DATES_FROM = 2015  # the Wmo 2015, the Jeugdwet and the Participatiewet took effect on 1 January 2015


def full_dates(text: str) -> list[tuple[int, int]]:
    """Spans of every date with a day in ``text`` (any of the forms below), whatever stands around it."""
    spans = []
    for m, day, month, year, this_year in NlBirthDateRecognizer._dates(text):  # (no recognizer built per text)
        if 1 <= day <= 31 and 1 <= month <= 12 and (year is None or 1900 <= year <= this_year + 1):
            spans.append((m.start(), m.end()))
    return spans


class NlBirthDateRecognizer(_DutchRecognizer):
    """Full dates: a date of birth when birth context stands beside it in its clause, a person precedes it,
    the year lies before 2015, or other personal data stands next to it; policy dates ("1 januari 2024",
    "sinds 1 januari 2015") survive."""

    ENTITY = "GEBOORTEDATUM"
    CONTEXT: list[str] = []  # judged here, within the same clause (presidio's window crosses clauses)
    RELATED = ("NAAM", "BSN", "ADRES", "POSTCODE", "TELEFOON", "EMAIL", "IBAN")

    @staticmethod
    def _dates(text: str):
        this_year = date.today().year
        for m in _NUMERIC_DATE.finditer(text):
            day, month, year = int(m.group(1)), int(m.group(3)), m.group(4).lstrip("'")
            if len(year) == 2:  # "22-08-65", "10-01-'16": the most recent such year that has passed
                year = str(2000 + int(year) if 2000 + int(year) <= this_year else 1900 + int(year))
            yield m, day, month, int(year), this_year
        for m in _ISO_DATE.finditer(text):  # 1965-08-22, 1965/08/22, 19650822
            yield m, int(m.group(4)), int(m.group(3)), int(m.group(1)), this_year
        for m in _MONTH_DATE.finditer(text):
            year = m.group(3)
            yield m, int(m.group(1)), _MONTHS[m.group(2).lower()], (int(year) if year.isdigit() else None), this_year
        for m in _COMPACT_DATE.finditer(text):
            yield m, int(m.group(1)), int(m.group(2)), int(m.group(3)), this_year

    def _partial_dates(self, text: str):
        """'jarig op 18 november', 'in november 1969 geboren': part of a date, a person's only beside birth context."""
        for m in _DAY_MONTH.finditer(text):
            if 1 <= int(m.group(1)) <= 31:
                yield m
        for m in _MONTH_YEAR.finditer(text):
            if int(m.group(2)) <= date.today().year:
                yield m

    def find(self, text: str):
        for m, day, month, year, this_year in self._dates(text):
            if not (1 <= day <= 31 and 1 <= month <= 12) or (year is not None and not 1900 <= year <= this_year):
                continue
            before = _CLAUSE_BREAK.split(text[max(0, m.start() - 40) : m.start()])[-1]
            after = _CLAUSE_BREAK.split(text[m.end() : m.end() + 40])[0]
            if _BIRTH_CONTEXT.search(before) or _BIRTH_CONTEXT.search(after) or _PERSON_BEFORE.search(before):
                score = 0.85  # "geboren" on either side, or a person's date: "de cliënt van 29.07.2004"
            elif year is not None and year < _POLICY_DATES_FROM:
                score = 0.5  # a day before the decentralisation of 2015 is no date of this domain's policy
            else:
                score = 0.3  # below the threshold unless context or related PII lifts it
            yield m.start(), m.end(), score
        for m in self._partial_dates(text):
            sentence = re.split(r"[?!\n]|\.\s", text[:m.start()])[-1] + text[m.start():].split("?")[0]
            if _BIRTH_CONTEXT.search(sentence):
                yield m.start(), m.end(), 0.85

    def enhance_using_context(self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context=None):
        """A date right next to a name, BSN or address in the same text is taken as a date of birth."""
        for result in raw_recognizer_results:
            if result.score >= 0.4 or not re.search(r"[(,:]\s*$", text[max(0, result.start - 3) : result.start]):
                continue
            for other in other_raw_recognizer_results:
                if other.entity_type in self.RELATED and other.score >= 0.5 and (
                    abs(other.end - result.start) <= 60 or abs(result.end - other.start) <= 60
                ):
                    result.score = 0.6
                    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                    break
        return raw_recognizer_results


# ---------------------------------------------------------------------------------------------
# Street + house number

_HOUSE_NUMBER = re.compile(
    r"(?<![\w.,/-])(\d{1,5})(?:(?: ?-? ?(?:I{1,3}|IV|hs|HS|bis|bg|BG|hg|rd|zw|huis|boven|beneden)\b)|(?:-?[a-zA-Z])(?![\w])|(?:[-/]\d{1,3})(?![\w.,]\d))?(?![\w])"
)
_STREET_SUFFIX = re.compile(
    r"(?:straat|laan|weg|kade|plein|gracht|singel|dijk|pad|hof|dreef|steeg|plantsoen|markt|baan|wal|haven|"
    r"ring|allee|boulevard|erf|hoven|straatweg|burgwal|promenade|kanaal|vaart|wetering|dam|park|veld|"
    r"gaarde|hoek|oord|zoom|poort|water|zijde|kwartier|lei|kant|berg|rade|hout|werf|terras)$"
)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|‰|procent|euro|€|jaar|jarigen|maanden|weken|dagen|uur|minuten|keer|x\b|cliënt|client|personen|mensen|"
    r"huishoudens|inwoners|kinderen|jongeren|ouderen|volwassenen|voorzieningen|wijken|gemeenten|buurten|soorten|"
    r"aanvragen|meldingen|plekken|plaatsen|bedden|trajecten|gezinnen|stuks|mln|miljoen|duizend|fte|per\b|t/m|tot\b|-\s*\d)",
    re.I,
)
_ADDRESS_CONTEXT = re.compile(r"(?:\bwoont|\badres|\bwoonachtig|\bwonend|\bverhuisd|\bop de|\baan de|\bop het|\bbezoek)\W+(?:\w+\W+){0,5}$", re.I)
_WORD_BEFORE = re.compile(r"(?:[" + _LETTER + r"0-9'’.\-]+ ){1,6}$")


class NlAddressRecognizer(_DutchRecognizer):
    """A street name (BAG street list or a street suffix) directly followed by a house number."""

    ENTITY = "ADRES"
    CONTEXT = ["adres", "woonadres", "woont", "woonachtig", "straat"]

    def __init__(self, allow_words: frozenset[str] = frozenset(), allow_phrases: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.allow_words = allow_words
        # every word of an area's name ('bouwlust' of 'Bouwlust en Vrederust')
        self._area_words = frozenset(w for p in allow_phrases | allow_words for w in p.split())

    def _street_start(self, text: str, number_start: int, lex: Lexicon) -> tuple[int, bool] | None:
        window = text[max(0, number_start - 60) : number_start]
        m = _WORD_BEFORE.search(window)
        if not m:
            return None
        words = m.group(0).split(" ")[:-1]
        base = number_start - len(m.group(0))
        offsets, pos = [], base
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        for k in range(len(words)):  # longest candidate first
            candidate = " ".join(words[k:]).strip("'\"’‘“”").rstrip(".,")  # an SQL literal: 'Colindreef 231'
            if not candidate:
                continue
            offset = offsets[k] + len(" ".join(words[k:])) - len(" ".join(words[k:]).lstrip("'\"’‘“”"))
            lower = candidate.lower()
            last = candidate.split(" ")[-1]
            known = lower in lex.streets
            if candidate[0].isupper() or candidate.startswith(("'s", "'t", "1e", "2e", "3e")):
                suffix = bool(_STREET_SUFFIX.search(last.lower())) and last[:1].isupper() and len(last) > 5
            elif candidate.islower():  # written in lower case: a listed street, or a name + street suffix
                suffix = " " not in candidate and self._named_street(candidate, lex)
            else:
                continue
            if not (known or (suffix and k == len(words) - 1)):
                continue
            if " " not in candidate and lex.is_common(candidate):
                continue
            return offset, suffix or " " in candidate
        return None

    def _street_named(self, street: str, lex: Lexicon) -> bool:
        """A street by its name alone (a BAG street, or a name + street suffix), and no area's name."""
        if street in self._area_words or any(a.startswith(street) for a in self.allow_words):
            return False
        return street in lex.streets or (" " not in street and self._named_street(street, lex))

    def _named_street(self, word: str, lex: Lexicon) -> bool:
        """A lower-case word made of a listed first name or surname and a street suffix ("colindreef",
        "bakkerstraat"): how most Dutch streets are named, so a number after it is a house number."""
        m = _STREET_SUFFIX.search(word)
        if m is None or len(word) <= 5 or word in self.allow_words or lex.is_common(word):
            return False
        stem = word[: m.start()].rstrip("s-")
        norm = stem[:1].upper() + stem[1:]
        return len(stem) > 2 and (norm in lex.first_names or norm in lex.surnames)

    def find(self, text: str):
        lex = lexicon()
        for m in _HOUSE_NUMBER.finditer(text):
            number = int(m.group(1))
            has_suffix = m.end() > m.end(1)
            if number == 0 or (not has_suffix and 1900 <= number <= 2100) or len(m.group(1)) > 4:
                continue
            quantity = _QUANTITY_AFTER.match(text[m.end() : m.end() + 20])
            found = self._street_start(text, m.start(), lex)
            if found is None:
                continue
            if quantity and not (re.match(r"\s*(?:t/m|tot\b)", text[m.end():]) and self._street_named(
                    text[found[0]:m.start()].strip().lower(), lex)):
                continue  # a quantity ('Laakkwartier 12 procent'); a street's numbers 'van 12 t/m 20' stay an address
            start, strong = found
            street = text[start : m.start()].strip().lower()
            if street in self.allow_words and not has_suffix and not _ADDRESS_CONTEXT.search(text[max(0, start - 60) : start]):
                continue  # a wijk that is also a street name ("Moerwijk 12") needs address context
            yield start, m.end(), 0.9 if strong or has_suffix else 0.7


# ---------------------------------------------------------------------------------------------
# Person names

# an apostrophe starts a word only in an elision ("'s-Gravenhage", "'t Hoekje"); before any other word it is a
# quote ("wijk = 'bjorn genefaas'" in SQL)
_TOKEN = re.compile(r"(?:[" + _UPPER + r"]\.){1,4}(?![" + _LETTER + r"])|(?:['’](?=[stnSTN](?![" + _LETTER + r"])))?["
                    + _LETTER + r"]+(?:['’][" + _LETTER + r"]+)*|\d+|\S")
# A title says a name follows: any capitalised word after it is taken.
_TITLES = {
    "mevrouw", "mevr", "mw", "meneer", "mijnheer", "dhr", "heer", "hr", "mr", "dr", "drs", "ir", "ing", "prof",
    "mej", "juffrouw", "juf", "meester", "fam", "familie", "zuster", "broeder", "pastoor", "dominee", "ds",
}
_TITLES_NEED_SURNAME = {"familie", "fam", "heer", "hr", "meester"}
# A cue word makes a following capitalised word a name unless it is a word, a place or vocabulary.
_CUE_WORDS = {
    "met", "bij", "aan", "door", "namens", "cliënt", "client", "cliënte", "klant", "betrokkene", "aanvrager",
    "aanvraagster", "zoon", "dochter", "moeder", "vader", "kind", "partner", "echtgenoot", "echtgenote", "buurman",
    "buurvrouw", "gezin", "huishouden", "casus", "dossier", "contactpersoon", "mantelzorger", "zus", "broer", "oma",
    "opa", "pleegouders", "pleegouder", "pleegkind", "collega", "raadslid", "wijkagent", "bewindvoerder",
    "huisarts", "achternaam", "voornaam", "naam", "dag", "hallo", "hoi", "beste", "geachte", "goedemorgen",
    "goedemiddag", "groet", "groeten", "groetjes", "vz", "namens",
}
_GREETING_HEER = {"de", "geachte", "beste", "aan"}
# Words that say the capitalised word after them (or, for the verbs, before them) is a name, even a word such
# as Visser or Bakker: "mensen die Visser heten", "cliënten genaamd Smit", "met de achternaam Bos"
_NAMING_BEFORE = {"heet", "heten", "heette", "heetten", "genaamd", "geheten", "achternaam", "familienaam",
                  "geslachtsnaam", "voornaam", "naam"}
_NAMING_AFTER = {"heet", "heten", "heette", "heetten"}
_AREA_NOUNS = {"wijk", "buurt", "gemeente", "stadsdeel", "dorp", "stad", "plaats", "kern", "regio", "provincie"}
_NAMING_PERSON = {"genaamd", "geheten", "achternaam", "familienaam", "geslachtsnaam", "voornaam"}
# What follows a possessive surname ("Jansens dossier")
_POSSESSED = {
    "dossier", "aanvraag", "aanvragen", "indicatie", "uitkering", "voorziening", "voorzieningen", "kinderen", "kind",
    "zoon", "dochter", "gezin", "huishouden", "schulden", "schuld", "bijstand", "zorg", "jeugdhulp", "begeleiding",
    "adres", "moeder", "vader", "partner", "man", "vrouw", "beschikking", "situatie", "kosten", "casus", "traject",
}
# Words that never are a surname, even right after a title and a tussenvoegsel
_FUNCTION_WORDS = {
    "een", "het", "de", "en", "of", "in", "op", "te", "van", "voor", "met", "die", "dat", "is", "zijn", "er", "bij",
    "aan", "uit", "naar", "om", "als", "ook", "nog", "al", "wel", "niet", "geen", "heeft", "hebben", "krijgt", "kreeg",
    "wordt", "was", "per", "sinds", "tot", "over", "hoeveel", "wat", "welke", "wie", "waar", "wanneer", "hoe",
}
# Parts of multi-word tussenvoegsels that do not continue a name on their own ("Jansen in Laak", "Bakker uit Delft")
_EXTENSION_SKIP = {"aan", "bij", "in", "op", "uit", "het", "t", "d", "s", "en"}
_ARTICLE_BEFORE = {"in", "uit", "naar", "voor", "van", "rond", "nabij", "richting", "over", "tussen", "en", "of", "met"}
_SENTENCE_END = {".", "!", "?", ":", ";", "\n", "•", "-", "–", "(", '"', "“", "„", ">", "|", "*"}
_FOREIGN_LETTERS = re.compile(r"[çşğıŞĞÇİ]|[öü](?!\w*(?:isch|ische)$)")


class _Tok:
    __slots__ = ("text", "start", "end", "lower", "norm", "initial_cap", "initials", "word", "sent_start")

    def __init__(self, m: re.Match, sent_start: bool) -> None:
        self.text = m.group(0)
        self.start, self.end = m.start(), m.end()
        self.lower = self.text.lower()
        self.initials = self.text.endswith(".") and len(self.text) >= 2 and self.text[0].isupper()
        self.word = self.text[:1].isalpha() or self.text[:1] in "'’"
        self.initial_cap = self.text[:1].isupper() and not self.initials and not (self.text.isupper() and len(self.text) > 1)
        # "JAN", "jan" -> "Jan" for list look-ups of names written in one case
        self.norm = self.text[:1].upper() + self.text[1:].lower() if self.word else self.text
        self.sent_start = sent_start


class NlPersonNameRecognizer(_DutchRecognizer):
    """Dutch person names from the Meertens lists, with context rules for names that are also words.

    Accepted: title + name ("mevrouw El Amrani", "dhr. Van den Berg"), initials + surname ("J.P. Bakker"),
    first name + surname ("Fatma Yilmaz", "Mohamed Bouzid", "Jan de Vries"), tussenvoegsel + listed surname
    ("De Vries", "van der Laan"), a cue word + name ("gesprek met Bouzid", "vader Ömer", "Groet, Sander"),
    a listed first name on its own, and names written in one case ("jan de vries", "SANNE DE JONG") when
    both parts are listed. Place names, wijk names, everyday words and allow-listed vocabulary are no
    names by themselves.
    """

    ENTITY = "NAAM"
    CONTEXT: list[str] = []  # titles and cue words are part of the rules below
    TITLE_SCORE = 0.9
    TITLED = "titled_name"  # metadata flag: a title or initials say it is a name, even for "mevrouw Oudshoorn"

    def __init__(self, allow_words: frozenset[str] = frozenset(), allow_phrases: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.allow_words = allow_words
        self.allow_phrases = allow_phrases

    # -- tokens -------------------------------------------------------------------------------
    @staticmethod
    def _tokens(text: str) -> list[_Tok]:
        tokens: list[_Tok] = []
        prev_end, sent_start = 0, True
        for m in _TOKEN.finditer(text):
            if "\n" in text[prev_end : m.start()]:
                sent_start = True
            tok = _Tok(m, sent_start)
            tokens.append(tok)
            sent_start = tok.text in _SENTENCE_END
            prev_end = m.end()
        return tokens

    def _blocked(self, tok: _Tok, lex: Lexicon) -> bool:
        """An everyday word, a place, vocabulary, or an adjective of nationality ("Marokkaanse")."""
        lower = tok.lower
        return (
            lower in lex.common_words
            or lower in self.allow_words
            or lower in lex.places
            or (lower.endswith(("se", "sche")) and len(lower) > 5 and tok.norm not in lex.surnames
                and tok.norm not in lex.first_names)  # "Louise" is a name, "Marokkaanse" an adjective
        )

    def _place_name_as_person(self, text: str, tokens: list[_Tok], i: int, lex: Lexicon) -> bool:
        """A listed first name that is also a word or a village ("Jet", "Linde", "Ben", "Lot") names a person when
        it is capitalised inside a sentence and nothing makes it a place: no preposition, article or area noun before
        it, not an area of the product, not an everyday stop word, not a street."""
        tok = tokens[i]
        prev = tokens[i - 1].lower if i > 0 else ""
        return (
            tok.initial_cap and not tok.sent_start and not tok.text.isupper()
            and tok.lower not in self.allow_words and not self._phrase_at(text, tokens, i, lex, places=False)
            and tok.lower not in lex.domain_words and tok.lower not in _FUNCTION_WORDS
            and prev not in _ARTICLE_BEFORE | _AREA_NOUNS | {"de", "het", "een", "te", "bij", "op"}
            and not self._is_street_number(tokens, i)
        )

    @staticmethod
    def _is_street_number(tokens: list[_Tok], i: int) -> bool:
        return i + 1 < len(tokens) and tokens[i + 1].text[:1].isdigit() and bool(_STREET_SUFFIX.search(tokens[i].lower))

    def _interfix_at(self, tokens: list[_Tok], i: int, lex: Lexicon) -> int:
        """Number of tokens of a tussenvoegsel starting at i (0 when none)."""
        for n in (3, 2, 1):
            if i + n <= len(tokens) and all(t.word for t in tokens[i : i + n]):
                if " ".join(t.lower for t in tokens[i : i + n]) in lex.interfixes:
                    return n
        return 0

    def _surname_at(self, tokens: list[_Tok], i: int, lex: Lexicon, after_interfix: bool, strong: bool,
                    titled: bool = False) -> int:
        """End index (exclusive) of a surname starting at i, including double names ("Jansen-de Vries").

        `strong`: the context already says a name follows (a title, initials, a tussenvoegsel after a
        first name, a double name): any capitalised word that is not an everyday word is taken; after a
        tussenvoegsel any capitalised word ("Van der Meer", "van Wijk"); after a title or initials
        (`titled`) any capitalised word but a domain word ("mevrouw Groen", "Z. Die Bont").
        """
        if i >= len(tokens) or not tokens[i].word or self._is_street_number(tokens, i):
            return i
        tok = tokens[i]
        listed = self._listed_surname(tok, lex, after_interfix)
        if not tok.initial_cap:
            return i
        if strong:
            if not after_interfix and (tok.lower in lex.domain_words or (tok.lower in lex.common_words and not listed and not titled)):
                return i
        elif not listed and (self._blocked(tok, lex) or tok.text in lex.first_names):
            return i
        end = i + 1
        if end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end].start == tok.end and tokens[end + 1].start == tokens[end].end:
            j = end + 1
            n = self._interfix_at(tokens, j, lex)
            k = self._surname_at(tokens, j + n, lex, n > 0, True)
            if k > j + n:
                end = k
        return end

    @staticmethod
    def _listed_surname(tok: _Tok, lex: Lexicon, after_interfix: bool = False) -> bool:
        """A listed surname, also in the possessive ("Jansens", "Bakker's")."""
        forms = [tok.norm]
        if tok.norm.endswith("s") and len(tok.norm) > 3:
            forms.append(tok.norm[:-1])
        if tok.norm.endswith(("'s", "’s")):
            forms.append(tok.norm[:-2])
        return any(f in lex.surnames or (after_interfix and f in lex.interfix_surnames) for f in forms)

    def _phrase_at(self, text: str, tokens: list[_Tok], i: int, lex: Lexicon, places: bool = True) -> bool:
        """An allow-listed phrase (wijk, gemeente, soort) or a place name starts at token i."""
        for n in range(1, 6):
            if i + n > len(tokens):
                break
            phrase = text[tokens[i].start : tokens[i + n - 1].end].lower()
            if phrase in self.allow_phrases or (places and phrase in lex.places):
                return True
        return False

    def _name_word(self, text: str, tokens: list[_Tok], i: int, lex: Lexicon, after_particle: bool = False) -> bool:
        """A capitalised word that may continue a name: no domain word, title, vocabulary or place
        (`after_particle`: a surname after a tussenvoegsel may be a place, "van Voorst", "van Wijk")."""
        if i >= len(tokens):
            return False
        tok = tokens[i]
        if not (tok.word and tok.initial_cap) or tok.sent_start or self._is_street_number(tokens, i):
            return False
        listed = self._listed_surname(tok, lex, True)
        if tok.lower in _TITLES and tok.lower != "heer" and not listed:  # "Oude Heer" is a surname
            return False
        if tok.lower in lex.particles and tok.lower not in ("die", "the", "la", "le"):
            return False  # a capitalised "Van", "De" after a name starts something else ("Van Stolkpark")
        if after_particle:
            return True
        if tok.lower in lex.domain_words or tok.lower in self.allow_words:
            return False
        return not self._phrase_at(text, tokens, i, lex, places=not listed)

    def _lower_name_word(self, tokens: list[_Tok], i: int, lex: Lexicon, any_word: bool = False) -> bool:
        """A lower-case word that may be (part of) a surname: no everyday word, vocabulary or place
        (`any_word`: after a title and tussenvoegsel, everything but function and domain words)."""
        if i >= len(tokens):
            return False
        tok = tokens[i]
        if not tok.word or not tok.text.islower() or len(tok.text) < 2 or self._is_street_number(tokens, i):
            return False
        if any_word:  # "meneer van der meer", "giovanni de werd", "meneer van wijk"
            return tok.lower not in _FUNCTION_WORDS and tok.lower not in lex.particles
        if tok.lower in lex.stop_words or tok.lower in lex.domain_words:
            return False
        if self._listed_surname(tok, lex, True):
            return True
        return len(tok.text) > 2 and tok.lower not in lex.common_words and tok.lower not in lex.places and tok.lower not in self.allow_words

    def _particles_at(self, tokens: list[_Tok], i: int, lex: Lexicon) -> int:
        """Number of tokens of name particles starting at i: tussenvoegsels, "von und zu", "d'"."""
        j = i
        while j < len(tokens):
            tok = tokens[j]
            n = self._interfix_at(tokens, j, lex)
            if n:
                j += n
            elif tok.word and tok.lower in lex.particles and tok.lower not in _EXTENSION_SKIP:
                j += 1
            elif tok.text in ("'", "’") and j > 0 and len(tokens[j - 1].text) == 1 and tokens[j - 1].end == tok.start:
                j += 1  # d' Heripon
            elif len(tok.text) == 1 and tok.lower in "dl" and j + 1 < len(tokens) and tokens[j + 1].text in ("'", "’"):
                j += 1
            elif tok.lower == "en" and self._interfix_at(tokens, j + 1, lex):
                j += 1  # Van Hoevel en van Zwindrecht
            else:
                break
        return j - i

    def _extend(self, text: str, tokens: list[_Tok], e: int, lex: Lexicon) -> int:
        """Extend a matched name over what follows it: more surname words ("Ariens Ansems", "Oude Heer"),
        particles and a surname ("Aelftrud van Wessex", "Coreth von und zu Coredo"), a double name after
        a hyphen, "d' Heripon"; lower-case names continue in lower case. Vocabulary and places stop it."""
        lower = tokens[e - 1].text.islower()
        n = len(tokens)
        while e < n:
            tok = tokens[e]
            if tok.text in "-–" and tok.start == tokens[e - 1].end and e + 1 < n and tokens[e + 1].start == tok.end:
                k = self._particles_at(tokens, e + 1, lex)
                j = e + 1 + k
                if self._name_word(text, tokens, j, lex, after_particle=k > 0) or (j < n and self._lower_name_word(tokens, j, lex, any_word=k > 0)):
                    e = j + 1
                    continue
                break
            if tok.text in ("'", "’") and tok.start == tokens[e - 1].end and (e + 1 >= n or tokens[e + 1].start > tok.end):
                e += 1  # possessive apostrophe ("Cammels'")
                continue
            # within a name a tussenvoegsel is lower case: "Wessex" in "Aelftrud van Wessex", not "Van Stolkpark"
            k = self._particles_at(tokens, e, lex) if not tok.text[:1].isupper() else 0
            if k:
                j = e + k
                if self._phrase_at(text, tokens, e, lex, places=False):
                    break  # "Van Stolkpark", "Den Haag"
                if self._name_word(text, tokens, j, lex, after_particle=True) or (lower and self._lower_name_word(tokens, j, lex)):
                    e = j + 1
                    continue
                break
            if self._name_word(text, tokens, e, lex) or (
                    lower and self._lower_name_word(tokens, e, lex) and self._listed_surname(tokens[e], lex, True)):
                e += 1
                continue
            break
        return e

    # -- matching -------------------------------------------------------------------------------
    def find(self, text: str):
        lex = lexicon()
        tokens = self._tokens(text)
        i, n = 0, len(tokens)
        while i < n:
            span = self._match_at(text, tokens, i, lex)
            if span is None:
                i += 1
                continue
            s, e, score = span
            e = self._extend(text, tokens, e, lex)
            s = self._inverted_start(tokens, s, lex)
            if score >= 0.85 or not self._is_place(text, tokens, s, e, lex):
                yield tokens[s].start, tokens[e - 1].end, score, {self.TITLED: score >= self.TITLE_SCORE}
            i = e

    def _inverted_start(self, tokens: list[_Tok], s: int, lex: Lexicon) -> int:
        """A register-style name, surname first: "Nuwenhuijzen, Saar", "Berg, van den, Jan" or
        "Van den Berg, Jan": a word (with its tussenvoegsel) and a comma before a first name. The comma
        and the first name say it is a name, so the surname may also be an everyday word ("Velden")."""
        if s < 2 or tokens[s - 1].text != "," or tokens[s].text not in lex.first_names:
            return s

        def particle(t: _Tok) -> bool:
            return t.lower in lex.interfixes or t.lower in lex.particles

        k = s - 2
        if particle(tokens[k]):  # "Berg, van den, Jan"
            while k >= 0 and particle(tokens[k]):
                k -= 1
            if k < 1 or tokens[k].text != ",":
                return s
            k -= 1
        sur = tokens[k]
        listed = sur.norm in lex.surnames or sur.norm in lex.interfix_surnames  # "Velden" is also a village
        if not (sur.word and (sur.initial_cap or listed)) or sur.lower in lex.domain_words \
                or (sur.lower in self.allow_words and not listed) or (sur.lower in lex.places and not listed) \
                or sur.lower in lex.stop_words:
            return s
        while k > 0 and particle(tokens[k - 1]):
            k -= 1
        return k

    def _is_place(self, text: str, tokens: list[_Tok], s: int, e: int, lex: Lexicon) -> bool:
        """True when the match, or a tail of two or more tokens ("van [Den Haag]"), is a place or vocabulary, also with
        a part of it named after it ("Den Haag-Oost", "Rotterdam-Noord")."""
        end = tokens[e - 1].end
        for k in [s, *range(s + 1, e - 1)]:
            phrase = _COMPASS_PART.sub("", text[tokens[k].start : end].lower())
            if phrase in lex.places or phrase in self.allow_phrases:
                return True
        return False

    def _first_names_end(self, tokens: list[_Tok], i: int, lex: Lexicon) -> int:
        j = i + 1
        while j < len(tokens):
            if tokens[j].initial_cap and tokens[j].text in lex.first_names and tokens[j].text not in lex.surnames:
                j += 1  # Jan Willem
            elif tokens[j].text == "-" and j + 1 < len(tokens) and tokens[j + 1].text in lex.first_names and tokens[j].start == tokens[j - 1].end:
                j += 2  # Anna-Maria
            else:
                break
        return j

    def _match_at(self, text: str, tokens: list[_Tok], i: int, lex: Lexicon):
        tok = tokens[i]
        prev = tokens[i - 1].lower if i > 0 else ""
        if tok.initials:
            # initials + surname: "J.P. Bakker", "H.M. Verhoeven", "J. van Beek"
            if i > 0 and tokens[i - 1].text[:1].isdigit():
                return None
            j = i
            while j < len(tokens) and tokens[j].initials:
                j += 1
            k = self._interfix_at(tokens, j, lex)
            end = self._surname_at(tokens, j + k, lex, k > 0, True, titled=True)
            return (i, end, self.TITLE_SCORE) if end > j + k else None
        if not tok.word:
            return None
        # 1. title + name
        title = tok.lower
        if title in _TITLES and (title != "heer" or prev in _GREETING_HEER):
            j = i + 1
            if j < len(tokens) and tokens[j].text == "." and tokens[j].start == tok.end:
                j += 1
            start = j
            while j < len(tokens) and tokens[j].initials:
                j += 1
            while j < len(tokens) and tokens[j].initial_cap and tokens[j].text in lex.first_names and tokens[j].text not in lex.surnames:
                j += 1
            k = self._interfix_at(tokens, j, lex)
            end = self._surname_at(tokens, j + k, lex, k > 0, True, titled=True)
            if end > j + k:
                return start, end, self.TITLE_SCORE
            nxt = tokens[j + k] if j + k < len(tokens) else None
            if nxt is not None and nxt.word and nxt.initial_cap and nxt.lower not in lex.domain_words and not self._is_street_number(tokens, j + k):
                return start, j + k + 1, self.TITLE_SCORE  # "mevrouw Die Bont", "dhr. Groen"
            p = self._particles_at(tokens, j, lex)
            if j + p < len(tokens) and self._lower_name_word(tokens, j + p, lex, any_word=p > 0):
                return start, j + p + 1, self.TITLE_SCORE  # "meneer de boer", "mevrouw zijlemans", "meneer d' heripon"
            if j > start and title not in _TITLES_NEED_SURNAME:
                return start, j, 0.8  # "zuster Anja", "mevrouw J."
            return None
        # 2. first name(s) + surname, or a first name on its own
        if tok.initial_cap and tok.text in lex.first_names and not self._is_street_number(tokens, i):
            j = self._first_names_end(tokens, i, lex)
            k = self._interfix_at(tokens, j, lex)
            end = self._surname_at(tokens, j + k, lex, k > 0, k > 0)
            if end > j + k:
                return i, end, 0.85
            if not self._is_street_number(tokens, j + k):
                if not self._blocked(tok, lex):
                    return i, j, 0.6 if not tok.sent_start else 0.5
                if j == i + 1 and self._place_name_as_person(text, tokens, i, lex):
                    return i, j, 0.85  # "krijgt Jet", "heeft Linde": no place read into it
        # 2b. a first name that is also a word ("Ben", "Lot") before a tussenvoegsel + surname or a surname
        if tok.initial_cap and tok.text in lex.ambiguous_first_names:
            k = self._interfix_at(tokens, i + 1, lex)
            if (k and not self._phrase_at(text, tokens, i + 1, lex, places=False)
                    and self._name_word(text, tokens, i + 1 + k, lex, after_particle=True)) or (
                not k and self._name_word(text, tokens, i + 1, lex) and tokens[i + 1].lower not in lex.common_words
            ):
                return i, i + 2 + k, 0.8
            if self._place_name_as_person(text, tokens, i, lex):
                return i, i + 1, 0.85  # "Hoeveel bijstand krijgt Ben?"
        # 2c. two capitalised words that are no everyday word, vocabulary or place ("Ecrin Breugelensis")
        if (
            tok.initial_cap and tok.lower not in lex.common_words and tok.lower not in lex.places
            and self._name_word(text, tokens, i, lex)
            and not self._phrase_at(text, tokens, i, lex) and tok.lower not in self.allow_words
            and self._name_word(text, tokens, i + 1, lex) and tokens[i + 1].lower not in lex.common_words
            and tokens[i + 1].lower not in lex.places
        ):
            return i, i + 2, 0.7
        # 2d. lower case: a listed first name + a surname ("lina zijlemans", "mason van clootwijck")
        if tok.text.islower() and len(tok.text) > 2 and tok.norm in lex.first_names and tok.lower not in lex.common_words \
                and tok.lower not in self.allow_words and tok.lower not in lex.places:
            k = self._particles_at(tokens, i + 1, lex)
            if self._lower_name_word(tokens, i + 1 + k, lex, any_word=k > 0):
                return i, i + 2 + k, 0.85 if k else 0.7  # with a tussenvoegsel no place ("sil de boer")
        if tok.text.islower() and tok.norm in lex.ambiguous_first_names:  # "lot huijben", "sep van arnsberg"
            k = self._particles_at(tokens, i + 1, lex)
            j = i + 1 + k
            if j < len(tokens) and self._lower_name_word(tokens, j, lex) and self._listed_surname(tokens[j], lex, k > 0) and (
                    k or tok.lower not in lex.stop_words):
                return i, j + 1, 0.85 if k else 0.7
        # 2e. a possessive surname before what it owns ("Jansens dossier", "Bakker's aanvraag")
        if i + 1 < len(tokens) and tokens[i + 1].lower in _POSSESSED and (tok.text.endswith("s") or tok.text.endswith("'s")) \
                and self._listed_surname(tok, lex) and tok.lower not in lex.common_words and tok.lower not in self.allow_words \
                and not (tok.sent_start and dictionary_word(tok.lower)):  # 'Reeks bijstand ...': a series, no Reek's
            return i, i + 1, 0.7
        # 2f. a first name in the possessive: "Bjorn's jeugdhulp", "Fatma’s uitkering", "Bjorns dossier"
        if tok.word and tok.lower not in lex.common_words and tok.lower not in self.allow_words:
            stem = tok.norm[:-2] if tok.norm.endswith(("'s", "’s")) else (
                tok.norm[:-1] if tok.norm.endswith("s") and i + 1 < len(tokens) and tokens[i + 1].lower in _POSSESSED else "")
            if len(stem) > 1 and (stem in lex.first_names or stem in lex.ambiguous_first_names) and stem.lower() not in self.allow_words:
                return i, i + 1, 0.7
        # 3. a name written in one case, both parts listed: "jan de vries", "SANNE DE JONG"
        if not tok.initial_cap and tok.word and len(tok.text) > 2 and tok.norm in lex.first_names and tok.lower not in lex.common_words:
            j = i + 1
            k = self._interfix_at(tokens, j, lex)
            if j + k < len(tokens):
                sur = tokens[j + k]
                same_case = sur.text.islower() == tok.text.islower() and sur.text.isupper() == tok.text.isupper()
                if same_case and len(sur.text) > 2 and sur.lower not in lex.common_words and (
                    sur.norm in lex.surnames or (k and sur.norm in lex.interfix_surnames)
                ):
                    return i, j + k + 1, 0.6
        # 4. tussenvoegsel + listed surname: "De Vries", "van der Linden"; not an article ("in de Laak")
        k = self._interfix_at(tokens, i, lex)
        if k and i + k < len(tokens) and tokens[i + k].text in lex.first_names and self._match_at(text, tokens, i + k, lex):
            return None  # "de kinderen van Jonas Hulst": the name starts at the first name
        if k and i + k < len(tokens):
            sur = tokens[i + k]
            article = tok.lower in ("de", "het", "'t") and prev in _ARTICLE_BEFORE
            if (
                sur.initial_cap
                and (sur.norm in lex.interfix_surnames or sur.norm in lex.surnames)
                and sur.lower not in lex.common_words
                and not (article and sur.lower in self.allow_words)
                and not self._is_street_number(tokens, i + k)
            ):
                end = self._surname_at(tokens, i + k, lex, True, True)
                if end > i + k:
                    return i, end, 0.7
        # 5. a cue word + a capitalised word that is not a word, place or vocabulary ("met Bouzid")
        if tok.initial_cap and prev in _CUE_WORDS and not self._blocked(tok, lex):
            j = i
            if tok.text in lex.first_names:
                j = self._first_names_end(tokens, i, lex) - 1
            k = self._interfix_at(tokens, j + 1, lex)
            end = self._surname_at(tokens, j + 1 + k, lex, k > 0, True)
            if end > j + 1 + k:
                return i, end, 0.75
            end = self._surname_at(tokens, i, lex, False, True)
            if end > i:
                return i, end, 0.65
        # 6. an unlisted name with letters Dutch words do not have ("Öztürk", "Çelik", "Şahin")
        if tok.initial_cap and _FOREIGN_LETTERS.search(tok.text) and not self._blocked(tok, lex):
            return i, self._surname_at(tokens, i, lex, False, True) or i + 1, 0.6
        # 7. a naming word before or a naming verb after: any capitalised word but a domain or function word.
        # After 'genaamd' or 'achternaam', or before 'heten' of people ('die Visser heten'), even an area's name
        nxt_word = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        person_cue = prev in _NAMING_PERSON | {"heten", "heetten"} or (nxt_word in _NAMING_AFTER and prev in ("die", "wie"))
        area_name = tok.lower in self.allow_words or self._phrase_at(text, tokens, i, lex, places=False)
        if tok.initial_cap and (prev in _NAMING_BEFORE or (nxt_word in _NAMING_AFTER and not tok.sent_start)) \
                and tok.lower not in lex.domain_words and tok.lower not in _FUNCTION_WORDS \
                and tok.lower not in lex.stop_words and not self._is_street_number(tokens, i) \
                and (person_cue or not area_name):
            end = self._surname_at(tokens, i, lex, False, True, titled=True)
            return i, max(end, i + 1), self.TITLE_SCORE
        # 8. a listed surname capitalised inside a sentence: Dutch writes nouns in lower case, so 'Bakker' or
        # 'Visser' there is a name, not a baker ("Heeft Bakker uit Moerwijk bijstand?")
        if tok.initial_cap and not tok.sent_start and not tok.text.isupper() and tok.text in lex.surnames \
                and tok.lower not in lex.domain_words and tok.lower not in _FUNCTION_WORDS \
                and tok.lower not in lex.stop_words and tok.lower not in self.allow_words \
                and prev not in _ARTICLE_BEFORE | _AREA_NOUNS | {"de", "het", "een"} \
                and not self._phrase_at(text, tokens, i, lex, places=False) \
                and not self._is_street_number(tokens, i) and not (  # "Nuwenhuijzen, Saar": found from the first name
                    i + 2 < len(tokens) and tokens[i + 1].text == "," and tokens[i + 2].text in lex.first_names):
            return i, self._surname_at(tokens, i, lex, False, True) or i + 1, 0.85
        return None
