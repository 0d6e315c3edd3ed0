"""The JSON-LD download: LBLOD's terms, a stable absolute URI for every item, and triples that
rdflib reads back without fetching anything."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from plans.models import Status
from tests.publicsite.builders import INTERNAL_TOELICHTING, PUBLIC_TOELICHTING, a_published_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings(
        "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
    ),  # rdflib's own parser
]

ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("http://schema.org/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VMM = Namespace("http://lblod.data.gift/vocabularies/vmm/")
BASE = "http://127.0.0.1:8000/publiek/gemeente-x/welzijn-2020-2025"


@pytest.fixture
def world():
    return a_published_plan()


def download(client, world, version: int | None = None) -> bytes:
    kwargs = {"organisation": world.organisation.slug, "plan": world.plan.slug, "format": "jsonld"}
    if version:
        kwargs["version"] = version
    response = client.get(reverse("opendata:download", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return response.content


def ids(node) -> list[str]:
    """Every @id in the document, nested ones too (references included)."""
    if isinstance(node, dict):
        found = [node["@id"]] if "@id" in node else []
        return found + [each for key, value in node.items() if key != "@context" for each in ids(value)]
    if isinstance(node, list):
        return [each for value in node for each in ids(value)]
    return []


@pytest.mark.parametrize("version", [None, 1])
def test_every_resource_has_a_unique_absolute_uri(client, world, version):
    document = json.loads(download(client, world, version))
    graph = document["@graph"]
    defined = [node["@id"] for node in graph]
    assert len(defined) == len(set(defined))
    for uri in ids(document):
        parts = urlsplit(uri)
        assert parts.scheme in ("http", "https") and parts.netloc, uri
    # Every reference points at a resource of the document or at a term of a vocabulary.
    local = set(defined)
    for uri in ids(document):
        assert uri in local or uri.startswith(str(VMM)), uri


def test_items_carry_lblod_terms_and_the_plan_holds_its_version(client, world):
    graph = Graph().parse(data=download(client, world), format="json-ld")
    goal = URIRef(f"{BASE}/v2/doelstelling/SD%201/")
    action_plan = URIRef(f"{BASE}/v2/actieplan/1/")
    actie = URIRef(f"{BASE}/v2/actie/1.1/")
    version = URIRef(f"{BASE}/v2/")
    plan = URIRef(f"{BASE}/")

    assert (goal, ELI.work_type, VMM.Beleidsdoelstelling) in graph  # it holds the actieplannen
    assert (action_plan, ELI.work_type, VMM.Actieplan) in graph
    assert (actie, ELI.work_type, VMM.Actie) in graph
    assert (goal, RDF.type, ELI.ComplexWork) in graph and (actie, RDF.type, ELI.Work) in graph
    assert (goal, ELI.has_member, action_plan) in graph
    assert (action_plan, ELI.has_member, actie) in graph
    assert set(graph.objects(action_plan, ELI.has_member)) == {
        URIRef(f"{BASE}/v2/actie/{code}/") for code in ("1.1", "1.2", "1.3")
    }
    assert (actie, SCHEMA.code, Literal("1.1")) in graph
    assert (actie, ELI.title, Literal("We organiseren budgetbegeleiding.", lang="nl")) in graph
    assert (actie, DCTERMS.title, Literal("We organiseren budgetbegeleiding.", lang="nl")) in graph
    assert (actie, SCHEMA.comment, Literal(PUBLIC_TOELICHTING, lang="nl")) in graph
    status = graph.value(actie, ADMS.status)
    assert (status, SKOS.notation, Literal(Status.IN_PROGRESS)) in graph
    assert (status, SKOS.prefLabel, Literal("loopt", lang="nl")) in graph
    assert (actie, ELI.is_part_of, version) in graph

    assert (plan, RDF.type, ELI.LegalResource) in graph and (version, RDF.type, ELI.LegalResource) in graph
    assert (plan, DCTERMS.hasVersion, version) in graph and (version, DCTERMS.isVersionOf, plan) in graph
    assert (version, ELI.has_member, goal) in graph
    assert str(graph.value(version, ELI.date_document)) == "2020-12-14"
    assert str(graph.value(version, SCHEMA.dateModified)) == "2020-06-30"
    assert INTERNAL_TOELICHTING not in {str(o) for o in graph.objects()}


def test_an_older_version_has_its_own_uris_so_codes_never_clash(client, world):
    graph = Graph().parse(data=download(client, world, 1), format="json-ld")
    assert (
        URIRef(f"{BASE}/v1/actie/1.2/"),
        ELI.title,
        Literal("We openen een sociale kruidenier.", lang="nl"),
    ) in graph
    assert not any(str(s).startswith(f"{BASE}/v2/") for s in graph.subjects())
    assert (URIRef(f"{BASE}/v1/actie/1.3/"), None, None) not in graph
