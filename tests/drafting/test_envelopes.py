"""Envelopes against the room: the sums per year and chapter, the warnings in words, the refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from drafting import envelopes, steps
from drafting.models import Chapter, Envelope, Outcome, Room
from tests.drafting.builders import a_draft, an_action_plan, retained_action_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, expected",
    [("1.250.000", 1250000), ("€ 250 000", 250000), ("0", 0), (" 75000 ", 75000), (300, 300)],
)
def test_envelopes_are_whole_euros_as_people_write_them(typed, expected):
    assert envelopes.parse_euro(typed) == Decimal(expected)


@pytest.mark.parametrize(
    "typed, reason",
    [("-5", "nooit negatief"), ("veel", "geen bedrag"), ("", "geen bedrag"), ("1,5", "hele euro")],
)
def test_a_bad_envelope_is_refused_with_the_reason_and_nothing_is_saved(typed, reason):
    draft = a_draft()
    proposal = retained_action_plan(draft)
    with pytest.raises(ValidationError, match=reason):
        envelopes.set_envelope(proposal, 2021, operating=typed, investment="0", by=None)
    assert not Envelope.objects.exists()


def test_a_year_outside_the_plan_or_a_refused_actieplan_gets_no_envelope():
    draft = a_draft()
    proposal = retained_action_plan(draft)
    with pytest.raises(ValidationError, match="buiten de planperiode"):
        envelopes.set_envelope(proposal, 2030, operating="1", investment="0", by=None)
    refused = an_action_plan(draft, "Weg")
    steps.decide(refused, refused.step, Outcome.REFUSED, by=None)
    with pytest.raises(ValidationError, match="niet weerhouden"):
        envelopes.set_envelope(refused, 2021, operating="1", investment="0", by=None)
    assert not Envelope.objects.exists()


def test_an_envelope_edited_on_an_outdated_copy_is_refused():
    from core.changes import Conflict

    proposal = retained_action_plan(a_draft())
    first = envelopes.set_envelope(proposal, 2021, operating="100", investment="0", by=None)
    envelopes.set_envelope(proposal, 2021, operating="200", investment="0", by=None, version=first.version)
    with pytest.raises(Conflict):
        envelopes.set_envelope(
            proposal, 2021, operating="300", investment="0", by=None, version=first.version
        )
    assert Envelope.objects.get().operating == 200


def test_the_check_sums_per_year_and_chapter_and_names_the_year_over_the_room():
    draft = a_draft(start_year=2020, end_year=2022)
    welzijn, omgeving = Chapter.objects.filter(draft=draft).order_by("position")
    one = retained_action_plan(draft, "Een", chapter=welzijn)
    two = retained_action_plan(draft, "Twee", chapter=omgeving)
    still_under_way = an_action_plan(draft, "Onderweg", chapter=welzijn)
    envelopes.set_envelope(one, 2020, operating="100.000", investment="50.000", by=None)
    envelopes.set_envelope(two, 2020, operating="30.000", investment="0", by=None)
    envelopes.set_envelope(two, 2021, operating="30.000", investment="0", by=None)
    envelopes.set_envelope(still_under_way, 2021, operating="999.999", investment="0", by=None)
    for year, room in ((2020, "150.000"), (2021, "100.000"), (2022, "100.000")):
        envelopes.set_room(draft, year, available=room, self_financing_margin="", by=None)
    check = envelopes.check(draft)
    first = check.years[0]
    assert (first.operating, first.investment, first.total) == (130000, 50000, 180000)
    assert first.by_chapter == {welzijn.pk: 150000, omgeving.pk: 30000}
    assert first.left == -30000 and first.over
    assert [year.year for year in check.years_over] == [2020]
    assert check.warnings == [
        "2020 gaat € 30.000 over de beschikbare ruimte: de enveloppes vragen € 180.000, "
        "de ruimte is € 150.000."
    ]


def test_the_last_years_autofinancieringsmarge_must_stay_at_least_zero():
    draft = a_draft(start_year=2020, end_year=2021)
    proposal = retained_action_plan(draft)
    envelopes.set_envelope(proposal, 2021, operating="80.000", investment="500.000", by=None)
    envelopes.set_room(draft, 2021, available="1.000.000", self_financing_margin="50.000", by=None)
    envelopes.set_room(draft, 2020, available="1.000.000", self_financing_margin="", by=None)
    check = envelopes.check(draft)
    assert check.years[-1].margin_after == -30000
    assert any(
        "autofinancieringsmarge van 2021" in warning and "€ 30.000" in warning for warning in check.warnings
    )


def test_room_may_be_negative_but_must_be_a_number():
    draft = a_draft()
    envelopes.set_room(draft, 2021, available="-20.000", self_financing_margin="", by=None)
    with pytest.raises(ValidationError, match="geen bedrag"):
        envelopes.set_room(draft, 2022, available="ruim", self_financing_margin="", by=None)
    assert list(Room.objects.values_list("year", "available")) == [(2021, -20000)]


def test_the_check_takes_a_fixed_number_of_queries(django_assert_num_queries):
    draft = a_draft()
    for n in range(5):
        proposal = retained_action_plan(draft, f"Actieplan {n}")
        envelopes.set_envelope(proposal, 2021, operating="10", investment="0", by=None)
    with django_assert_num_queries(4):
        envelopes.check(draft)
