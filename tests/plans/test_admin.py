"""The admin as the strategische cel and the beheerder use it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from demo.plans import create_demo_users, load_plan_file, load_proposals
from plans.models import Action, ActionPlan, LifeCycle, Project, Status
from tests.factories import ActionFactory, ActionPlanFactory, ProjectFactory, edit_item

pytestmark = pytest.mark.django_db


def row_counts() -> tuple[int, ...]:
    return (
        ActionPlan.objects.count(),
        Action.objects.count(),
        ActionPlan.history.count(),
        Action.history.count(),
    )


WRITTEN_ON_THE_PAGES = {"plans.ChangeProposal", "rounds.ReportingRound"}
RECORDED_BY_LOGINS = {"axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}  # no "add" page


def admin_urls_of(model, obj) -> list[str]:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist")]
    if model._meta.label not in WRITTEN_ON_THE_PAGES | RECORDED_BY_LOGINS:
        urls.append(reverse(f"{name}_add"))
    if obj is not None:
        urls += [
            reverse(f"{name}_change", args=[obj.pk]),
            reverse(f"{name}_history", args=[obj.pk]),
        ]
        if hasattr(model, "history"):
            version = obj.history.first()
            urls.append(reverse(f"{name}_simple_history", args=[obj.pk, version.pk]))
    return urls


def test_every_admin_page_renders_for_the_beheerder(client, admin_user):
    from demo.rounds import load_round

    plan, _report = load_plan_file()
    cel = create_demo_users()["cel"]
    load_proposals(plan, by=cel)
    load_round(plan, by=cel)
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        obj = model._default_manager.first()
        for url in admin_urls_of(model, obj):
            response = client.get(url)
            assert response.status_code == 200, url


def test_admin_speaks_dutch(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:plans_action_changelist")).content.decode()
    assert "Acties" in page and "stand in het plan" in page.lower()


def test_admin_carries_the_products_header_and_colours(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    # the product's name leads home, as in the product's own header; Beheer leads to the admin index
    assert f'<a class="brand" href="{reverse("plans:home")}">Strategisch plan</a>' in page
    assert f'<a class="section-name" href="{reverse("admin:index")}">Beheer</a>' in page
    assert "css/admin.css" in page


def test_actions_list_in_natural_order(client, admin_user):
    action_plan = ActionPlanFactory(number="10")
    for number in ["10.10", "10.2", "10.1"]:
        ActionFactory(action_plan=action_plan, number=number)
    client.force_login(admin_user)
    response = client.get(reverse("admin:plans_action_changelist"))
    assert [a.number for a in response.context["cl"].result_list] == ["10.1", "10.2", "10.10"]


def test_action_plans_list_in_natural_order(client, admin_user):
    first = ActionPlanFactory(number="100")
    for number in ["9", "460", "10"]:
        ActionPlanFactory(plan=first.plan, number=number)
    client.force_login(admin_user)
    response = client.get(reverse("admin:plans_actionplan_changelist"))
    assert [a.number for a in response.context["cl"].result_list] == ["9", "10", "100", "460"]


def test_status_lists_in_the_admin_are_named_after_their_row(client, admin_user):
    ActionFactory(action_plan=ActionPlanFactory(number="10"), number="10.2")
    client.force_login(admin_user)
    page = client.get(reverse("admin:plans_action_changelist")).content.decode()
    assert 'aria-label="Status van Actie 10.2"' in page


def test_search_on_number_and_title(client, admin_user):
    action_plan = ActionPlanFactory(number="40", title="We stimuleren mantelzorg.")
    ActionPlanFactory(plan=action_plan.plan, number="140", title="We ondersteunen gezinnen.")
    client.force_login(admin_user)
    url = reverse("admin:plans_actionplan_changelist")
    assert [a.number for a in client.get(url, {"q": "40"}).context["cl"].result_list] == ["40"]
    assert [a.number for a in client.get(url, {"q": "mantelzorg"}).context["cl"].result_list] == ["40"]


def changelist_post(objects, status_of) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(objects)),
        "form-INITIAL_FORMS": str(len(objects)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Opslaan",
    }
    for index, obj in enumerate(objects):
        data[f"form-{index}-id"] = str(obj.pk)
        data[f"form-{index}-status"] = status_of(obj)
        data[f"form-{index}-loaded_version"] = str(obj.version)
    return data


def test_status_is_editable_straight_from_the_action_list(client, cel_user):
    action = ActionFactory()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_changelist"),
        changelist_post([action], lambda _: Status.IN_PROGRESS),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    latest = action.history.first()
    assert latest.history_user == cel_user
    assert latest.prev_record.status == Status.NOT_STARTED


def test_unknown_status_from_the_list_is_refused_and_nothing_changes(client, cel_user):
    action = ActionFactory()
    before = row_counts()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_changelist"), changelist_post([action], lambda _: "klaar")
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert row_counts() == before


def test_duplicate_number_in_the_admin_form_is_refused_in_dutch(client, cel_user):
    existing = ActionPlanFactory(number="40")
    before = row_counts()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_actionplan_add"),
        {
            "plan": existing.plan.pk,
            "number": "40",
            "title": "Dubbel",
            "status": Status.NOT_STARTED,
            "life_cycle": LifeCycle.ACTIVE,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Dit plan heeft al een actieplan met dit nummer" in response.content.decode()
    assert row_counts() == before


def test_inline_action_with_a_number_of_another_action_plan_is_refused(client, cel_user):
    action_plan = ActionPlanFactory(number="40")
    before = row_counts()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_actionplan_change", args=[action_plan.pk]),
        {
            "plan": action_plan.plan.pk,
            "number": "40",
            "title": action_plan.title,
            "status": Status.NOT_STARTED,
            "life_cycle": LifeCycle.ACTIVE,
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-number": "41.1",
            "actions-0-title": "Verkeerd",
            "actions-0-status": Status.NOT_STARTED,
        },
    )
    assert response.status_code == 200
    assert "Actie 41.1 hoort niet bij actieplan 40" in response.content.decode()
    assert row_counts() == before


def test_new_action_plan_with_an_inline_action_of_another_number_is_refused(client, cel_user):
    plan = ActionPlanFactory().plan
    before = row_counts()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_actionplan_add"),
        {
            "plan": plan.pk,
            "number": "500",
            "title": "Nieuw",
            "status": Status.NOT_STARTED,
            "life_cycle": LifeCycle.ACTIVE,
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-number": "50.1",
            "actions-0-title": "Verkeerd",
            "actions-0-status": Status.NOT_STARTED,
        },
    )
    assert response.status_code == 200
    assert "Actie 50.1 hoort niet bij actieplan 500" in response.content.decode()
    assert row_counts() == before


def test_new_action_plan_with_its_actions_inline(client, cel_user):
    plan = ActionPlanFactory().plan
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_actionplan_add"),
        {
            "plan": plan.pk,
            "number": "500",
            "title": "Nieuw actieplan",
            "status": Status.NOT_STARTED,
            "life_cycle": LifeCycle.ACTIVE,
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-number": "500.1",
            "actions-0-title": "Eerste",
            "actions-0-status": Status.IN_PROGRESS,
            "actions-1-number": "500.10",
            "actions-1-title": "Tiende",
            "actions-1-status": Status.NOT_STARTED,
        },
    )
    assert response.status_code == 302
    new = ActionPlan.objects.get(number="500")
    assert list(new.actions.values_list("number", flat=True)) == ["500.1", "500.10"]
    assert all(a.history.get().history_user == cel_user for a in new.actions.all())


def test_end_year_before_start_year_in_the_admin_is_refused(client, cel_user):
    action = ActionFactory()
    before = row_counts()
    client.force_login(cel_user)
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        {
            "action_plan": action.action_plan.pk,
            "number": action.number,
            "title": action.title,
            "status": action.status,
            "start_year": "2018",
            "end_year": "2016",
            "life_cycle": LifeCycle.ACTIVE,
        },
    )
    assert response.status_code == 200
    assert "Het eindjaar (2016) ligt vóór het startjaar (2018)" in response.content.decode()
    assert row_counts() == before


def test_merge_into_an_action_of_another_plan_is_refused_in_the_admin(client, admin_user):
    action_plan, elsewhere = ActionPlanFactory(number="10"), ActionFactory()
    before = row_counts()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_action_add"),
        {
            "action_plan": action_plan.pk,
            "number": "10.1",
            "title": "Nieuw",
            "status": Status.NOT_STARTED,
            "life_cycle": LifeCycle.MERGED,
            "life_cycle_date": "06/12/2017",
            "merged_into": elsewhere.pk,
        },
    )
    assert response.status_code == 200
    assert f"Actie {elsewhere.number} hoort bij een ander plan" in response.content.decode()
    assert row_counts() == before


def test_wording_and_life_cycle_of_existing_items_change_only_by_proposal(client, admin_user):
    action = ActionFactory(title="Oorspronkelijke titel")
    client.force_login(admin_user)
    url = reverse("admin:plans_action_change", args=[action.pk])
    assert "Wijzigt enkel door een doorgevoerd wijzigingsvoorstel" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action_plan": action.action_plan.pk,
            "number": action.number,
            "title": "Stiekem anders",
            "status": Status.IN_PROGRESS,
            "life_cycle": LifeCycle.REMOVED,
            "life_cycle_date": "06/12/2017",
            "loaded_version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.life_cycle, action.status) == (
        "Oorspronkelijke titel",
        LifeCycle.ACTIVE,
        Status.IN_PROGRESS,
    )


def test_nobody_can_hard_delete_from_the_admin(client, admin_user):
    action = ActionFactory()
    client.force_login(admin_user)
    response = client.post(reverse("admin:plans_action_delete", args=[action.pk]), {"post": "yes"})
    assert response.status_code == 403
    changelist = client.get(reverse("admin:plans_action_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert Action.objects.filter(pk=action.pk).exists()


def test_removing_a_project_from_the_admin_is_a_life_cycle_change(client, admin_user):
    project = ProjectFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_project_changelist"),
        {"action": "remove_selected", "_selected_action": [project.pk]},
        follow=True,
    )
    assert "1 item geschrapt." in response.content.decode()
    project.refresh_from_db()
    assert project.life_cycle == LifeCycle.REMOVED
    assert project.history.first().history_change_reason == "geschrapt via beheer"
    assert project.history.first().history_user == admin_user
    assert Project.objects.filter(pk=project.pk).exists()


def test_history_page_shows_who_changed_what_from_what_to_what(client, cel_user):
    action = ActionFactory()
    client.force_login(cel_user)
    client.post(
        reverse("admin:plans_action_changelist"),
        changelist_post([action], lambda _: Status.REGULAR),
    )
    page = client.get(reverse("admin:plans_action_history", args=[action.pk])).content.decode()
    assert "Gewijzigd door" in page and "cel" in page
    assert "niet gestart" in page and "regulier" in page
    assert "Wijzigingen" in page


def test_admin_header_shows_the_users_role(client, cel_user):
    client.force_login(cel_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "(strategische cel)" in page
    # not the owners' "Mijn acties": the sidebar lists one's own edits in beheer
    assert "Mijn wijzigingen in beheer" in page and "Mijn acties" not in page


def test_admin_save_on_an_outdated_copy_is_refused(client, cel_user, admin_user):
    action = ActionFactory()
    loaded = action.version
    edit_item(action, by=admin_user, status=Status.COMPLETED, explanation="Intussen door de beheerder.")
    before = row_counts()
    client.force_login(cel_user)
    form = {
        "action_plan": action.action_plan.pk,
        "number": action.number,
        "title": "Mijn titel",
        "status": Status.ON_HOLD,
        "life_cycle": LifeCycle.ACTIVE,
        "loaded_version": loaded,
    }
    response = client.post(reverse("admin:plans_action_change", args=[action.pk]), form)
    assert response.status_code == 200
    assert f"Actie {action.number} werd intussen gewijzigd door beheerder" in response.content.decode()
    assert row_counts() == before
    action.refresh_from_db()
    assert action.explanation == "Intussen door de beheerder."


def test_status_from_the_list_on_an_outdated_copy_is_refused(client, cel_user, admin_user):
    action = ActionFactory()
    client.force_login(cel_user)
    page = client.get(reverse("admin:plans_action_changelist")).content.decode()
    assert 'name="form-0-loaded_version" value="1"' in page
    edit_item(action, by=admin_user, status=Status.COMPLETED)
    before = row_counts()
    data = changelist_post([action], lambda _: Status.ON_HOLD) | {"form-0-loaded_version": "1"}
    response = client.post(reverse("admin:plans_action_changelist"), data)
    assert response.status_code == 200
    assert "werd intussen gewijzigd door beheerder" in response.content.decode()
    assert row_counts() == before


# --- BBC 2020 in the admin -------------------------------------------------------------------------


def test_the_beheerder_adds_an_entity_with_history(client, admin_user):
    from plans.models import Entity
    from tests.factories import PlanFactory

    plan = PlanFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_entity_add"), {"plan": plan.pk, "code": "AGB", "name": "AGB Sport"}
    )
    assert response.status_code == 302
    entity = Entity.objects.get(plan=plan, code="AGB")
    assert entity.history.get().history_user == admin_user
    page = client.get(reverse("admin:plans_entity_history", args=[entity.pk])).content.decode()
    assert "beheerder" in page


def test_the_action_form_offers_only_the_plans_entities_and_shows_the_bbc_fields(client, admin_user):
    from tests.factories import EntityFactory

    action = ActionFactory()
    own = EntityFactory(plan=action.action_plan.plan, name="Gemeente Eigen")
    EntityFactory(name="OCMW Ander plan")
    client.force_login(admin_user)
    response = client.get(reverse("admin:plans_action_change", args=[action.pk]))
    page = response.content.decode()
    assert "Gemeente Eigen" in page and "OCMW Ander plan" not in page
    for field in ("priority", "entity", "policy_field", "external_code"):
        assert f'name="{field}"' in page
    assert list(response.context["adminform"].form.fields["entity"].queryset) == [own]
    page = client.get(reverse("admin:plans_actionplan_change", args=[action.action_plan.pk])).content.decode()
    assert 'name="priority"' in page and 'name="external_code"' in page


def test_an_amount_outside_the_plans_years_is_refused_in_dutch_and_nothing_changes(client, admin_user):
    from tests.helpers import database_state

    action = ActionFactory(action_plan__plan__start_year=2026, action_plan__plan__end_year=2031)
    client.force_login(admin_user)
    before = database_state()
    form = {
        "action": action.pk,
        "kind": "raming",
        "year": 2032,
        "category": "E",
        "direction": "uitgave",
        "amount": "1000",
        "source": "",
    }
    response = client.post(reverse("admin:plans_amount_add"), form)
    assert response.status_code == 200
    assert "Het jaar 2032 valt buiten het plan (2026–2031)" in response.content.decode()
    assert database_state() == before
    response = client.post(reverse("admin:plans_amount_add"), form | {"year": 2027})
    assert response.status_code == 302
    assert action.amounts.get().history.get().history_user == admin_user
