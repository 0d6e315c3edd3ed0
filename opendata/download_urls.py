"""The open data downloads of a published plan, mounted at /publiek/ before the public site's pages
(config/urls.py): ``<organisation>/<plan>/[v<number>/]open-data.<format>`` and the organisation's ZIP."""

app_name = "opendata"

urlpatterns: list = []
