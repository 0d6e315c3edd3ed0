"""The open data downloads of a published plan, mounted at /publiek/ before the public site's pages
(config/urls.py): ``<organisation>/<plan>/[v<number>/]open-data.<format>`` and the organisation's ZIP.

One name for both addresses of a plan's file: ``{% url "opendata:download" organisation=… plan=…
format="csv" %}`` gives the version in force, with ``version=…`` that version."""

from django.urls import path

from opendata.views import downloads

app_name = "opendata"

urlpatterns: list = [
    path("<slug:organisation>/open-data.zip", downloads.organisation_zip, name="organisation_zip"),
    path("<slug:organisation>/<slug:plan>/open-data.<str:format>", downloads.download, name="download"),
    path(
        "<slug:organisation>/<slug:plan>/v<int:version>/open-data.<str:format>",
        downloads.download,
        name="download",
    ),
]
