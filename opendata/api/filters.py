"""The filters of the lists of a version's items, read from the query string and checked before anything
is read: an unknown parameter or value is refused with 400 and says which values are allowed.

- ``status`` (actieplannen, acties, projecten): one or more status codes, repeated or comma-separated;
- ``prioritair`` (doelstellingen, actieplannen, acties): ``true`` or ``false``;
- ``beleidsdomein`` (doelstellingen, actieplannen, acties): one or more of the goals' beleidsdomeinen;
- ``doelstelling`` (actieplannen) and ``actieplan`` (acties): the parent's number(s);
- ``q`` (every list): text in the number or title.
"""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opendata.api.paging import Paging
from opendata.api.problems import BadRequest
from plans.models import Status
from publicsite import editions
from versions.models import ItemKind

PAGING = (Paging.page_query_param, Paging.page_size_query_param)
MAX_TEXT = 100
TRUE, FALSE = {"true", "1", "ja"}, {"false", "0", "nee"}


@dataclass(frozen=True)
class Filter:
    name: str
    description: str
    many: bool = True


STATUS = Filter(
    "status",
    format_lazy(
        "{} {}",
        gettext_lazy("Alleen items met deze status (de code; herhaal de parameter of scheid met komma's):"),
        ", ".join(Status.values),
    ),
)
PRIORITY = Filter(
    "prioritair",
    gettext_lazy("true: alleen de prioritaire items; false: alleen de andere."),
    many=False,
)
DOMAIN = Filter("beleidsdomein", gettext_lazy("Alleen items onder een doelstelling van dit beleidsdomein."))
GOAL = Filter("doelstelling", gettext_lazy("Alleen de actieplannen van de doelstelling met dit nummer."))
ACTION_PLAN = Filter("actieplan", gettext_lazy("Alleen de acties van het actieplan met dit nummer."))
TEXT = Filter("q", gettext_lazy("Zoek in nummer en titel (hoofdletters maken niet uit)."), many=False)

FILTERS = {
    ItemKind.GOAL: (PRIORITY, DOMAIN, TEXT),
    ItemKind.ACTION_PLAN: (STATUS, PRIORITY, DOMAIN, GOAL, TEXT),
    ItemKind.ACTION: (STATUS, PRIORITY, DOMAIN, ACTION_PLAN, TEXT),
    ItemKind.PROJECT: (STATUS, TEXT),
    ItemKind.INDICATOR: (TEXT,),
}
PARENT = {GOAL.name: ItemKind.GOAL, ACTION_PLAN.name: ItemKind.ACTION_PLAN}


def _refuse(name: str, reason: str):
    raise BadRequest(reason, [{"naam": name, "reden": reason}])


def _values(query, name: str) -> list[str]:
    return [part.strip() for raw in query.getlist(name) for part in raw.split(",") if part.strip()]


def chosen(query, kind: str) -> dict[str, object]:
    """The filters in ``query`` (a QueryDict) for a list of ``kind``, checked but for the values only
    the version knows (``apply`` checks those); refuses what the list does not know."""
    allowed = {each.name: each for each in FILTERS[kind]}
    found: dict[str, object] = {}
    for name in query:
        if name in PAGING:
            continue
        if name not in allowed:
            _refuse(
                name,
                _("Deze lijst kent de parameter “%(name)s” niet. Wel: %(allowed)s.")
                % {"name": name[:40], "allowed": ", ".join([*allowed, *PAGING])},
            )
        each = allowed[name]
        if not each.many and len(query.getlist(name)) > 1:
            _refuse(name, _("Geef %(name)s één keer.") % {"name": name})
        values = _values(query, name) if each.many else [query[name].strip()]
        if not values or not values[0]:
            _refuse(name, _("%(name)s is leeg: geef een waarde of laat de parameter weg.") % {"name": name})
        if name == STATUS.name:
            unknown = [value for value in values if value not in Status.values]
            if unknown:
                _refuse(
                    name,
                    _("Onbekende status “%(value)s”. Gebruik een van: %(codes)s.")
                    % {"value": unknown[0][:40], "codes": ", ".join(Status.values)},
                )
            found[name] = values
        elif name == PRIORITY.name:
            if values[0].lower() not in TRUE | FALSE:
                _refuse(name, _("prioritair is true of false, niet “%(value)s”.") % {"value": values[0][:40]})
            found[name] = values[0].lower() in TRUE
        elif name == TEXT.name:
            if len(values[0]) > MAX_TEXT:
                _refuse(name, _("Zoek op ten hoogste %(max)s tekens.") % {"max": MAX_TEXT})
            found[name] = values[0]
        else:
            found[name] = values
    return found


def apply(edition, found, kind: str, filters: dict[str, object]):
    """``found`` (``editions.rows``) narrowed by ``filters``; refuses a beleidsdomein or parent number
    the version does not hold."""
    for name, value in filters.items():
        if name == STATUS.name:
            found = editions.with_status(found, value)
        elif name == PRIORITY.name:
            found = editions.with_priority(edition, found, kind, value)
        elif name == DOMAIN.name:
            known = editions.goal_domains(edition)
            unknown = [each for each in value if each not in known]
            if unknown:
                _refuse(
                    name,
                    _("Onbekend beleidsdomein “%(value)s”. Deze versie kent: %(known)s.")
                    % {"value": unknown[0][:40], "known": ", ".join(known) or _("geen")},
                )
            found = editions.with_domain(edition, found, kind, value)
        elif name in PARENT:
            unknown = set(value) - editions.numbers_held(edition, PARENT[name], value)
            if unknown:
                _refuse(
                    name,
                    _("Deze versie heeft geen %(kind)s met nummer “%(value)s”.")
                    % {"kind": name, "value": sorted(unknown)[0][:40]},
                )
            found = editions.with_parent(edition, found, PARENT[name], value)
        elif name == TEXT.name:
            found = editions.number_or_title(found, value)
    return found
