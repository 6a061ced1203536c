"""Red team 9 (availability): an area exclusion released first withholds the plain city-wide figure for everyone.

(a) `wijk NOT IN ('Zorgvliet', 'Forepark')` has no left-out group (see test_redteam9_notin_padded_age), so it is
shown, and the plain city-wide figure (1..9 units more) is then withheld for every user: red team 8's
pre-emption is back through a list of wijken. (b) `wijk != W` where W's soort group is large (left-out rule
passes) but W's clients of the narrowed cell number 1..9 (Schildersbuurt: 4 of its 132 pleegzorg clients aged 8
in 2021; red team 9 used Laakkwartier en Spoorwijk, whose exclusion is now hidden because the rest of stadsdeel Laak
is small, which says nothing about the trade-off): the city-wide 'pleegzorg, 8 jaar' is withheld for a beleidsmaker afterwards. The wider-group rule
keeps a plainer figure answerable only against narrowing by age/gender/soort, not against an area exclusion.
Both hold since the left-out part is also judged with every narrowing kept (red team 12)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _status(answer):
    return answer.get("status")


@pytest.mark.parametrize("exclusion, question", [
    ("soort = 'Pleegzorg' AND jaar = 2021 AND wijk NOT IN ('Zorgvliet', 'Forepark')",
     "Hoeveel cliënten met pleegzorg waren er in 2021 in Den Haag?"),
    # (b) the part a filter leaves out is also judged with every narrowing kept (red team 12), so the exclusion
    # whose part within the cell is 1..k-1 is hidden, not shown and then blocking the plain figure
    ("soort = 'Pleegzorg' AND jaar = 2021 AND leeftijd = 8 AND wijk != 'Schildersbuurt'",
     "Hoeveel cliënten met pleegzorg van 8 jaar waren er in 2021 in Den Haag?"),
])
def test_area_exclusion_does_not_preempt_the_citywide_figure(fresh_api, exclusion, question):
    # the exclusion itself may be withheld (the left-out rule); the plainer figure must stay answerable
    fresh_api.sql(fresh_api.s1, f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE {exclusion}")
    other = fresh_api.assistant.new_session(user="beleid", role="beleidsmaker", roles=("beleidsmaker",))
    answer = other.ask(question).to_json_dict()
    assert _status(answer) == "answered", (
        f"after another user's '{exclusion}' the city-wide figure is withheld: {answer.get('answer', '')[:200]}")
