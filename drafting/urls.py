"""The drafting pages live under /ontwerp/; each views module declares its own patterns."""

from drafting.views import adoption, carry_over, detailing, framework, meetings, money, notas, pages

app_name = "drafting"
urlpatterns = [
    *pages.urlpatterns,
    *meetings.urlpatterns,
    *notas.urlpatterns,
    *money.urlpatterns,
    *framework.urlpatterns,
    *detailing.urlpatterns,
    *adoption.urlpatterns,
    *carry_over.urlpatterns,
]
