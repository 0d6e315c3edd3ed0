"""The files the cel and the beheerder load into a plan, each as an ``uploads.flow.Importer``: a
filled-in rapportering (round trip), a whole new plan, the amounts of the finance package, and the
installation's beleidsvelden."""

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organisations.roles import is_administrator
from plans import owners
from reporting.amounts_import import AmountsRefused, apply_amounts, read_amounts
from reporting.plan_import import create_plan, read_plan_upload
from reporting.policy_fields_import import PolicyFieldsRefused, apply_policy_fields, read_policy_fields
from reporting.round_trip import ImportRefused, import_rapportering
from uploads.flow import Done, Importer, Refused, register

CHANGED_SINCE = gettext_lazy(
    "Het bestand kan zo niet ingelezen worden: het plan of de lijst veranderde sinds het voorbeeld. "
    "Hieronder staat wat nu geweigerd wordt; verbeter het bestand en laad het opnieuw op."
)


UPLOAD_RAPPORTERING = "reporting.upload_rapportering"


@rules.predicate
def may_import(user) -> bool:
    """Importing needs django-import-export's import permission on actions: the cel and the beheerder."""
    return user.has_perm(f"plans.{settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE}_action")


# The round trip: the cel and the beheerder, and an eigenaar, whose upload may change only the rows
# they own (``reporting/resources.py``).
rules.add_perm(UPLOAD_RAPPORTERING, may_import | owners.has_owner_role)


def may_upload_rapportering(user) -> bool:
    return user.has_perm(UPLOAD_RAPPORTERING)


def _round_trip(pending, file, *, dry_run: bool):
    return import_rapportering(
        file,
        size=len(pending.data),
        filename=pending.filename,
        plan=pending.plan,
        user=pending.user,
        dry_run=dry_run,
    )


def _apply_round_trip(pending, file) -> Done:
    try:
        outcome = _round_trip(pending, file, dry_run=False)
    except ImportRefused as refused:
        raise Refused(str(CHANGED_SINCE), preview=refused.outcome) from None
    message = ngettext(
        "%(file)s is ingelezen: %(count)d item bijgewerkt.",
        "%(file)s is ingelezen: %(count)d items bijgewerkt.",
        len(outcome.changed),
    ) % {"file": outcome.filename, "count": len(outcome.changed)}
    return Done(message, reverse("plans:overview", args=[pending.plan.slug]))


ROUND_TRIP = Importer(
    kind="round_trip",
    title=gettext_lazy("Ingevulde rapportering inlezen"),
    may=may_upload_rapportering,
    read=lambda pending, file: _round_trip(pending, file, dry_run=True),
    apply=_apply_round_trip,
    preview_template="reporting/_round_trip_preview.html",
    ready=lambda outcome: outcome.ok and outcome.changed,
    confirm_label=lambda outcome: (
        ngettext("%(count)d wijziging doorvoeren", "%(count)d wijzigingen doorvoeren", len(outcome.changed))
        % {"count": len(outcome.changed)}
    ),
    start_url=lambda pending: reverse("reporting:upload", args=[pending.plan.slug]),
)


def _read_new_plan(pending, file):
    numbering = pending.details.get("numbering", "")
    return read_plan_upload(file, len(pending.data), numbering=numbering, organisation=pending.organisation)


def _apply_new_plan(pending, file) -> Done:
    details = {name: value for name, value in pending.details.items() if name != "numbering"}
    upload = _read_new_plan(pending, file)
    try:
        plan = create_plan(
            upload,
            organisation=pending.organisation,
            details=details,
            filename=pending.filename,
            by=pending.user,
        )
    except ValidationError as error:
        raise Refused(" ".join(error.messages), preview=upload) from None
    return Done(_("%(plan)s is aangemaakt.") % {"plan": plan}, reverse("plans:overview", args=[plan.slug]))


NEW_PLAN = Importer(
    kind="new_plan",
    title=gettext_lazy("Nieuw strategisch plan inlezen"),
    may=is_administrator,
    read=_read_new_plan,
    apply=_apply_new_plan,
    preview_template="reporting/_new_plan_preview.html",
    ready=lambda upload: upload.ok,
    confirm_label=lambda upload: _("Plan aanmaken"),
    start_url=lambda pending: reverse("reporting:new_plan"),
)


def _read_amounts(pending, file):
    return read_amounts(
        file, len(pending.data), filename=pending.filename, plan=pending.plan, kind=pending.details["kind"]
    )


def _apply_amounts(pending, file) -> Done:
    try:
        upload = apply_amounts(_read_amounts(pending, file), by=pending.user)
    except AmountsRefused as refused:
        raise Refused(str(CHANGED_SINCE), preview=refused.upload) from None
    return Done(
        _("Ingelezen. %(summary)s") % {"summary": upload.summary},
        reverse("reporting:amounts_upload", args=[pending.plan.slug]),
    )


AMOUNTS = Importer(
    kind="amounts",
    title=gettext_lazy("Bedragen importeren"),
    may=may_import,
    read=_read_amounts,
    apply=_apply_amounts,
    preview_template="reporting/_amounts_preview.html",
    ready=lambda upload: upload.ok and upload.writes,
    confirm_label=lambda upload: (
        ngettext("%(count)d bedrag doorvoeren", "%(count)d bedragen doorvoeren", upload.writes)
        % {"count": upload.writes}
    ),
    start_url=lambda pending: reverse("reporting:amounts_upload", args=[pending.plan.slug]),
)


def _read_policy_fields(pending, file):
    return read_policy_fields(file, len(pending.data), filename=pending.filename)


def _apply_policy_fields(pending, file) -> Done:
    try:
        upload = apply_policy_fields(_read_policy_fields(pending, file), by=pending.user)
    except PolicyFieldsRefused as refused:
        raise Refused(str(CHANGED_SINCE), preview=refused.upload) from None
    message = _("%(file)s is ingelezen. Nieuw: %(new)d, hernoemd: %(renamed)d.") % {
        "file": upload.filename,
        "new": len(upload.new),
        "renamed": len(upload.renamed),
    }
    return Done(message, reverse("reporting:policy_fields"))


POLICY_FIELDS = Importer(
    kind="policy_fields",
    title=gettext_lazy("Beleidsvelden inlezen"),
    may=lambda user: user.is_superuser,  # one list for the whole installation
    read=_read_policy_fields,
    apply=_apply_policy_fields,
    preview_template="reporting/_policy_fields_preview.html",
    ready=lambda upload: upload.ok and upload.writes,
    confirm_label=lambda upload: (
        ngettext("%(count)d wijziging doorvoeren", "%(count)d wijzigingen doorvoeren", upload.writes)
        % {"count": upload.writes}
    ),
    start_url=lambda pending: reverse("reporting:policy_fields"),
)


def register_all() -> None:
    for importer in (ROUND_TRIP, NEW_PLAN, AMOUNTS, POLICY_FIELDS):
        register(importer)
