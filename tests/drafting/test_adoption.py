"""Adoption: what stands in the way (with where to fix it), the raad's decision that makes the draft the
plan in force as version 1, the draft read-only after, and the trail from the plan back to the draft."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from drafting import adoption, drafts, envelopes, framework
from drafting.models import Draft, DraftItem, ItemKind, Proposal
from plans.models import Action, ActionPlan, Amount, Goal, Plan, Project
from tests.drafting.builders import a_draft, a_goal, an_action_plan, retained_action_plan, through_all_steps
from tests.factories import PlanFactory
from versions.models import PlanVersion

pytestmark = pytest.mark.django_db
COUNCIL_DAY = datetime.date(2019, 12, 17)


def a_ready_draft() -> tuple[Draft, Proposal]:
    """A small draft through every step: one actieplan with an actie (two ramingen) and a project, under
    a goal; nothing in the way."""
    draft = a_draft()
    action_plan = retained_action_plan(draft, "We ontwikkelen een preventief gezondheidsbeleid")
    goal = through_all_steps(a_goal(draft, "We reduceren de armoede tegen 2030 met de helft"))
    framework.link(action_plan, goal, by=None)
    envelopes.set_envelope(action_plan, 2020, operating="100.000", investment="50.000", by=None)
    action = drafts.add_item(
        action_plan, by=None, title="Gezondheidsloket in elke wijk", start_year=2020, end_year=2022
    )
    for year, amount in ((2020, "40.000"), (2021, "35.000,50")):
        drafts.set_estimate(
            action,
            year=year,
            category="E",
            direction="uitgave",
            budget_code="0950/61",
            amount=amount,
            by=None,
        )
    drafts.add_item(
        action_plan, by=None, kind=ItemKind.PROJECT, title="Licalab", start_year=2021, end_year=2021
    )
    return draft, action_plan


def test_adopting_makes_the_plan_in_force_with_goals_actieplannen_acties_ramingen_projecten_version_1():
    draft, _action_plan = a_ready_draft()
    assert adoption.problems(draft) == []
    adopted = adoption.adopt(
        draft, council_date=COUNCIL_DAY, slug="voorbeeld-2020-2025", numbering=adoption.AUTOMATIC, by=None
    )
    plan = Plan.objects.get(slug="voorbeeld-2020-2025")
    assert adopted.plan == plan and (plan.start_year, plan.end_year) == (2020, 2025)
    assert list(Goal.objects.filter(plan=plan).values_list("number", "title")) == [
        ("SD 1", "We reduceren de armoede tegen 2030 met de helft")
    ]
    action_plan = ActionPlan.objects.get(plan=plan)
    assert (action_plan.number, action_plan.title) == (
        "1.1",
        "We ontwikkelen een preventief gezondheidsbeleid",
    )
    assert action_plan.budget == 150000
    action = Action.objects.get(action_plan=action_plan)
    assert (action.number, action.start_year, action.end_year) == ("1.1.1", 2020, 2022)
    assert sorted(Amount.objects.filter(action=action).values_list("year", "amount")) == [
        (2020, 40000),
        (2021, 35000.5),
    ]
    project = Project.objects.get(plan=plan)
    assert project.name == "Licalab" and list(project.action_plans.all()) == [action_plan]
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.name, version.council_date) == (1, "MJP 2020-2025", COUNCIL_DAY)
    draft.refresh_from_db()
    assert draft.is_adopted and draft.plan == plan


def test_after_adoption_the_draft_is_read_only_everywhere():
    draft, action_plan = a_ready_draft()
    adoption.adopt(
        draft, council_date=COUNCIL_DAY, slug="ro-2020-2025", numbering=adoption.AUTOMATIC, by=None
    )
    action_plan.refresh_from_db()
    item = action_plan.items.filter(kind=ItemKind.ACTION).get()
    for write in (
        lambda: drafts.add_item(action_plan, by=None, title="Te laat", start_year=2020, end_year=2020),
        lambda: drafts.edit_item(item, {"title": "Anders"}, by=None, version=item.version),
        lambda: drafts.set_estimate(
            item, year=2022, category="E", direction="uitgave", budget_code="", amount="1", by=None
        ),
        lambda: adoption.adopt(
            draft, council_date=COUNCIL_DAY, slug="nog-eens", numbering=adoption.AUTOMATIC, by=None
        ),
    ):
        with pytest.raises(ValidationError, match="al vastgesteld"):
            write()
    assert DraftItem.objects.filter(proposal=action_plan).count() == 2
    assert Plan.objects.filter(slug="nog-eens").count() == 0


def test_what_stands_in_the_way_is_listed_with_where_to_fix_it(client, cel_user):
    draft = a_draft()
    retained_action_plan(draft, "Zonder doelstelling")
    an_action_plan(draft, "Nog onderweg")
    client.force_login(cel_user)
    page = client.get(reverse("drafting:adoption", args=[draft.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nog onderweg is nog in behandeling (Voorzet Strategie &amp; Beleid)" in text
    assert "Zonder doelstelling heeft geen doelstelling. Koppel het in het strategisch kader." in text
    located = adoption.located_problems(draft)
    assert [p.place for p in located] == ["steps", "framework"]


def test_keeping_the_drafts_numbers_asks_for_a_number_on_each_actieplan_and_actie(client, cel_user):
    draft, action_plan = a_ready_draft()
    client.force_login(cel_user)
    text = client.get(reverse("drafting:adoption", args=[draft.pk]) + "?nummering=keep").content.decode()
    assert "heeft geen nummer. Vul het in, of kies automatisch nummeren." in text
    item_url = reverse("drafting:detailing_action_plan", args=[draft.pk, action_plan.pk])
    assert item_url in text


def test_adoption_with_an_unlinked_actieplan_is_refused_and_nothing_is_written(client, cel_user):
    draft, _action_plan = a_ready_draft()
    retained_action_plan(draft, "Vergeten te koppelen")
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:adoption", args=[draft.pk]),
        {"council_date": "17/12/2019", "slug": "vergeten-2020", "numbering": "automatic", "version_name": ""},
    )
    assert answer.status_code == 422
    assert "Vergeten te koppelen heeft geen doelstelling" in answer.content.decode()
    assert "Het ontwerp kan nog niet naar de raad" in answer.content.decode()
    assert not Plan.objects.filter(slug="vergeten-2020").exists()
    draft.refresh_from_db()
    assert not draft.is_adopted


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"council_date": ""}, "Vul de datum van de raadsbeslissing in."),
        ({"council_date": "gisteren"}, "Schrijf de datum als dd/mm/jjjj"),
        ({"slug": ""}, "Geef het plan een korte naam"),
        ({"numbering": "anders"}, "Kies: de nummers behouden of automatisch nummeren."),
    ],
)
def test_a_wrong_adoption_form_is_refused_in_dutch_and_nothing_is_written(client, cel_user, values, message):
    draft, _action_plan = a_ready_draft()
    client.force_login(cel_user)
    before = Plan.objects.count()
    form = {"council_date": "2019-12-17", "slug": "fout-2020", "numbering": "automatic", **values}
    answer = client.post(reverse("drafting:adoption", args=[draft.pk]), form)
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert Plan.objects.count() == before
    draft.refresh_from_db()
    assert not draft.is_adopted


def test_a_short_name_in_use_is_refused(client, cel_user):
    draft, _action_plan = a_ready_draft()
    PlanFactory(slug="bezet", start_year=2014, end_year=2019)
    client.force_login(cel_user)
    answer = client.post(
        reverse("drafting:adoption", args=[draft.pk]),
        {"council_date": "2019-12-17", "slug": "bezet", "numbering": "automatic"},
    )
    assert answer.status_code == 422
    assert "De korte naam “bezet” is al in gebruik" in answer.content.decode()


def test_the_mt_sees_what_stands_in_the_way_but_may_not_adopt(client, mt_user):
    draft, _action_plan = a_ready_draft()
    client.force_login(mt_user)
    page = client.get(reverse("drafting:adoption", args=[draft.pk]))
    assert page.status_code == 200
    assert "Vaststellen door de raad" not in page.content.decode()
    answer = client.post(
        reverse("drafting:adoption", args=[draft.pk]),
        {"council_date": "2019-12-17", "slug": "mt-2020", "numbering": "automatic"},
    )
    assert answer.status_code == 403
    assert not Plan.objects.filter(slug="mt-2020").exists()


def test_the_raad_does_not_see_the_adoption_page(client, council_user):
    draft, _action_plan = a_ready_draft()
    client.force_login(council_user)
    assert client.get(reverse("drafting:adoption", args=[draft.pk])).status_code == 403


def test_the_cel_adopts_on_the_page_sees_version_1_and_follows_the_trail_from_the_plan(client, cel_user):
    draft, action_plan = a_ready_draft()
    client.force_login(cel_user)
    page = client.get(reverse("drafting:adoption", args=[draft.pk]))
    assert "Niets staat nog in de weg" in page.content.decode()
    assert 'value="ocmw-turnhout-2020-2025"' in page.content.decode()
    answer = client.post(
        reverse("drafting:adoption", args=[draft.pk]),
        {
            "council_date": "17/12/2019",
            "slug": "turnhout-2020-2025",
            "numbering": "automatic",
            "version_name": "",
        },
        follow=True,
    )
    text = answer.content.decode()
    assert "Versie 1: MJP 2020-2025" in text
    overview = reverse("plans:overview", args=["turnhout-2020-2025"])
    assert overview in text
    assert "Vaststellen door de raad" not in text
    plan_page = client.get(overview).content.decode()
    assert "Hoe dit plan tot stand kwam" in plan_page
    assert reverse("drafting:draft", args=[draft.pk]) in plan_page
    detail = client.get(
        reverse("drafting:detailing_action_plan", args=[draft.pk, action_plan.pk])
    ).content.decode()
    assert "Toevoegen" not in detail and "schrappen" not in detail and "Raming opslaan" not in detail
    item = action_plan.items.filter(kind=ItemKind.ACTION).get()
    refused = client.post(
        reverse("drafting:detailing_estimate", args=[draft.pk, item.pk]),
        {"year": 2022, "category": "E", "direction": "uitgave", "budget_code": "", "amount": "1"},
    )
    assert refused.status_code == 422
    assert "al vastgesteld door de raad" in refused.content.decode()
    assert not item.amounts.filter(year=2022).exists()


def test_the_trail_link_costs_one_query_and_is_absent_for_a_plan_without_draft(cel_user, council_user):
    from plans import page_parts

    draft, _action_plan = a_ready_draft()
    adopted = adoption.adopt(
        draft, council_date=COUNCIL_DAY, slug="een-2020", numbering=adoption.AUTOMATIC, by=None
    )
    cel_user.has_perm("drafting.view_proposal")  # permissions are read once per user
    with CaptureQueriesContext(connection) as queries:
        origin = page_parts.plan_origin(cel_user, adopted.plan)
    assert len(queries.captured_queries) <= 1
    assert origin == ("Hoe dit plan tot stand kwam", reverse("drafting:draft", args=[draft.pk]))
    assert page_parts.plan_origin(council_user, adopted.plan) is None
    other = PlanFactory(slug="ouder", start_year=2014, end_year=2019)
    assert page_parts.plan_origin(cel_user, other) is None
