"""The contract: every answer of every endpoint of the API matches the OpenAPI schema the API serves
itself (/api/v1/schema/), for its path, method and status: successes, 304, 400, 404, 405 and 429.

The schema document is checked with openapi-spec-validator; each JSON body with openapi-schema-validator's
OpenAPI 3.0 validator against the response's schema, its $refs resolved here, and strict: an object may
hold no key the schema does not declare (so a field added to a view but not to its serializer fails too).
"""

import copy
import re

import pytest
from django.test import override_settings
from django_scopes import scopes_disabled
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec

from tests.opendata.api_world import API, plan_url, version_url, with_draft
from tests.opendata.test_api import api_patterns, concrete
from tests.publicsite.builders import a_published_plan

pytestmark = pytest.mark.django_db


def resolved(node, components: dict):
    """``node`` with every local $ref replaced by what it names, and objects closed (strict)."""
    if isinstance(node, list):
        return [resolved(each, components) for each in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/components/schemas/")
        return resolved(components[name], components)
    found = {key: resolved(value, components) for key, value in node.items()}
    if found.get("nullable") and len(found.get("allOf", [])) == 1:
        # drf-spectacular writes a nullable nested object as {allOf: [$ref], nullable: true}: in OpenAPI 3.0
        # the null belongs to the object itself.
        found = {**found.pop("allOf")[0], **found}
    if found.get("type") == "object" and "properties" in found:
        found.setdefault("additionalProperties", False)
    return found


class Contract:
    def __init__(self, schema: dict):
        self.schema = schema
        self.components = schema["components"]["schemas"]
        self.paths = [
            (re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"), template)
            for template in schema["paths"]
        ]

    def operation(self, path: str, method: str) -> dict:
        matches = [template for pattern, template in self.paths if pattern.match(path)]
        assert len(matches) == 1, (path, matches)
        operations = self.schema["paths"][matches[0]]
        assert method in operations, (path, method)
        return operations[method]

    def validator(self, schema: dict) -> OAS30Validator:
        return OAS30Validator(resolved(schema, self.components), format_checker=oas30_format_checker)

    def check(self, response, method: str = "get") -> None:
        """Refuses (AssertionError or ValidationError) an answer the schema does not declare."""
        path = response.wsgi_request.path
        status = str(response.status_code)
        if response.status_code == 405:  # no write operation exists: every refusal is a Problem
            schema, media = {"$ref": "#/components/schemas/Problem"}, "application/problem+json"
        else:
            declared = self.operation(path, method)["responses"]
            assert status in declared, (path, status, list(declared))
            if "content" not in declared[status]:
                assert not response.content, (path, status)
                return
            media = response["Content-Type"].split(";")[0]
            assert media in declared[status]["content"], (path, status, media)
            schema = declared[status]["content"][media]["schema"]
        assert response["Content-Type"].split(";")[0] == media
        self.check_body(response.json(), schema)

    def check_body(self, body, schema: dict) -> None:
        self.validator(schema).validate(body)


@pytest.fixture
def world():
    with scopes_disabled():
        found = a_published_plan()
        with_draft(found)
        yield found


@pytest.fixture
def contract(client, world) -> Contract:
    response = client.get(f"{API}schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_spec(schema)  # the document itself is valid OpenAPI 3
    return Contract(schema)


def test_the_schema_is_valid_openapi_and_in_dutch(contract):
    assert contract.schema["openapi"].startswith("3.")
    operations = [op for item in contract.schema["paths"].values() for op in item.values()]
    assert len(operations) == 15 and all(op["summary"] and op["description"] for op in operations)
    for op in operations:
        assert {"304", "404", "429"} <= set(op["responses"]), op["operationId"]
        assert "application/problem+json" in op["responses"]["404"]["content"]


def success_urls(world) -> list[str]:
    urls = [f"{API}organisaties/", f"{API}organisaties/{world.organisation.slug}/plannen/", plan_url(world)]
    urls += [plan_url(world, "versies/"), version_url(world), version_url(world, "1")]
    for version in ("huidig", "1"):
        for kind in ("doelstellingen", "actieplannen", "acties", "projecten", "indicatoren"):
            urls.append(version_url(world, version, f"{kind}/"))
    urls += [
        version_url(world, rest="doelstellingen/SD%201/"),
        version_url(world, rest="actieplannen/1/"),
        version_url(world, rest="acties/1.1/"),
        version_url(world, rest="acties/1.2/"),
        version_url(world, rest="acties/?page_size=1&page=2&status=in_progress,not_started,completed"),
        version_url(world, rest="acties/?q=niets-te-vinden"),
    ]
    return urls


def test_every_success_matches_the_schema(client, world, contract):
    urls = success_urls(world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        contract.check(response)
    # The items' own addresses (a project and an indicator have no number) answer and match too.
    for kind in ("projecten", "indicatoren"):
        for row in client.get(version_url(world, rest=f"{kind}/")).json()["results"]:
            contract.check(client.get(row["url"].removeprefix("http://127.0.0.1:8000")))


def test_every_not_modified_matches_the_schema(client, world, contract):
    for url in success_urls(world):
        tag = client.get(url)["ETag"]
        response = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304, url
        contract.check(response)


def test_every_not_found_matches_the_schema(client, world, contract):
    for url in [
        f"{API}organisaties/onbekend/plannen/",
        plan_url(world).replace(world.plan.slug, "onbekend"),
        plan_url(world, "versies/").replace(world.plan.slug, "onbekend"),
        version_url(world, "9"),
        version_url(world, "3"),  # in ontwerp
        version_url(world, rest="acties/?page=5"),
        *(
            version_url(world, rest=f"{kind}/bestaat-niet/")
            for kind in ("doelstellingen", "actieplannen", "acties", "projecten", "indicatoren")
        ),
        version_url(world, "3", "doelstellingen/"),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        contract.check(response)


def test_every_bad_request_matches_the_schema(client, world, contract):
    for url in [
        f"{API}organisaties/?page=0",
        f"{API}organisaties/{world.organisation.slug}/plannen/?page_size=1000",
        plan_url(world, "versies/?page=x"),
        version_url(world, rest="doelstellingen/?beleidsdomein=Sport"),
        version_url(world, rest="actieplannen/?doelstelling=SD%209"),
        version_url(world, rest="acties/?status=misschien"),
        version_url(world, rest="projecten/?prioritair=true"),
        version_url(world, rest="indicatoren/?page_size=0"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        contract.check(response)


def test_every_refused_write_matches_the_schema(client, world, contract):
    for route in [str(p.pattern) for p in api_patterns()]:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(concrete(world, route))
            assert response.status_code == 405
            contract.check(response, method)


def test_too_many_requests_matches_the_schema(client, world, contract):
    from django.conf import settings

    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/min"}}
    with override_settings(REST_FRAMEWORK=rates):
        for url in success_urls(world)[:6]:
            client.get(url)
            response = client.get(url)
            assert response.status_code == 429 and response["Retry-After"]
            contract.check(response)


def test_the_contract_refuses_an_answer_that_drifts_from_the_schema(client, world, contract):
    """The validator is not a rubber stamp: a body with a key too many, one missing, or a wrong type is
    refused."""
    from jsonschema.exceptions import ValidationError

    response = client.get(version_url(world, rest="acties/1.1/"))
    contract.check(response)
    schema = contract.operation(response.wsgi_request.path, "get")["responses"]["200"]["content"][
        "application/json"
    ]
    body = response.json()
    extra = {**body, "eigenaar": "Jan Janssens"}
    missing = {key: value for key, value in body.items() if key != "status"}
    wrong = copy.deepcopy(body)
    wrong["ramingen"][0]["jaar"] = "2020"
    null_title = {**body, "titel": None}
    for drifted in (extra, missing, wrong, null_title):
        with pytest.raises(ValidationError):
            contract.check_body(drifted, schema["schema"])
