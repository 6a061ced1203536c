"""Refuse questions about individual residents, whatever their wording.

Wijkvraag answers with figures about groups only. A question that asks *who*, asks for names,
identifiers, addresses or contact details, or asks to list or show the residents themselves (rather
than to count them) is refused with a Dutch reason. The text is normalised first (case, accents,
punctuation, spaced-out letters, digits used as letters) so that rewording does not get past it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["PERSON_NOUNS", "domain_phrases", "refuse_individual_request"]

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})

_PERSON_WORDS = (
    r"client|clienten|clients|cliente|clientes|plusser|plussers|persoon|personen|inwoner|inwoners|bewoner|bewoners|mens|mensen|kind|kinderen|"
    r"jongere|jongeren|huishouden|huishoudens|gezin|gezinnen|oudere|ouderen|meisje|meisjes|jongen|jongens|"
    r"man|mannen|vrouw|vrouwen|aanvrager|aanvragers|klant|klanten|deelnemer|deelnemers|ontvanger|ontvangers|"
    r"bijstandsontvanger|bijstandsontvangers|gebruiker|gebruikers|burger|burgers|patient|patienten|"
    r"ouders|vader|vaders|moeder|moeders|gezinslid|gezinsleden|senior|senioren|jeugdige|jeugdigen|tiener|tieners|"
    r"scholier|scholieren|student|studenten|alleenstaande|alleenstaanden|zorgvrager|zorgvragers|buren|buurtbewoners|"
    r"dossier|dossiers|people|persons|person|residents|resident|clients|client|households|children"
)
PERSON_NOUNS = frozenset(_PERSON_WORDS.split("|"))  # nouns that name residents ('kind', 'jongeren', 'cliënt')

# a person noun, also as the head of a compound ('bijstandsgerechtigden', 'wmoclienten', 'pleegkind'); the
# shortest ones only as whole words ('examens' is no 'mens')
_SHORT_PERSON_WORDS = {w for w in _PERSON_WORDS.split("|") if len(w) < 5}
_PERSONS = (r"(?:" + "|".join(sorted(_SHORT_PERSON_WORDS)) + r"|[a-z]*(?:"
            + "|".join(w for w in _PERSON_WORDS.split("|") if w not in _SHORT_PERSON_WORDS)
            + r"|gerechtigde|gerechtigden|houder|houders))")

_WHO = re.compile(r"(?:^|\b)(?:wie|who|whom|whose|van wie|bij wie|welke persoon|welk persoon)\b")
_CHOICE = re.compile(r"\s(?:of|en|versus|vs|or)\s")
_LONGEST_PHRASE = 6  # words

# (pattern, reason) pairs; the first match decides the reason shown.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(?:bsn\w*|burgerservicenummers?|sofi ?nummers?|social security)\b"),
        "Een burgerservicenummer (BSN) wordt nooit gegeven.",
    ),
    (
        re.compile(
            r"\b(?:na{1,2}m|namen|voornaa?m|voornamen|achternaa?m|achternamen|names?|full ?names?|surnames?|"
            r"naam ?gegevens|persoonsgegevens|personalia|identiteit|identiteiten)\b"
        ),
        "Namen en andere persoonsgegevens van inwoners worden nooit gegeven.",
    ),
    (
        re.compile(
            r"\b(?:adres|adressen|adres\w*bestand\w*|adressen\w+|woonadres|woonadressen|huisadres|straat|straatnaam|"
            r"huisnummers?|postcodes?|"
            r"woonachtig|woont op|wonen op|address|addresses|street)\b"
            r"|\bwaar\s+(?:wonen|woont|woonde|woonden|verblijft|verblijven)\b(?!\s+(?:er\s+)?(?:de|het)?\s*"
            r"(?:meeste|minste|meer|minder|relatief|veel|weinig|vooral|voornamelijk|gemiddeld)\b)"
            r"(?!.*\bper\s+(?:wijk|stadsdeel|buurt|gebied|gemeente)\b)"  # a distribution over areas
            r"|\bwaar\s+precies\b"
        ),
        "Adressen en woonplaatsen van individuele inwoners worden nooit gegeven.",
    ),
    (
        re.compile(
            r"\b(?:telefoon|telefoonnummers?|telnr|mobiel nummer|06 nummers?|e ?mail|e ?mailadres(?:sen)?|mailadres(?:sen)?|"
            r"iban|rekeningnummers?|bankrekening(?:en)?|geboortedatums?|geboortedata|geboren op|phone|contactgegevens)\b"
        ),
        "Contact- en bankgegevens of geboortedata van inwoners worden nooit gegeven.",
    ),
    (
        re.compile(
            r"\b(?:persoon ?id|persoons ?id|huishouden ?id|voorziening ?id|client ?id|client ?nummers?|"
            r"clientnummers?|dossiernummers?|ids|id s|identifiers?|record ?id|records|microdata|"
            r"(?:ruwe|onderliggende|losse|individuele) (?:data|gegevens|rijen|regels|records|registraties|tabellen|"
            r"tabel|bestanden|bestand)|persoonsniveau|per individu|"
            r"individuen|individual|individuals)\b"
        ),
        "Gegevens op het niveau van individuele personen, huishoudens of dossiers worden nooit gegeven.",
    ),
    (
        re.compile(r"\b(?:mevrouw|meneer|mevr|dhr|mw|de heer|mr|mrs|ms)\s+[a-z]"),
        "Vragen over een bepaalde persoon worden niet beantwoord.",
    ),
    (
        _WHO,
        "Wijkvraag zegt nooit wie iets ontvangt; het geeft alleen aantallen over groepen.",
    ),
    (
        re.compile(rf"\b(?:welke|welk|which)\s+(?:\w+e\s+)?{_PERSONS}\b"),
        "Wijkvraag noemt geen individuele cliënten of huishoudens; het geeft alleen aantallen over groepen.",
    ),
    (
        re.compile(
            rf"\b(?:de|die|het|een|the)\s+(?!(?:percentage|aandeel|aantal|deel|totaal)\s)(?:\w+\s+)?{_PERSONS}"
            r"\s+(?:met|die|that|with)\s+(?:\w+\s+){0,3}"
            r"(?:hoogste|hoogst|meeste|langste|duurste|laagste|oudste|jongste|grootste|highest|most|longest|largest)\b"
        ),
        "Een vraag naar één persoon of huishouden (de hoogste, de oudste ...) wordt niet beantwoord.",
    ),
    (
        # a property of one resident: 'het hoogste bedrag dat één cliënt kostte', 'hoe oud is de cliënt met ...'
        re.compile(
            rf"\b(?:hoogste|laagste|grootste|kleinste|maximale|minimale|maximum|minimum|max|min|langste|kortste)\s+"
            rf"(?:\w+\s+){{0,2}}(?:dat|die|wat|van|voor|aan|bij)\s+(?:een|1|enkele|enkel|individuele)\s+(?:\w+\s+)?{_PERSONS}\b"
            rf"|\b(?:een|1|enkele|individuele)\s+(?:\w+\s+)?{_PERSONS}\s+(?:\w+\s+){{0,4}}"
            r"(?:maximaal|hoogstens|het meest|het duurst|het langst|het hoogst)\b"
            r"|\b(?:hoe oud|wanneer geboren|hoe lang al)\s+(?:is|was|wordt|werd)\s+(?:de|die|deze|dat|het|een|1)\s(?!gemiddeld|typisch|doorsnee)"
            # the largest or smallest amount of any one of them: 'het maximale bedrag per cliënt'
            rf"|\b(?:maximale|minimale|maximum|minimum|max|min)\s+(?:\w+\s+){{0,2}}per\s+{_PERSONS}\b"
        ),
        "Een vraag naar één persoon of huishouden (een bedrag, een leeftijd ...) wordt niet beantwoord.",
    ),
    (
        re.compile(rf"\b(?:duurste|oudste|jongste|langst lopende|most expensive|oldest|youngest)\s+{_PERSONS}\b"),
        "Een vraag naar één persoon of huishouden (de duurste, de oudste ...) wordt niet beantwoord.",
    ),
    (
        re.compile(
            rf"\b(?:gegevens|details|info|informatie|data|contactgegevens)\s+(?:van|over|of|about)\s+"
            rf"(?:alle|iedere|ieder|elke|elk|de|die|deze|all|every|each|the)\s+(?:\w+\s+)?{_PERSONS}\b"
        ),
        "Gegevens van individuele inwoners worden nooit gegeven; vraag naar een aantal.",
    ),
    (
        re.compile(rf"\b(?:lijst|lijstje|overzicht|list|export|dump)\s+(?:van|met|of|with)?\s*(?:alle|de|die|all|the)?\s*{_PERSONS}\b"
                   rf"|\b{_PERSONS}(?:lijst|lijsten|lijstje|bestand|bestanden)\b"),
        "Lijsten van cliënten of huishoudens worden nooit gegeven; vraag naar een aantal.",
    ),
]

# reaching residents: the question asks to contact, visit, invite or message the people themselves
_REQUEST = re.compile(
    r"^(?:stuur|verstuur|mail|e mail|bel|sms|app|nodig|benader|schrijf|informeer|bezoek|zoek|waarschuw)\b"
    r"|\b(?:ik wil|wil ik|we willen|willen we|wij willen|kunnen we|kan ik|mag ik|moeten we|zodat (?:ik|we|wij)|"
    r"we gaan|wij gaan|ik ga|gaan we|"
    r"kun je|kan je|kunt u|kun jij|wil je|wilt u|zou je|zou u|graag)\b"
)
_REACH = re.compile(
    r"\b(?:uitnodigen|uit te nodigen|nodig \w+ uit|benaderen|te benaderen|bellen|te bellen|opbellen|aanschrijven|"
    r"aan te schrijven|mailen|te mailen|e mailen|sms en|smsen|sms|sms je|smsje|appen|te appen|whatsappen|sturen|"
    r"te sturen|versturen|toesturen|zenden|bezoeken|te bezoeken|opzoeken|op te zoeken|informeren|te informeren|"
    r"waarschuwen|contacteren|contact opnemen|bereiken|te bereiken|brief|brieven|mail|mailtje|uitnodiging|"
    r"uitnodigingen|bericht|berichtje|nieuwsbrief|mailing)\b"
)
_TARGETED = re.compile(rf"\b(?:ze|hen|hun|iedereen)\b|\b(?:alle|iedere|ieder|elke|elk|deze|die|de)\s+(?:\w+\s+)?{_PERSONS}\b")

_COUNTING = re.compile(
    r"\b(?:hoeveel|aantal|aantallen|totaal|percentage|procent|gemiddeld|gemiddelde|per 1000|per duizend|"
    r"kosten|uitgaven|how many|number of|count|share)\b"
    # a breakdown by a group ('laat de Wmo-cliënten per wijk zien'): a count for each group
    r"|\b(?:per|naar)\s+(?:wijk|wijken|stadsdeel|stadsdelen|gemeente|gemeenten|jaar|leeftijd\w*|geslacht|soort|wet|"
    r"taakveld\w*)\b"
)
_SHOW_PERSONS = re.compile(
    rf"\b(?:geef|toon|laat|noem|print|exporteer|stuur|mail|show|give|list|send|zoek|vind|find)\s+(?:me\s+|mij\s+|ons\s+)?"
    rf"(?:\w+\s+){{0,3}}(?:alle|iedere|ieder|elke|elk|de|die|all|every|each|the)\s+(?:\w+\s+)?{_PERSONS}\b"
)


# 'Wmo-cliënten (distinct persoon_id)': what a count counts, said in brackets after it
_COUNTED_IN_BRACKETS = re.compile(r"\(\s*(?:count\s*\(\s*)?(?:distinct|unieke?)\s+(?:persoon|huishouden|voorziening|client)"
                                  r"[_ ]?id\s*\)?\s*\)", re.IGNORECASE)
# 'aantal voorzieningen (voorziening_id)', 'woningaanpassingen (voorziening_id, geen personen)': the unit a plural
# noun counts, named by its id
_UNIT_IN_BRACKETS = re.compile(r"\b(\w+(?:en|s))\s*\(\s*(?:voorziening|huishouden|"
                               r"persoon|client)[_ ]?id\b[^()]{0,40}\)", re.IGNORECASE)  # ('(voorziening_id, niet personen)')
_COUNTED_IDS = re.compile(r"\b(?:count|aantal|tel)\s+(?:distinct\s+|unieke?\s+|verschillende\s+)?"
                          r"(?:persoon|persoons|huishouden|voorziening|client)\s?id\b"
                          # 'distinct persoon_id per wet x geslacht': the distinct ids of a breakdown are its count
                          r"|\bdistinct\s+(?:persoon|persoons|huishouden|voorziening|client)\s?id\b(?=\s+(?:per|naar)\b)")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = []
    for word in re.split(r"\s+", text):
        if (re.search(r"[a-z]", word) and re.search(r"[0-9@$]", word)
                and not re.fullmatch(r"[0-9]+(?:[a-z]{0,2}|-[a-z]+)", word)):  # '12e', '80-plussers'

            word = word.translate(_LEET)
        words.append(word)
    text = " ".join(words)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", "", text)  # one compound: 'wmo-clienten', 'senioren-wijk'
    text = re.sub(r"[_\-]", " ", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    # spaced-out letters ("w i e", "n a m e n") become one word again
    text = re.sub(r"\b(?:[a-z] ){2,}[a-z]\b", lambda m: m.group(0).replace(" ", ""), text)
    return re.sub(r"\s+", " ", text).strip()


def domain_phrases(vocabulary: Iterable[str]) -> frozenset[str]:
    """The semantic layer's names (areas, gemeenten, wetten, genders, labels), normalised as questions are:
    what a 'wie' question may choose between without being about a person (``refuse_individual_request``)."""
    phrases = (_normalise(str(word)) for word in vocabulary)
    return frozenset(p for p in phrases if p and len(p.split()) <= _LONGEST_PHRASE)


def _choice_between_named_groups(text: str, domain: frozenset[str]) -> bool:
    """'Wie heeft meer uitgegeven, Laak of Escamp?', 'Wie krijgt vaker bijstand: mannen of vrouwen?': a
    question that starts with 'wie' (not 'wie is / zijn') and ends in a clause that only names two or more
    areas, laws or groups of the semantic layer — the 'who' is one of them, not a resident."""
    clauses = [c for c in re.split(r"[,:;?!]|\s[-\u2013\u2014]\s", text) if c.strip()]
    if len(clauses) < 2:
        return False
    first, last = _normalise(clauses[0]), _normalise(clauses[-1])
    if not re.match(r"(?:en |maar )?wie\b", first) or re.match(r"(?:en |maar )?wie (?:is|zijn|was|waren)\b", first):
        return False
    alternatives = [re.sub(r"^(?:de|het|t)\s+", "", a.strip()) for a in _CHOICE.split(last)]
    return len(alternatives) >= 2 and all(a in domain for a in alternatives)


def refuse_individual_request(text: str, domain: frozenset[str] = frozenset()) -> str | None:
    """A Dutch reason when ``text`` asks about individual residents, else None. ``domain``: the semantic
    layer's names (``domain_phrases``); a 'wie' that chooses between two of them is about groups."""
    if not isinstance(text, str) or not text.strip():
        return None
    # 'COUNT(DISTINCT persoon_id) per soort': the ids counted are a count, not ids shown
    text = _UNIT_IN_BRACKETS.sub(lambda m: m.group(1), text)  # (what the noun says already)
    norm = _COUNTED_IDS.sub("aantal", _normalise(_COUNTED_IN_BRACKETS.sub(" (aantal) ", text)))
    for pattern, reason in _RULES:
        if pattern.search(norm):
            if pattern is _WHO and domain and _choice_between_named_groups(text, domain) \
                    and not any(p.search(norm) for p, _r in _RULES if p is not _WHO):
                continue
            return f"{reason} Wijkvraag geeft alleen cijfers over groepen van voldoende grootte."
    # asking to reach the people themselves; a count asked to plan for a generic group ('we willen senioren
    # uitnodigen; hoeveel ...') is a question about a group
    if _REQUEST.search(norm) and _REACH.search(norm) and re.search(rf"\b{_PERSONS}\b|\b(?:ze|hen|iedereen)\b", norm) and (
            _TARGETED.search(norm) or not _COUNTING.search(norm)):
        return ("Wijkvraag helpt niet om inwoners te vinden of te benaderen; het geeft alleen aantallen over "
                "groepen, nooit wie iets ontvangt.")
    if _SHOW_PERSONS.search(norm) and not _COUNTING.search(norm):
        return (
            "Wijkvraag toont geen cliënten of huishoudens zelf, alleen aantallen over groepen. "
            "Vraag bijvoorbeeld: 'Hoeveel cliënten ...?'"
        )
    return None
