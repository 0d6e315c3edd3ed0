"""Beheer of indicators: saved through ``core/changes.py`` like every record, with history, never deleted."""

from django.contrib import admin

from core.admin_base import VersionCheckedForm
from indicators.models import Indicator, Target, Value
from organisations.admin_scoping import KeepEverythingAdmin


class TargetInline(admin.TabularInline):
    model = Target
    form = VersionCheckedForm
    fields = ["year", "value", "loaded_version"]
    extra = 0
    can_delete = False


@admin.register(Indicator)
class IndicatorAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["name", "kind", "plan", "followed"]
    list_filter = ["plan", "kind", "followed"]
    search_fields = ["name"]
    autocomplete_fields = ["goals", "action_plans", "actions"]
    inlines = [TargetInline]
    fields = [
        "plan",
        "name",
        "description",
        "kind",
        "unit",
        "decimals",
        "better",
        "steps",
        "baseline_value",
        "baseline_date",
        "source",
        "owner",
        "department",
        "goals",
        "action_plans",
        "actions",
        "followed",
        "loaded_version",
    ]


@admin.register(Target)
class TargetAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["indicator", "year", "value"]
    list_filter = ["indicator__plan"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]


@admin.register(Value)
class ValueAdmin(KeepEverythingAdmin):
    form = VersionCheckedForm
    list_display = ["indicator", "date", "round", "value"]
    list_filter = ["indicator__plan", "round"]
    list_select_related = ["indicator", "round"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator"]
