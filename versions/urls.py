"""The version pages live under a plan (/plannen/<slug>/versies/); each views module declares its own
patterns."""

from versions.views import aanpassing, as_of, compare, pages

app_name = "versions"
urlpatterns = [
    *pages.urlpatterns,
    *aanpassing.urlpatterns,
    *compare.urlpatterns,
    *as_of.urlpatterns,
]
