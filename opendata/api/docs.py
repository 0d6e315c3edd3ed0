"""The API describes itself: the OpenAPI 3 schema at ``/api/v1/schema/`` (drf-spectacular, from the
views and serializers, in Dutch) and, at ``/api/v1/``, a light HTML page made from that schema on the
server (no script, no CDN)."""

import functools

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer

from opendata.api.problems import KINDS
from opendata.api.views import ApiView, ContentView

PREFIX = "/api/v1/"


def only_the_api(endpoints):
    """drf-spectacular's preprocessing hook: the schema holds the API's own paths, nothing else."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]


@functools.cache
def schema_document() -> dict:
    """The schema, made once per process (it depends on the code only)."""
    return SchemaGenerator().get_schema(request=None, public=True)


@extend_schema(exclude=True)
class SchemaView(ContentView):
    def content(self, request):
        return schema_document()


class HtmlRenderer(BaseRenderer):
    media_type = "text/html"
    format = "html"


METHODS = ("get",)


def operations(schema: dict) -> list[dict]:
    """Each operation of the schema, in the schema's order, as the page lists it."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            found.append(
                {
                    "anchor": operation.get("operationId", path),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": each["name"],
                            "location": {"path": "pad", "query": "query"}.get(each["in"], each["in"]),
                            "required": each.get("required", False),
                            "description": each.get("description", ""),
                        }
                        for each in operation.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "description": response.get("description", "")}
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return found


@extend_schema(exclude=True)
class DocsView(ApiView):
    renderer_classes = [HtmlRenderer, JSONRenderer]

    def get(self, request):
        schema = schema_document()
        response = render(
            request,
            "opendata/api_docs.html",
            {
                "info": schema.get("info", {}),
                "operations": operations(schema),
                "problems": [(slug, title, status) for status, (slug, title) in KINDS.items()],
            },
        )
        response["Cache-Control"] = "public, max-age=300"
        return response
