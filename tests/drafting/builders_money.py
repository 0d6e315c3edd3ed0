"""Builders for the reality check's and the framework's tests: a small draft with retained actieplannen,
their envelopes and the room, made through the domain functions."""

from drafting import envelopes
from tests.drafting.builders import a_draft, retained_action_plan


def a_checked_draft(
    *, action_plans: int = 2, start_year: int = 2020, end_year: int = 2022, with_room: bool = True
):
    """A draft of three years with retained actieplannen of 100.000 exploitatie and 50.000 investeringen
    a year each, and a room of 400.000 a year except 2021 (200.000): 2021 goes over with two."""
    draft = a_draft(start_year=start_year, end_year=end_year)
    chapter = draft.chapters.order_by("position").first()
    found = []
    for n in range(action_plans):
        plan = retained_action_plan(draft, f"Actieplan {n + 1}", chapter=chapter)
        for year in draft.years:
            envelopes.set_envelope(plan, year, operating="100.000", investment="50.000", by=None)
        found.append(plan)
    for year in draft.years if with_room else []:
        room = "200.000" if year == 2021 else "400.000"
        envelopes.set_room(draft, year, available=room, self_financing_margin="", by=None)
    return draft, found
