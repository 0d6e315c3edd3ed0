"""The scoping adapter (core/scoping.py): every way a query reads rows answers for the organisation in
scope only, and raises outside a scope. The adapter applies the scope when the query runs, through
QuerySet internals; the first tests fail loudly when a Django upgrade changes them."""

import asyncio
import contextvars
import inspect
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections
from django.db.models import Count
from django.db.models.query import QuerySet
from django.db.models.sql import Query
from django_scopes import ScopeError, scope, scopes_disabled

from core.scoping import ScopedQuerySet
from plans.models import Plan
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db

REVIEW = "Django changed a QuerySet internal that core/scoping.py relies on: review the adapter."

# Every public QuerySet method of this Django, sorted by what the adapter does with it. A method
# Django adds is not in any group: the test below then fails until someone has decided where it goes.
BUILDS_A_QUERY = {  # the scope is applied later, when the result is read
    "alias", "all", "annotate", "complex_filter", "dates", "datetimes", "defer", "difference", "distinct",
    "exclude", "extra", "filter", "intersection", "none", "only", "order_by", "prefetch_related",
    "reverse", "select_for_update", "select_related", "union", "using", "values", "values_list",
}  # fmt: skip
READS_THROUGH_FETCH_ALL = {  # evaluated by _fetch_all or _iterator, which apply the scope
    "earliest", "first", "get", "in_bulk", "iterator", "last", "latest", "contains",
    "aearliest", "afirst", "aget", "ain_bulk", "alast", "alatest", "acontains",
}  # fmt: skip
OVERRIDDEN = {"count", "exists", "aggregate", "update", "delete", "explain", "aiterator"}
SCOPED_BY_OVERRIDE = OVERRIDDEN | {  # and their async twins, which call them
    "acount", "aexists", "aaggregate", "aupdate", "adelete", "aexplain",
}  # fmt: skip
WRITES = {  # writes: the write path (core/changes.py) checks the organisation of what it saves
    "bulk_create", "bulk_update", "create", "get_or_create", "update_or_create",
    "abulk_create", "abulk_update", "acreate", "aget_or_create", "aupdate_or_create",
}  # fmt: skip
NOT_SCOPED = {  # known limits: raw SQL is never scoped (the code has none); a query used inside another
    # (resolve_expression) takes the outer query's scope, not its own
    "raw", "resolve_expression",
    "as_manager", "db", "ordered", "query",  # no query of their own
}  # fmt: skip


@pytest.fixture
def two_plans():
    ours, theirs = OrganisationFactory(name="Ons bestuur"), OrganisationFactory(name="Ander bestuur")
    return PlanFactory(organisation=ours, name="Ons plan"), PlanFactory(organisation=theirs, name="Hun plan")


def test_the_querysets_internals_that_the_adapter_overrides_are_still_there():
    assert list(inspect.signature(QuerySet._clone).parameters) == ["self"], REVIEW
    assert list(inspect.signature(QuerySet._fetch_all).parameters) == ["self"], REVIEW
    assert list(inspect.signature(QuerySet._iterator).parameters) == [
        "self",
        "use_chunked_fetch",
        "chunk_size",
    ], REVIEW
    assert list(inspect.signature(QuerySet.aiterator).parameters) == ["self", "chunk_size"], REVIEW
    assert "combined_queries" in vars(Query) or hasattr(Query(Plan), "combined_queries"), REVIEW
    assert "_result_cache" in vars(Plan.objects.all()), REVIEW


def test_every_public_queryset_method_has_been_reviewed_for_the_scope():
    public = {name for name in dir(QuerySet) if not name.startswith("_")}
    groups = [BUILDS_A_QUERY, READS_THROUGH_FETCH_ALL, SCOPED_BY_OVERRIDE, WRITES, NOT_SCOPED]
    reviewed = set().union(*groups)
    assert public - reviewed == set(), f"{REVIEW} New methods: {sorted(public - reviewed)}"
    assert reviewed - public == set(), f"{REVIEW} Gone: {sorted(reviewed - public)}"
    assert sum(len(group) for group in groups) == len(reviewed)  # each in one group only


def test_the_overridden_methods_are_those_the_review_names():
    overridden = {name for name in vars(ScopedQuerySet) if not name.startswith("_")} - {
        "across_organisations",
        "scope_path",
    }
    assert overridden == OVERRIDDEN


READS = {
    "list": lambda qs: [plan.name for plan in qs],
    "iterator": lambda qs: [plan.name for plan in qs.iterator(chunk_size=1)],
    "count": lambda qs: qs.count(),
    "len": lambda qs: len(qs),
    "exists": lambda qs: qs.filter(name="Hun plan").exists(),
    "aggregate": lambda qs: qs.aggregate(n=Count("pk"))["n"],
    "values_list": lambda qs: list(qs.values_list("name", flat=True)),
    "values": lambda qs: [row["name"] for row in qs.values("name")],
    "slice": lambda qs: [plan.name for plan in qs.order_by("name")[:5]],
    "first": lambda qs: qs.order_by("-name").first().name,
    "in_bulk": lambda qs: sorted(plan.name for plan in qs.in_bulk().values()),
    "union": lambda qs: sorted({p.name for p in qs.order_by().filter(name="Ons plan").union(qs.order_by())}),
    "annotate": lambda qs: [plan.name for plan in qs.annotate(goal_count=Count("goals"))],
}


def _names_read_async(queryset) -> list[str]:
    """Reads in an event loop on a thread of its own, carrying the scope (a context variable) along:
    the test's own thread may already run a loop (Playwright's, after a browser test in this worker)."""
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(context.run, asyncio.run, _names_async(queryset)).result()


async def _names_async(queryset) -> list[str]:
    try:
        return [plan.name async for plan in queryset.aiterator()]
    finally:
        await sync_to_async(connections.close_all)()  # the async reads' thread keeps its own connection


@pytest.mark.parametrize("read", READS)
def test_each_way_of_reading_sees_only_the_organisation_in_scope(two_plans, read):
    ours, _theirs = two_plans
    with scope(organisation=ours.organisation_id):
        result = READS[read](Plan.objects.all())
    assert result in (["Ons plan"], 1, False, "Ons plan"), result


@pytest.mark.parametrize("read", READS)
def test_each_way_of_reading_raises_outside_a_scope(two_plans, read):
    with scope(), pytest.raises(ScopeError):
        READS[read](Plan.objects.all())


@pytest.mark.django_db(transaction=True)  # the async reads run on a connection of their own
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database is not shared with the async reads' thread; runs on PostgreSQL",
)
def test_the_async_iterator_sees_only_the_organisation_in_scope_and_raises_outside_one(two_plans):
    ours, _theirs = two_plans
    with scope(organisation=ours.organisation_id):
        assert _names_read_async(Plan.objects.all()) == ["Ons plan"]
    with scope(), pytest.raises(ScopeError):
        _names_read_async(Plan.objects.all())


def test_the_other_organisations_row_is_not_found_by_its_key(two_plans):
    ours, theirs = two_plans
    with scope(organisation=ours.organisation_id), pytest.raises(Plan.DoesNotExist):
        Plan.objects.get(pk=theirs.pk)


def test_an_update_in_scope_changes_only_the_own_rows(two_plans):
    ours, _theirs = two_plans
    with scope(organisation=ours.organisation_id):
        assert Plan.objects.update(name="Gewijzigd") == 1
    with scopes_disabled():
        assert sorted(Plan.objects.values_list("name", flat=True)) == ["Gewijzigd", "Hun plan"]


def test_a_queryset_built_outside_a_scope_answers_for_the_scope_it_is_read_in(two_plans):
    """Why the scope is applied when the query runs: a form's choices are built at import time."""
    ours, theirs = two_plans
    with scope():
        built_early = Plan.objects.order_by("name")
    with scope(organisation=theirs.organisation_id):
        assert [plan.name for plan in built_early.all()] == ["Hun plan"]
    with scope(organisation=ours.organisation_id):
        assert [plan.name for plan in built_early.all()] == ["Ons plan"]


def test_several_organisations_in_scope_see_each_others_rows_and_disabled_scopes_see_all(two_plans):
    ours, theirs = two_plans
    with scope(organisation=[ours.organisation_id, theirs.organisation_id]):
        assert Plan.objects.count() == 2
    with scopes_disabled():
        assert Plan.objects.count() == 2
