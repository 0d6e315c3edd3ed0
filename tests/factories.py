from decimal import Decimal

import factory
from django_scopes import scopes_disabled

from core import changes
from indicators.models import Indicator, Kind
from organisations.models import Organisation
from plans.models import (
    Action,
    ActionPlan,
    Amount,
    AmountKind,
    Category,
    Direction,
    Entity,
    Goal,
    Plan,
    PolicyField,
    Project,
)


class RecordFactory(factory.django.DjangoModelFactory):
    """Records made the one way the plan is written: ``core/changes.py``."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return changes.save(model_class(*args, **kwargs), by=None, reason="")


def default_organisation() -> Organisation:
    """The organisation of the tests' plans and users unless a test says otherwise: the one the
    Turnhout demo loads into, so demo plans and made users meet."""
    with scopes_disabled():
        found = Organisation.objects.filter(slug="ocmw-turnhout").first()
        return found or changes.save(Organisation(name="OCMW Turnhout", slug="ocmw-turnhout"), by=None)


class OrganisationFactory(RecordFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class PlanFactory(RecordFactory):
    class Meta:
        model = Plan

    organisation = factory.LazyFunction(default_organisation)
    name = "Strategisch plan 2020–2025"
    authority = factory.Sequence(lambda n: f"Gemeente {n}")
    start_year = 2020
    end_year = 2025
    slug = factory.Sequence(lambda n: f"plan-{n}")


class GoalFactory(RecordFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: f"SD{n + 1}")
    title = "We bestrijden armoede."


class ActionPlanFactory(RecordFactory):
    class Meta:
        model = ActionPlan

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str((n + 1) * 10))
    title = "We stimuleren zelfhulp."


class ActionFactory(RecordFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.action_plan.number}.{n + 1}")
    title = "We organiseren budgetbegeleiding."


class ProjectFactory(RecordFactory):
    class Meta:
        model = Project

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Project {n}")


class EntityFactory(RecordFactory):
    class Meta:
        model = Entity

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"ENT{n}")
    name = factory.Sequence(lambda n: f"Entiteit {n}")


class PolicyFieldFactory(RecordFactory):
    class Meta:
        model = PolicyField

    code = factory.Sequence(lambda n: f"{n:04d}")
    name = factory.Sequence(lambda n: f"Beleidsveld {n}")


class AmountFactory(RecordFactory):
    class Meta:
        model = Amount

    action = factory.SubFactory(ActionFactory)
    kind = AmountKind.ESTIMATE
    year = 2020
    category = Category.OPERATING
    direction = Direction.EXPENSE
    amount = Decimal("1000.00")


class IndicatorFactory(RecordFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Aantal inwoners onder de armoedegrens {n}")
    kind = Kind.NUMBER
    unit = "inwoners"


def edit_item(item, *, by, **edits):
    """Set status/explanation as an editor who has the item's current values in front of them."""
    from plans.editing import set_status

    item.refresh_from_db()
    seen = {name: getattr(item, name) for name in ("status", "explanation")}
    return set_status(item, edits=edits, seen=seen, version=item.version, by=by)
