"""Dutch everywhere: a count agrees with its noun, and the admin shows no English label."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.urls import reverse
from lxml import html

from core import changes
from demo.plans import create_demo_users, load_plan_file, load_proposals
from indicators import values as indicator_values
from plans.models import Department
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AmountFactory,
    EntityFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    PolicyFieldFactory,
    default_organisation,
)
from tests.plans.test_admin import admin_urls_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("count", "words"), [(1, "1 actieve actie is"), (3, "3 actieve acties is")])
def test_the_dashboard_counts_one_action_and_several_actions(client, cel_user, count, words):
    plan = PlanFactory(slug="p")
    ActionFactory.create_batch(count, action_plan=ActionPlanFactory(plan=plan, number="10"))
    client.force_login(cel_user)
    page = " ".join(client.get(reverse("reporting:dashboard", args=[plan.slug])).content.decode().split())
    assert f"van de {words} afgewerkt" in page


@pytest.mark.parametrize(("count", "words"), [(1, "1 actie<"), (3, "3 acties<")])
def test_the_overview_counts_one_action_and_several_actions(client, cel_user, count, words):
    plan = PlanFactory(slug="p")
    ActionFactory.create_batch(count, action_plan=ActionPlanFactory(plan=plan, number="10"))
    client.force_login(cel_user)
    page = client.get(reverse("plans:overview", args=[plan.slug])).content.decode()
    assert f'<span class="bar-caption">{words}' in page


@pytest.mark.parametrize(
    ("minutes", "words"), [(1, "over 1 minuut opnieuw"), (15, "over 15 minuten opnieuw")]
)
def test_a_lockout_says_minuut_or_minuten(client, settings, make_user, minutes, words):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=minutes)
    make_user("cel", None)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "cel", "password": "fout"})
    assert response.status_code == 429
    assert words in response.content.decode()


# English that Django, django-axes and django-simple-history show when a translation is missing.
# ("Filter" is left out: it is the Dutch word too.)
ENGLISH = [
    "Add",
    "Add link",
    "Change",
    "Change or view list link",
    "Change reason",
    "Changed by",
    "Changes",
    "History",
    "Historical",
    "View",
    "Delete",
    "Deleted",
    "Save",
    "Search",
    "Home",
    "Action:",
    "None",
    "Object",
    "Comment",
    "Date/time",
    "Model name",
    "After you’ve created a user",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Access attempts",
    "access attempt",
    "Access logs",
    "access log",
    "Access failures",
    "access failure",
    "Access lock out",
    "Attempted Access",
    "Failed access",
    "Attempt Time",
    "Attempt Remaining",
    "Clean up expired attempts",
    "Locked Out",
    "Logout Time",
    "Username",
    "IP Address",
    "User Agent",
    "HTTP Accept",
    "Path",
    "Form Data",
    "Meta Data",
    "Failed Logins",
    "Axes",
    "Plans",
    "Reporting",
    "frozen",
    "pending import",
    "Loaded version",
]
ENGLISH_PATTERN = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")


def shown_texts(page: str) -> list[str]:
    """What a reader sees or hears: text, and the titles, labels and alternatives of controls."""
    tree = html.fromstring(page)
    for hidden in tree.xpath("//script | //style"):
        hidden.drop_tree()
    texts = [" ".join(text.split()) for text in tree.xpath("//text()")]
    texts += tree.xpath("//@title | //@placeholder | //@aria-label | //input[@type='submit']/@value")
    # Django writes "True"/"False" and its search magnifier's "Search" as fixed alternative texts,
    # not translatable; the button beside the magnifier says "Zoeken".
    texts += [alt for alt in tree.xpath("//img/@alt") if alt not in ("True", "False", "Search")]
    return [text for text in texts if text.strip()]


def test_the_admin_shows_no_english_to_the_beheerder(client, admin_user):
    from demo.rounds import load_round

    plan, _report = load_plan_file()
    cel = create_demo_users()["cel"]
    load_proposals(plan, by=cel)
    load_round(plan, by=cel)
    GoalFactory(plan=plan, number="1")
    PolicyFieldFactory(code="0119", name="Overige algemene diensten")
    EntityFactory(plan=plan, code="OCMW", name="OCMW Turnhout")
    AmountFactory(action=plan.action_plans.first().actions.first(), year=plan.start_year)
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst welzijn", head=cel), by=None
    )
    department.members.add(cel)
    indicator = IndicatorFactory(plan=plan, department=department)
    indicator_values.set_target(indicator, plan.end_year, "10", by=cel)
    indicator_values.record_value(indicator, "8", date=datetime.date(plan.start_year, 12, 31), by=cel)
    client.post(reverse("login"), {"username": "cel", "password": "fout"})  # an access attempt
    client.post(reverse("login"), {"username": "cel", "password": "turnhout2017"})  # an access log
    AccessAttempt.objects.create(
        username="mt",
        ip_address="127.0.0.1",
        user_agent="Firefox",
        path_info="/aanmelden/",
        failures_since_start=2,
    )
    AccessFailureLog.objects.create(
        username="mt", ip_address="127.0.0.1", user_agent="Firefox", path_info="/aanmelden/", locked_out=True
    )
    client.force_login(admin_user)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        obj = model._default_manager.first()
        assert obj is not None, model
        urls += admin_urls_of(model, obj)
    english = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = {
            m.group(0)
            for text in shown_texts(response.content.decode())
            for m in ENGLISH_PATTERN.finditer(text)
        }
        if found:
            english[url] = sorted(found)
    assert english == {}
