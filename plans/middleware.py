"""The organisation a request acts in, known from the plan in the URL (``organisations/middleware.py``
does the rest)."""

from organisations.middleware import OrganisationScope
from plans.models import Plan

PLAN_APPS = {"plans", "reporting", "indicators"}  # their ``slug`` argument names a plan


class PlanOrganisationScope(OrganisationScope):
    def organisation_of_page(self, match) -> int | None:
        slug = match.kwargs.get("slug") if match.app_name in PLAN_APPS else None
        if not slug:
            return None
        return (
            Plan.objects.across_organisations()
            .filter(slug=slug)
            .values_list("organisation_id", flat=True)
            .first()
        )
