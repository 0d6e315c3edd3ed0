from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_base import VersionCheckedForm
from organisations.admin_scoping import KeepEverythingAdmin
from rounds.models import ReportingRound, RoundVersion


class RoundVersionInline(admin.TabularInline):
    model = RoundVersion
    fields = ["edition", "revision", "date", "description", "change", "pages"]
    extra = 0
    can_delete = False


@admin.register(ReportingRound)
class ReportingRoundAdmin(KeepEverythingAdmin):
    """Rounds are opened and closed on the pages (closing freezes them); here the version table is kept."""

    form = VersionCheckedForm
    list_display = ["name", "plan", "date", "state", "outputs"]
    list_filter = ["plan", "state"]
    fields = ["plan", "name", "date", "state", "closed_at", "closed_by"]
    readonly_fields = ["plan", "state", "closed_at", "closed_by"]
    inlines = [RoundVersionInline]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("uitvoer"))
    def outputs(self, round: ReportingRound) -> str:
        args = [round.plan.slug, round.pk]
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("reporting:workbook", args=args),
            _("Excel"),
            reverse("reporting:report", args=args),
            _("verslag"),
            reverse("reporting:upload", args=[round.plan.slug]),
            _("ingevulde Excel inlezen"),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return [*self.readonly_fields, "name", "date"]
        return self.readonly_fields
