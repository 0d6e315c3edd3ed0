"""Every record of an organisation is read through a manager scoped to it.

The scope itself is django-scopes' (``scope(organisation=…)``, ``scopes_disabled()``): inside a
request the middleware (``organisations/middleware.py``) opens the scope of the organisation the
user acts in; commands, the demo and the bench open a scope or disable it explicitly. A query on a
scoped model outside any scope raises ``ScopeError`` instead of returning another organisation's rows.

The scope is applied when the query *runs*, not when the queryset is built (django-scopes' own
manager does the latter): querysets built at import time, such as a ModelForm's choice fields,
then still answer only for the organisation of the request that evaluates them. Foreign keys are
followed unscoped (Django's base manager), which is safe: the record they start from was found in
scope.

Applying the scope at run time means overriding QuerySet internals (``_clone``, ``_fetch_all``,
``_iterator``) and the public methods that read without them. ``tests/core/test_scoping.py`` holds
the contract: it fails when Django changes those internals or adds a public QuerySet method nobody
has sorted yet, and it reads rows every way a queryset can, in a scope and outside one. Known limits:
a scoped queryset used inside another query (a subquery) takes the outer query's scope, and raw SQL
is never scoped.
"""

from django.db import models
from django.db.models import Q
from django_scopes import ScopeError, get_scope

DIMENSION = "organisation"


class ScopedQuerySet(models.QuerySet):
    scope_path = "pk"  # set per model by scoped_manager()

    def _clone(self):
        clone = super()._clone()
        clone._scope_applied = getattr(self, "_scope_applied", False)
        return clone

    def _apply_scope(self) -> None:
        if getattr(self, "_scope_applied", False):
            return
        state = get_scope()
        if not state.get("_enabled", True):
            return
        if DIMENSION not in state:
            raise ScopeError(f"{self.model.__name__}: query outside an organisation's scope")
        value = state[DIMENSION]
        if value is not None:
            lookup = f"{self.scope_path}__in" if isinstance(value, list | tuple | set) else self.scope_path
            for query in self.query.combined_queries or (self.query,):
                query.add_q(Q(**{lookup: value}))
        self._scope_applied = True

    def across_organisations(self):
        """This query unscoped, on purpose: a uniqueness check over the whole installation, or the
        middleware finding which organisation a URL's plan belongs to. Never to show rows."""
        clone = self._chain()
        clone._scope_applied = True
        return clone

    def _fetch_all(self):
        if self._result_cache is None:
            self._apply_scope()
        super()._fetch_all()

    def _iterator(self, use_chunked_fetch, chunk_size):
        self._apply_scope()
        yield from super()._iterator(use_chunked_fetch, chunk_size)

    async def aiterator(self, chunk_size=2000):
        self._apply_scope()  # Django's aiterator reads through neither _fetch_all nor _iterator
        async for row in super().aiterator(chunk_size):
            yield row

    def count(self):
        if self._result_cache is None:
            self._apply_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._apply_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._apply_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._apply_scope()
        return super().update(**kwargs)

    def delete(self):
        self._apply_scope()
        return super().delete()

    def explain(self, **options):
        self._apply_scope()
        return super().explain(**options)


def scoped_manager(path: str, queryset: type[models.QuerySet] = models.QuerySet) -> models.Manager:
    """A manager whose queries hold only the rows whose ``path`` leads to the organisation in scope."""
    scoped = type(f"Scoped{queryset.__name__}", (ScopedQuerySet, queryset), {"scope_path": path})
    return models.Manager.from_queryset(scoped)()
