"""The API's endpoints: all GET (and HEAD), anonymous, read through ``publicsite/editions.py``.

Addresses are stable: ``/api/v1/organisaties/<org>/plannen/<plan>/versies/<n>/acties/1.2/`` is that actie
as version ``n`` holds it, for good; ``versies/huidig/`` is the version in force. Each answer of a
version carries an ETag (the edition's key with the path and query) and Last-Modified, and is cached per
edition in Django's cache; ``Cache-Control`` follows the public site (``publicsite/views/common.py``):
an older version a day, the version in force five minutes.
"""

import hashlib
import json
from urllib.parse import quote

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_scopes import scope
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.site import absolute
from opendata.addresses import public_paths
from opendata.api import serializers as s
from opendata.api.filters import apply, chosen
from opendata.api.paging import Paging
from opendata.api.problems import NotFound
from plans.counts import StatusCounts
from publicsite import editions
from publicsite.views.common import CURRENT_SECONDS, OLDER_SECONDS, etag, last_modified
from versions.models import ItemKind, VersionState

CURRENT = "huidig"  # the version in force, in an address
LIST_SECONDS = 5 * 60  # organisations and plans: a publication may be switched on or off any time
EDITION_SECONDS = OLDER_SECONDS  # what an edition shows never changes; a new edition has a new key
PLURAL = {
    ItemKind.GOAL: "doelstellingen",
    ItemKind.ACTION_PLAN: "actieplannen",
    ItemKind.ACTION: "acties",
    ItemKind.PROJECT: "projecten",
    ItemKind.INDICATOR: "indicatoren",
}
VERSION_STATES = dict(VersionState.choices)
JSON = JSONRenderer()


# ---------------------------------------------------------------------------------------------------
# Finding what an address names, with a Dutch 404 that says where to look instead


def find_organisation(slug: str, *, publishing: bool = True):
    """The organisation by its slug; 404 unless it publishes a plan (``publishing=False``: the caller
    finds a published plan of it next, which says so)."""
    try:
        found = editions.organisation(slug)
    except Http404:
        found = None
    if found is None or (publishing and not _publishes(found)):
        raise NotFound(
            _("Er is geen organisatie “%(slug)s” die plannen publiceert. De organisaties staan op %(list)s.")
            % {"slug": slug[:60], "list": absolute(reverse("api:organisaties"))}
        )
    return found


def _publishes(organisation) -> bool:
    with scope(organisation=organisation.pk):
        return bool(editions.published_plans(organisation))


def find_plan(organisation, slug: str):
    try:
        found = editions.published_plan(organisation, slug)
    except Http404:
        raise NotFound(
            _("%(organisation)s publiceert geen plan “%(slug)s”. De gepubliceerde plannen staan op %(list)s.")
            % {
                "organisation": organisation.name,
                "slug": slug[:60],
                "list": absolute(reverse("api:plannen", args=[organisation.slug])),
            }
        ) from None
    found.organisation = organisation  # the same row, already read: the answer's addresses need its slug
    return found


def find_edition(plan, version: str) -> editions.Edition:
    try:
        return editions.edition(plan, None if version == CURRENT else int(version))
    except Http404:
        raise NotFound(
            _(
                "Het plan heeft geen vastgestelde versie %(version)s (een versie in ontwerp is niet "
                "publiek). De vastgestelde versies staan op %(list)s."
            )
            % {
                "version": version,
                "list": absolute(reverse("api:versies", args=[plan.organisation.slug, plan.slug])),
            }
        ) from None


# ---------------------------------------------------------------------------------------------------
# The JSON of each resource (serializers.py declares it)


def _code_label(code: str, labels: dict) -> dict:
    return {"code": code, "label": str(labels.get(code, code))}


def progress(counts: StatusCounts) -> dict:
    return {
        "totaal": counts.total,
        "percentage_afgewerkt": round(counts.done_share, 1),
        "per_status": [{"code": code, "label": label, "aantal": n} for code, label, n in counts.rows()],
    }


def present_organisation(organisation) -> dict:
    return {
        "slug": organisation.slug,
        "naam": organisation.name,
        "uri": absolute(reverse("public:organisation", args=[organisation.slug])),
        "plannen": absolute(reverse("api:plannen", args=[organisation.slug])),
    }


def present_plan(plan) -> dict:
    args = [plan.organisation.slug, plan.slug]
    return {
        "slug": plan.slug,
        "naam": plan.name,
        "startjaar": plan.start_year,
        "eindjaar": plan.end_year,
        "financien": plan.uses_money,
        "uri": absolute(reverse("public:plan", kwargs={"organisation": args[0], "plan": args[1]})),
        "url": absolute(reverse("api:plan", args=args)),
        "versies": absolute(reverse("api:versies", args=args)),
        "huidige_versie": absolute(reverse("api:versie", args=[*args, CURRENT])),
    }


def present_version(edition: editions.Edition) -> dict:
    version, plan = edition.version, edition.plan
    return {
        "nummer": version.number,
        "naam": version.name,
        "stand": _code_label(version.state, VERSION_STATES),
        "van_kracht": edition.is_current,
        "vastgesteld_op": version.council_date,
        "vervangen_op": edition.until,
        "rapportering": {"naam": edition.round.name, "datum": edition.round.date} if edition.round else None,
        "stand_van_zaken_op": edition.reported_on,
        "uri": absolute(
            reverse(
                "public:plan_version",
                kwargs={"organisation": plan.organisation.slug, "plan": plan.slug, "version": version.number},
            )
        ),
        "url": version_url(edition),
    }


def version_url(edition: editions.Edition) -> str:
    plan = edition.plan
    return absolute(reverse("api:versie", args=[plan.organisation.slug, plan.slug, edition.version.number]))


def _money(cells: dict) -> list[dict]:
    return [
        {"jaar": int(year), "categorie": category, "uitgave": pair[0], "ontvangst": pair[1]}
        for year, categories in sorted(cells.items())
        for category, pair in sorted(categories.items())
    ]


def present_items(edition: editions.Edition, found: list[editions.PublicItem]) -> list[dict]:
    """A page of items of one kind, in a fixed number of queries."""
    if not found:
        return []
    kind = found[0].kind
    base = f"{version_url(edition)}{PLURAL[kind]}/"
    place = editions.page_context(edition, found)
    public = public_paths(edition, kind)
    rollup = cached_rollup(edition) if kind in (ItemKind.GOAL, ItemKind.ACTION_PLAN) else None
    money = edition.plan.uses_money and kind == ItemKind.ACTION
    realised = editions.realisations(edition, [each.id for each in found]) if money else {}
    presented = []
    for each in found:
        code = each.code
        row = {
            "code": code,
            "nummer": each.number,
            "titel": each.title,
            "soort": {"code": kind, "label": each.kind_label},
            "levensloop": _code_label(each.life_cycle or "active", editions.LIFE_CYCLE_LABELS),
            "uri": absolute(public(code, each.id)),
            "url": f"{base}{quote(code, safe='')}/",
        }
        if kind != ItemKind.GOAL:
            row["status"] = {"code": each.status, "label": each.status_label}
            row["toelichting"] = each.explanation
        if kind == ItemKind.GOAL:
            row["omschrijving"] = each.description
        if kind in (ItemKind.GOAL, ItemKind.ACTION_PLAN, ItemKind.ACTION):
            row["beleidsdomein"] = place.domain.get(each.id, "")
            row["prioritair"] = place.priority.get(each.id, False)
        if kind == ItemKind.ACTION_PLAN:
            row["doelstelling"] = place.parent.get(each.id, "")
        if kind == ItemKind.ACTION:
            row["actieplan"] = place.parent.get(each.id, "")
            row["entiteit"] = each.entity
            row["beleidsveld"] = each.policy_field
            row["ramingen"] = _money(each.money) if money else None
            row["realisaties"] = _money(realised.get(each.id, {})) if money else None
        if kind in (ItemKind.ACTION_PLAN, ItemKind.ACTION):
            row["startjaar"] = each.start_year
            row["eindjaar"] = each.end_year
        if rollup is not None:
            row["voortgang"] = progress(rollup.of(each))
        if kind == ItemKind.PROJECT:
            row["actieplannen"] = place.action_plans.get(each.id, [])
            row["acties"] = place.actions.get(each.id, [])
        presented.append(row)
    return presented


def present_indicators(edition: editions.Edition, found) -> list[dict]:
    base = f"{version_url(edition)}{PLURAL[ItemKind.INDICATOR]}/"
    public = public_paths(edition, ItemKind.INDICATOR)
    presented = []
    for series in found:
        code = f"{ItemKind.INDICATOR}-{series.id}"
        presented.append(
            {
                "code": code,
                "nummer": "",
                "titel": series.name,
                "soort": _code_label(ItemKind.INDICATOR, editions.KIND_LABELS),
                "levensloop": _code_label("active", editions.LIFE_CYCLE_LABELS),
                "uri": absolute(public(code, series.id)),
                "url": f"{base}{code}/",
                "omschrijving": series.description,
                "eenheid": series.unit,
                "decimalen": series.decimals,
                "beter": series.better,
                "bron": series.source,
                "basiswaarde": (
                    {"datum": series.baseline.date, "waarde": _decimal(series.baseline.value)}
                    if series.baseline
                    else None
                ),
                "streefwaarden": [
                    {"jaar": year, "waarde": _decimal(value)}
                    for year, value in sorted(series.targets.items())
                ],
                "waarden": [
                    {"datum": point.date, "waarde": _decimal(point.value), "opmerking": point.note}
                    for point in series.points
                ],
            }
        )
    return presented


def _decimal(value) -> str:
    return format(value.normalize(), "f") if value is not None else None


def cached_rollup(edition: editions.Edition) -> editions.Rollup:
    """The progress of every goal and actieplan: two queries over the whole version, once per edition."""
    key = f"api:rollup:{edition.key}"
    found = cache.get(key)
    if found is None:
        found = editions.rollup(edition)
        cache.set(key, found, EDITION_SECONDS)
    return found


# ---------------------------------------------------------------------------------------------------
# The views


class ApiView(GenericAPIView):
    """Read only (GET, HEAD); anything else is 405 problem details (``problems.py``)."""

    http_method_names = ["get", "head"]
    pagination_class = None

    def conditional(self, request, response, *, tag: str, modified=None, seconds: int):
        """``response`` with its cache headers, or 304 when the reader holds it already."""
        not_modified = get_conditional_response(
            request, etag=tag, last_modified=int(modified.timestamp()) if modified else None
        )
        if not_modified is not None:
            response = not_modified
        response["ETag"] = tag
        if modified:
            response["Last-Modified"] = http_date(int(modified.timestamp()))
        response["Cache-Control"] = f"public, max-age={seconds}"
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
        return response


class ContentView(ApiView):
    """An answer without an edition (organisations, plans, versions): its ETag is a digest of its JSON."""

    def get(self, request, **kwargs):
        data = self.content(request, **kwargs)
        digest = hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()[:32]
        return self.conditional(request, Response(data), tag=f'"{digest}"', seconds=LIST_SECONDS)

    def content(self, request, **kwargs) -> dict:
        raise NotImplementedError


class OrganisationList(ContentView):
    serializer_class = s.Organisation
    pagination_class = Paging

    def content(self, request):
        page = self.paginate_queryset(editions.public_organisations())
        return self.get_paginated_response([present_organisation(each) for each in page]).data


class PlanList(ContentView):
    serializer_class = s.Plan
    pagination_class = Paging

    def content(self, request, organisation):
        found = find_organisation(organisation)
        with scope(organisation=found.pk):
            page = self.paginate_queryset(editions.published_plans(found))
            for each in page:
                each.organisation = found  # read already: no query per plan
            return self.get_paginated_response([present_plan(each) for each in page]).data


class PlanDetail(ContentView):
    serializer_class = s.Plan

    def content(self, request, organisation, plan):
        found = find_organisation(organisation, publishing=False)
        with scope(organisation=found.pk):
            return present_plan(find_plan(found, plan))


class VersionList(ContentView):
    serializer_class = s.Version
    pagination_class = Paging

    def content(self, request, organisation, plan):
        found = find_organisation(organisation, publishing=False)
        with scope(organisation=found.pk):
            chosen_plan = find_plan(found, plan)
            page = self.paginate_queryset(editions.versions(chosen_plan))
            return self.get_paginated_response(
                [present_version(editions.edition(chosen_plan, each.number)) for each in page]
            ).data


class EditionView(ApiView):
    """An answer about one version: 304 when the reader holds it, else from the cache when another
    reader asked the same (per edition, path and query), else read."""

    def get(self, request, organisation, plan, version, **kwargs):
        found = find_organisation(organisation, publishing=False)
        with scope(organisation=found.pk):
            edition = find_edition(find_plan(found, plan), version)
            query = sorted((name, sorted(values)) for name, values in request.GET.lists())
            tag = etag(edition, request.path, query)
            explicit = version != CURRENT
            seconds = OLDER_SECONDS if explicit and not edition.is_current else CURRENT_SECONDS
            modified = last_modified(edition)
            if (
                get_conditional_response(request, etag=tag, last_modified=int(modified.timestamp()))
                is not None
            ):
                return self.conditional(request, Response(), tag=tag, modified=modified, seconds=seconds)
            # The answer is kept rendered: a cached page is one read and no JSON encoding.
            key = f"api:{tag.strip(chr(34))}"
            body = cache.get(key)
            if body is None:
                body = JSON.render(self.content(request, edition, **kwargs))
                cache.set(key, body, EDITION_SECONDS)
            response = HttpResponse(body, content_type="application/json")
            return self.conditional(request, response, tag=tag, modified=modified, seconds=seconds)

    def content(self, request, edition, **kwargs):
        raise NotImplementedError


class VersionDetail(EditionView):
    serializer_class = s.VersionDetail

    def content(self, request, edition):
        base = version_url(edition)
        return {
            **present_version(edition),
            "plan": edition.plan.slug,
            "organisatie": edition.plan.organisation.slug,
            "voortgang": progress(cached_rollup(edition).plan),
            "voortgangsregel": str(editions.PROGRESS_RULE),
            "lijsten": {plural: f"{base}{plural}/" for plural in PLURAL.values()},
        }


class ItemList(EditionView):
    kind = ""
    pagination_class = Paging

    def content(self, request, edition):
        filters = chosen(request.query_params, self.kind)
        found = apply(edition, editions.rows(edition, self.kind), self.kind, filters)
        # Page, count and slice the ids alone (a narrow read, even for the last page of 10,000), then
        # read that page's items whole.
        ids = list(self.paginate_queryset(found.values_list("pk", flat=True)))
        page = editions.items(edition, found.filter(pk__in=ids))
        return self.get_paginated_response(present_items(edition, page)).data


class ItemDetail(EditionView):
    kind = ""

    def content(self, request, edition, code):
        return present_items(edition, [self.find(edition, code)])[0]

    def find(self, edition, code: str) -> editions.PublicItem:
        try:
            return editions.item_by_number(edition, self.kind, code)
        except Http404:
            pass
        prefix = f"{self.kind}-"
        if code.startswith(prefix) and code[len(prefix) :].isdigit():
            try:
                return editions.item(edition, self.kind, int(code[len(prefix) :]))
            except Http404:
                pass
        raise NotFound(
            _("Versie %(version)s heeft geen %(kind)s met code “%(code)s”. De lijst staat op %(list)s.")
            % {
                "version": edition.version.number,
                "kind": editions.KIND_LABELS[self.kind],
                "code": code[:60],
                "list": f"{version_url(edition)}{PLURAL[self.kind]}/",
            }
        )


class IndicatorList(EditionView):
    kind = ItemKind.INDICATOR
    serializer_class = s.Indicator
    pagination_class = Paging

    def content(self, request, edition):
        filters = chosen(request.query_params, self.kind)
        found = editions.indicators(edition)
        if "q" in filters:
            found = [each for each in found if filters["q"].lower() in each.name.lower()]
        page = self.paginate_queryset(found)
        return self.get_paginated_response(present_indicators(edition, page)).data


class IndicatorDetail(EditionView):
    kind = ItemKind.INDICATOR
    serializer_class = s.Indicator

    def content(self, request, edition, code):
        for each in editions.indicators(edition):
            if f"{self.kind}-{each.id}" == code:
                return present_indicators(edition, [each])[0]
        raise NotFound(
            _("Versie %(version)s heeft geen indicator met code “%(code)s”. De lijst staat op %(list)s.")
            % {
                "version": edition.version.number,
                "code": code[:60],
                "list": f"{version_url(edition)}{PLURAL[self.kind]}/",
            }
        )


def _kind_views(kind: str, serializer) -> tuple[type, type]:
    listed = type(f"{serializer.__name__}List", (ItemList,), {"kind": kind, "serializer_class": serializer})
    one = type(f"{serializer.__name__}Detail", (ItemDetail,), {"kind": kind, "serializer_class": serializer})
    return listed, one


GoalList, GoalDetail = _kind_views(ItemKind.GOAL, s.Goal)
ActionPlanList, ActionPlanDetail = _kind_views(ItemKind.ACTION_PLAN, s.ActionPlan)
ActionList, ActionDetail = _kind_views(ItemKind.ACTION, s.Action)
ProjectList, ProjectDetail = _kind_views(ItemKind.PROJECT, s.Project)


class NotFoundView(ApiView):
    """Any other address under /api/v1/: 404 problem details (never the site's HTML page)."""

    def get(self, request, rest=""):
        raise NotFound(
            _("Dit adres bestaat niet in de API. Begin bij %(start)s.")
            % {"start": absolute(reverse("api:docs"))}
        )
