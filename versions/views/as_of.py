"""The plan as of a date (``?op=`` on every plan page) and one version's pages (/versies/<nummer>/).

Read-only: no forms, no save buttons; statuses as text. The plans and indicators views call ``part``
first thing when ``op`` is asked (plans/page_parts.py); the version pages show a version by its number.
Thin: what a page shows of a version is ``versions/as_of.py``.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from plans import features
from plans.models import Category, Plan
from versions import as_of
from versions.models import ItemKind, PlanVersion
from versions.views.common import plan_for

LIVE_PAGES = {
    "overview": "plans:overview",
    "action_plan": "plans:action_plan_status",
    "timeline": "plans:timeline",
    "finances": "plans:finances",
    "indicators": "indicators:list",
    "indicator": "indicators:detail",
}


@dataclass
class Seen:
    """Which version a page shows and how it was asked: on a date (``?op=``) or by its number; the
    links between the read-only pages keep to it."""

    plan: Plan
    version: PlanVersion
    on: datetime.date | None  # None: the version page (/versies/<nummer>/)
    live_url: str  # the same page, current

    def _dated(self, name: str, *args) -> str:
        return f"{reverse(name, args=[self.plan.slug, *args])}?{urlencode({'op': self.on.isoformat()})}"

    def _versioned(self, name: str, *args) -> str:
        return reverse(name, args=[self.plan.slug, self.version.number, *args])

    def overview_url(self) -> str:
        return self._dated("plans:overview") if self.on else self._versioned("versions:version")

    def action_plan_url(self, number: str) -> str:
        if self.on:
            return self._dated("plans:action_plan_status", number)
        return self._versioned("versions:version_action_plan", number)

    def item_url(self, kind: str, item_id: int) -> str:
        """An actie's page as of the date (its timeline's ``?op=``); on a version page, the date the
        version was adopted when it is the one in force that day."""
        on = self.on or self.version.council_date
        url = reverse("plans:timeline", args=[self.plan.slug, kind, item_id])
        return f"{url}?{urlencode({'op': on.isoformat()})}"

    def finances_url(self) -> str:
        return self._dated("plans:finances") if self.on else self._versioned("versions:version_finances")

    def indicators_url(self) -> str:
        return self._dated("indicators:list") if self.on else self._versioned("versions:version_indicators")

    def indicator_url(self, item_id: int) -> str:
        if self.on:
            return self._dated("indicators:detail", item_id)
        return self._versioned("versions:version_indicator", item_id)


def _features(plan: Plan) -> dict:
    return {
        "with_priorities": features.uses(plan, features.Feature.PRIORITIES),
        "with_money": features.uses(plan, features.Feature.MONEY),
        "with_indicators": features.uses(plan, features.Feature.INDICATORS),
    }


def _show(request: HttpRequest, seen: Seen, page: str, **kwargs) -> HttpResponse:
    plan, version = seen.plan, seen.version
    uses = _features(plan)
    context = {"plan": plan, "version": version, "seen": seen, "page_name": page, **uses}
    context["links"] = {
        "overview": seen.overview_url(),
        "finances": seen.finances_url() if uses["with_money"] else "",
        "indicators": seen.indicators_url() if uses["with_indicators"] else "",
    }
    if page == "overview":
        shown = as_of.overview(version, request.GET.get("pagina"), with_priorities=uses["with_priorities"])
        for group in shown.groups:
            for item in group.action_plans:
                item.url = seen.action_plan_url(item.number)
        base = {"op": seen.on.isoformat()} if seen.on else {}
        context |= {"shown": shown, "page": shown.page, "filters": urlencode(base)}
        return render(request, "versions/as_of_overview.html", context)
    if page == "action_plan":
        shown = as_of.action_plan(version, kwargs["number"], with_priorities=uses["with_priorities"])
        if shown is None:
            return _refused(request, seen.plan, seen.live_url, _not_held(version), status=404)
        for action in shown.actions:
            action.url = seen.item_url(ItemKind.ACTION, action.item_id)
        context |= {"shown": shown}
        return render(request, "versions/as_of_action_plan.html", context)
    if page == "timeline":
        shown = as_of.item(version, kwargs["kind"], kwargs["pk"])
        if shown is None:
            return _refused(request, seen.plan, seen.live_url, _not_held(version), status=404)
        if shown.parent is not None:
            shown.parent.url = seen.action_plan_url(shown.parent.number)
        context |= {"shown": shown, "kind": kwargs["kind"]}
        return render(request, "versions/as_of_item.html", context)
    if page == "finances":
        if not uses["with_money"]:
            raise Http404
        shown = as_of.finances(version, with_priorities=uses["with_priorities"])
        for block in shown.goals:
            for line in block.action_plans:
                line.url = seen.action_plan_url(line.item.number)
        context |= {"overview": shown, "categories": Category.choices}
        return render(request, "versions/as_of_finances.html", context)
    if not uses["with_indicators"]:
        raise Http404
    if page == "indicators":
        lines = as_of.indicators(version)
        for line in lines:
            line.url = seen.indicator_url(line.item.item_id)
        context |= {"lines": lines, "years": [year for year, _target in lines[0].targets] if lines else []}
        return render(request, "versions/as_of_indicators.html", context)
    shown = as_of.indicator(version, kwargs["pk"])
    if shown is None:
        return _refused(request, seen.plan, seen.live_url, _not_held(version), status=404)
    context |= {"line": shown}
    return render(request, "versions/as_of_indicator.html", context)


def _not_held(version: PlanVersion) -> str:
    return gettext(
        "Versie %(number)s (%(name)s) bevat dit item niet: het bestond toen nog niet. "
        "Bekijk het huidige plan of kies een latere datum."
    ) % {"number": version.number, "name": version.name}


def _refused(request: HttpRequest, plan: Plan, live_url: str, message: str, *, status: int) -> HttpResponse:
    context = {"plan": plan, "message": message, "live_url": live_url, "asked": request.GET.get("op", "")}
    return render(request, "versions/as_of_refused.html", context, status=status)


def _live_url(request: HttpRequest, plan: Plan, page: str, **kwargs) -> str:
    args = {
        "overview": [],
        "action_plan": [kwargs.get("number")],
        "timeline": [kwargs.get("kind"), kwargs.get("pk")],
        "finances": [],
        "indicators": [],
        "indicator": [kwargs.get("pk")],
    }[page]
    return reverse(LIVE_PAGES[page], args=[plan.slug, *args])


def part(request: HttpRequest, plan: Plan, page: str, **kwargs) -> HttpResponse:
    """A plans page as of ``?op=``: the version in force that day, read-only; a date before the first
    version, an unreadable date or a plan without versions answers 422 with the Dutch message."""
    live_url = _live_url(request, plan, page, **kwargs)
    try:
        version = as_of.version_on(plan, request.GET["op"])
    except ValidationError as error:
        return _refused(request, plan, live_url, " ".join(error.messages), status=422)
    return _show(request, Seen(plan, version, version_date(request), live_url), page, **kwargs)


def version_date(request: HttpRequest) -> datetime.date:
    return datetime.date.fromisoformat(request.GET["op"].strip())


def _version(request: HttpRequest, slug: str, number: int) -> tuple[Plan, PlanVersion]:
    plan = plan_for(request, slug)
    version = as_of.adopted_version(plan, number)
    if version is None:  # unknown, or in ontwerp: no snapshot yet
        raise Http404
    return plan, version


@require_safe
def version_overview(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan, version = _version(request, slug, number)
    return _show(request, Seen(plan, version, None, reverse("plans:overview", args=[slug])), "overview")


@require_safe
def version_action_plan(request: HttpRequest, slug: str, number: int, action_plan: str) -> HttpResponse:
    plan, version = _version(request, slug, number)
    live = reverse("plans:action_plan_status", args=[slug, action_plan])
    return _show(request, Seen(plan, version, None, live), "action_plan", number=action_plan)


@require_safe
def version_finances(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan, version = _version(request, slug, number)
    return _show(request, Seen(plan, version, None, reverse("plans:finances", args=[slug])), "finances")


@require_safe
def version_indicators(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan, version = _version(request, slug, number)
    return _show(request, Seen(plan, version, None, reverse("indicators:list", args=[slug])), "indicators")


@require_safe
def version_indicator(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    plan, version = _version(request, slug, number)
    live = reverse("indicators:detail", args=[slug, pk])
    return _show(request, Seen(plan, version, None, live), "indicator", pk=pk)


urlpatterns = [
    path("plannen/<slug:slug>/versies/<int:number>/", version_overview, name="version"),
    path(
        "plannen/<slug:slug>/versies/<int:number>/actieplannen/<str:action_plan>/",
        version_action_plan,
        name="version_action_plan",
    ),
    path("plannen/<slug:slug>/versies/<int:number>/financien/", version_finances, name="version_finances"),
    path(
        "plannen/<slug:slug>/versies/<int:number>/indicatoren/", version_indicators, name="version_indicators"
    ),
    path(
        "plannen/<slug:slug>/versies/<int:number>/indicatoren/<int:pk>/",
        version_indicator,
        name="version_indicator",
    ),
]
