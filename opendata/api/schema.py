"""What each view answers, for the OpenAPI schema (drf-spectacular), in Dutch: its summary, its
parameters and every answer it may give, errors included (problem details). Applied to the views when
``opendata/api_urls.py`` imports this module."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from opendata.api import serializers as s
from opendata.api import views
from opendata.api.filters import FILTERS, PRIORITY, STATUS
from opendata.api.paging import Paging
from opendata.api.problems import ProblemSerializer
from plans.models import Status
from versions.models import ItemKind

PROBLEM = "application/problem+json"


def _problem(description) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description)


NOT_MODIFIED = OpenApiResponse(
    description=_(
        "Niet gewijzigd: wat u met If-None-Match of If-Modified-Since vroeg, is nog juist (geen inhoud)."
    )
)
ERRORS = {
    (404, PROBLEM): _problem(
        _(
            "Onbekende organisatie, plan, versie of item, een plan dat niet gepubliceerd is "
            "of een versie in ontwerp."
        )
    ),
    (406, PROBLEM): _problem(_("De vraag aanvaardt geen JSON.")),
    (429, PROBLEM): _problem(_("Te veel vragen van dit adres: wacht het aantal seconden in Retry-After.")),
}
BAD_REQUEST = {
    (400, PROBLEM): _problem(
        _(
            "Een ongeldige parameter: een onbekende filter of waarde, "
            "of een paginanummer of -grootte buiten bereik."
        )
    )
}

ORGANISATION = OpenApiParameter(
    "organisation", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("De slug van de organisatie.")
)
PLAN = OpenApiParameter(
    "plan", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("De slug van het plan.")
)
VERSION = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern="^(huidig|[0-9]+)$",
    description=_("Het volgnummer van een vastgestelde versie, of huidig voor de versie van kracht."),
)
CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("De code van het item: zijn nummer, of (zonder nummer) soort-id, zoals de lijst ze geeft."),
)
PAGE = [
    OpenApiParameter(Paging.page_query_param, OpenApiTypes.INT, description=Paging.page_query_description),
    OpenApiParameter(
        Paging.page_size_query_param, OpenApiTypes.INT, description=Paging.page_size_query_description
    ),
]


def _filter_parameter(each) -> OpenApiParameter:
    if each is STATUS:
        return OpenApiParameter(
            each.name, {"type": "string", "enum": Status.values}, many=True, description=each.description
        )
    if each is PRIORITY:
        return OpenApiParameter(each.name, OpenApiTypes.BOOL, description=each.description)
    return OpenApiParameter(each.name, OpenApiTypes.STR, many=each.many, description=each.description)


def _describe(view, *, summary, description, response, path, listed=False, tags=("open data",)):
    responses = {200: response, 304: NOT_MODIFIED, **ERRORS, **(BAD_REQUEST if listed else {})}
    parameters = [*path, *(PAGE if listed else [])]
    extend_schema(
        operation_id=view.__name__[0].lower() + view.__name__[1:],
        summary=summary,
        description=description,
        responses=responses,
        parameters=parameters,
        tags=list(tags),
    )(view)


extend_schema(exclude=True)(views.NotFoundView)


_describe(
    views.OrganisationList,
    summary=_("Organisaties"),
    description=_("De organisaties die minstens één plan publiceren, op naam."),
    response=s.paged(s.Organisation, "OrganisationPage"),
    path=[],
    listed=True,
)
_describe(
    views.PlanList,
    summary=_("Plannen van een organisatie"),
    description=_("De gepubliceerde plannen van de organisatie, op naam."),
    response=s.paged(s.Plan, "PlanPage"),
    path=[ORGANISATION],
    listed=True,
)
_describe(
    views.PlanDetail,
    summary=_("Een plan"),
    description=_("Een gepubliceerd plan, met de adressen van zijn versies."),
    response=s.Plan,
    path=[ORGANISATION, PLAN],
)
_describe(
    views.VersionList,
    summary=_("Versies van een plan"),
    description=_(
        "De vastgestelde versies van het plan, de versie van kracht eerst. "
        "Versies in ontwerp zijn niet publiek."
    ),
    response=s.paged(s.Version, "VersionPage"),
    path=[ORGANISATION, PLAN],
    listed=True,
)
_describe(
    views.VersionDetail,
    summary=_("Een versie"),
    description=_(
        "Een vastgestelde versie met de stand van zaken van de laatste rapportering aan de raad, "
        "de voortgang van het hele plan en de adressen van de lijsten."
    ),
    response=s.VersionDetail,
    path=[ORGANISATION, PLAN, VERSION],
)

KIND_TEXTS = {
    ItemKind.GOAL: (views.GoalList, views.GoalDetail, s.Goal, _("Doelstellingen"), _("Een doelstelling")),
    ItemKind.ACTION_PLAN: (
        views.ActionPlanList,
        views.ActionPlanDetail,
        s.ActionPlan,
        _("Actieplannen"),
        _("Een actieplan"),
    ),
    ItemKind.ACTION: (views.ActionList, views.ActionDetail, s.Action, _("Acties"), _("Een actie")),
    ItemKind.PROJECT: (views.ProjectList, views.ProjectDetail, s.Project, _("Projecten"), _("Een project")),
    ItemKind.INDICATOR: (
        views.IndicatorList,
        views.IndicatorDetail,
        s.Indicator,
        _("Indicatoren"),
        _("Een indicator"),
    ),
}
for kind, (listed, one, serializer, plural, singular) in KIND_TEXTS.items():
    filters = [_filter_parameter(each) for each in FILTERS[kind]]
    _describe(
        listed,
        summary=plural,
        description=_(
            "De items van deze soort in de versie, in de volgorde van het plan, per pagina, met filters."
        ),
        response=s.paged(serializer, f"{serializer.__name__}Page"),
        path=[ORGANISATION, PLAN, VERSION, *filters],
        listed=True,
    )
    _describe(
        one,
        summary=singular,
        description=_("Eén item van de versie, op zijn code."),
        response=serializer,
        path=[ORGANISATION, PLAN, VERSION, CODE],
    )
