"""The edition as linked data (JSON-LD), in the terms of ABB's LBLOD stack for plan items.

- Every item is a resource whose URI is its page on the public site in that version
  (``{site}/publiek/<org>/<plan>/v<n>/<soort>/<code>/``): plan, version and code, since codes repeat
  across legislatures.
- ``eli:work_type`` takes the concepts of LBLOD's vmm vocabulary
  (``http://lblod.data.gift/vocabularies/vmm/``): ``Beleidsdoelstelling`` (a goal: in the BBC the
  level that holds the actieplannen, whatever the plan calls it), ``StrategischeDoelstelling`` (a goal
  that holds goals, where a plan nests them), ``Actieplan`` and ``Actie``. As in LBLOD, goals and
  actieplannen are an ``eli:ComplexWork`` that ``eli:has_member`` its children, an actie an
  ``eli:Work``. Projects (an ``eli:Work`` of ``dct:type`` "project") and indicators
  (``schema:StatisticalVariable``) have no vmm concept.
- ``schema:code`` the code, ``eli:title`` and ``dct:title`` the title, ``eli:description`` the
  beschrijving where the item has one, ``schema:comment`` the public toelichting of the last
  rapportering, ``adms:status`` a concept of the status list below (``skos:notation`` its code,
  ``skos:prefLabel`` its Dutch name; their URIs identify, the site serves no page for them).
- The plan and the version are ``eli:LegalResource``s: the version ``dct:isVersionOf`` the plan, has
  ``eli:date_document`` (the raad's decision), ``schema:dateModified`` (the stand van zaken) and
  ``eli:has_member`` its top goals; every item ``eli:is_part_of`` the version.

Money and indicator values are in the JSON, CSV and workbook downloads, not here. Everything sits in one
``@graph`` under an inline ``@context``: nothing is fetched to read it.
"""

import json

from django.conf import settings

from opendata.addresses import plan_uri, version_uri
from opendata.tables import PlanTables
from publicsite.editions import STATUS_LABELS
from versions.models import ItemKind

JSON_LD = "application/ld+json"
VMM = "http://lblod.data.gift/vocabularies/vmm/"
CONTEXT = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "dct": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "adms": "http://www.w3.org/ns/adms#",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vmm": VMM,
}
WORK_TYPES = {
    "strategisch": f"{VMM}StrategischeDoelstelling",
    ItemKind.GOAL: f"{VMM}Beleidsdoelstelling",
    ItemKind.ACTION_PLAN: f"{VMM}Actieplan",
    ItemKind.ACTION: f"{VMM}Actie",
}


def status_uri(code: str) -> str:
    return f"{settings.SITE_URL}/publiek/begrippen/status/{code}"


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _nl(text: str) -> dict:
    return {"@value": text, "@language": "nl"}


def _typed(value, datatype: str) -> dict:
    return {"@value": str(value), "@type": datatype}


def _item(entry, children: list[str], version: str, *, holds_goals: bool) -> dict:
    item = entry.item
    node: dict = {"@id": entry.uri}
    if item.kind == ItemKind.GOAL:
        node["@type"] = "eli:ComplexWork"
        node["eli:work_type"] = _ref(WORK_TYPES["strategisch" if holds_goals else ItemKind.GOAL])
    elif item.kind == ItemKind.ACTION_PLAN:
        node["@type"] = "eli:ComplexWork"
        node["eli:work_type"] = _ref(WORK_TYPES[ItemKind.ACTION_PLAN])
    elif item.kind == ItemKind.ACTION:
        node["@type"] = "eli:Work"
        node["eli:work_type"] = _ref(WORK_TYPES[ItemKind.ACTION])
    elif item.kind == ItemKind.PROJECT:
        node["@type"] = "eli:Work"
        node["dct:type"] = "project"
    else:
        node["@type"] = "schema:StatisticalVariable"
    node["schema:code"] = item.code
    node["eli:title"] = node["dct:title"] = _nl(item.title)
    if item.description:
        node["eli:description"] = _nl(item.description)
    if item.explanation:
        node["schema:comment"] = _nl(item.explanation)
    if item.status:
        node["adms:status"] = _ref(status_uri(item.status))
    if item.start_year:
        node["schema:startDate"] = _typed(item.start_year, "xsd:gYear")
    if item.end_year:
        node["schema:endDate"] = _typed(item.end_year, "xsd:gYear")
    if children:
        node["eli:has_member"] = [_ref(uri) for uri in children]
    node["eli:is_part_of"] = _ref(version)
    return node


def document(tables: PlanTables) -> dict:
    edition = tables.edition
    plan, version = edition.plan, edition.version
    organisation = f"{settings.SITE_URL}/publiek/{plan.organisation.slug}/"
    plan_id, version_id = plan_uri(edition), version_uri(edition)
    uri_of = {(entry.item.kind, entry.item.id): entry.uri for entry in tables.entries}
    children: dict[str, list[str]] = {}
    top_goals = []
    for entry in tables.entries:
        item = entry.item
        parent_kind = {
            ItemKind.GOAL: ItemKind.GOAL,
            ItemKind.ACTION_PLAN: ItemKind.GOAL,
            ItemKind.ACTION: ItemKind.ACTION_PLAN,
        }.get(item.kind)
        parent = uri_of.get((parent_kind, item.parent_id)) if parent_kind else None
        if parent:
            children.setdefault(parent, []).append(entry.uri)
        elif item.kind == ItemKind.GOAL:
            top_goals.append(entry.uri)
    version_node: dict = {
        "@id": version_id,
        "@type": "eli:LegalResource",
        "eli:title": _nl(version.name),
        "dct:isVersionOf": _ref(plan_id),
        "schema:version": version.number,
        "eli:passed_by": _ref(organisation),
    }
    if version.council_date:
        version_node["eli:date_document"] = _typed(version.council_date.isoformat(), "xsd:date")
    if edition.reported_on:
        version_node["schema:dateModified"] = _typed(edition.reported_on.isoformat(), "xsd:date")
    version_node["eli:has_member"] = [_ref(uri) for uri in top_goals]
    statuses = sorted({entry.item.status for entry in tables.entries if entry.item.status})
    graph = [
        {
            "@id": organisation,
            "@type": "besluit:Bestuurseenheid",
            "skos:prefLabel": _nl(plan.organisation.name),
        },
        {
            "@id": plan_id,
            "@type": "eli:LegalResource",
            "eli:title": _nl(plan.name),
            "dct:publisher": _ref(organisation),
            "dct:hasVersion": _ref(version_id),
        },
        version_node,
        *(
            {
                "@id": status_uri(code),
                "@type": "skos:Concept",
                "skos:notation": code,
                "skos:prefLabel": _nl(str(STATUS_LABELS.get(code, code))),
            }
            for code in statuses
        ),
    ]
    goal_parents = {entry.item.parent_id for entry in tables.entries if entry.item.kind == ItemKind.GOAL}
    for entry in tables.entries:
        holds_goals = entry.item.kind == ItemKind.GOAL and entry.item.id in goal_parents
        node = _item(entry, children.get(entry.uri, []), version_id, holds_goals=holds_goals)
        if entry.linked:
            node["dct:relation"] = [
                _ref(uri_of[(kind, linked_id)])
                for kind, name in ((ItemKind.ACTION_PLAN, "action_plans"), (ItemKind.ACTION, "actions"))
                for linked_id in entry.item.data.get(name, [])
                if (kind, linked_id) in uri_of
            ]
        graph.append(node)
    return {"@context": CONTEXT, "@graph": graph}


def json_ld_bytes(tables: PlanTables) -> bytes:
    return json.dumps(document(tables), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
