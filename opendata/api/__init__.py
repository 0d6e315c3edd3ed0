"""The open data API, ``/api/v1/``: read-only JSON of the published plans, read through
``publicsite/editions.py`` like the public site (only adopted versions, only public fields).

- ``views``: the endpoints (organisations, plans, versions, the lists of a version's items, one item),
  their cache headers and conditional GET;
- ``serializers``: the JSON of each resource, which is also the OpenAPI schema (drf-spectacular);
- ``filters`` and ``paging``: the lists' query parameters, refused with 400 when wrong;
- ``problems``: every error as RFC 9457 problem details (``application/problem+json``), in Dutch;
- ``throttles``: the rate limit per address (``API_RATE``);
- ``docs``: the schema at ``/api/v1/schema/`` and the documentation page at ``/api/v1/`` made from it.
"""
