"""Values of indicators from a CSV or Excel file, as an ``uploads.flow.Importer`` (the cel)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from indicators.access import ENTER
from indicators.uploads import ValuesRefused, apply_values, read_values
from uploads.flow import Done, Importer, Refused, register


def _read(pending, file):
    return read_values(file, len(pending.data), filename=pending.filename, plan=pending.plan)


def _apply(pending, file) -> Done:
    try:
        count = apply_values(_read(pending, file), by=pending.user)
    except ValuesRefused as refused:
        raise Refused(
            str(
                gettext_lazy(
                    "Het bestand kan zo niet ingelezen worden: de indicatoren veranderden sinds het "
                    "voorbeeld. Hieronder staat wat nu geweigerd wordt; verbeter het bestand en laad het "
                    "opnieuw op."
                )
            ),
            preview=refused.upload,
        ) from None
    message = ngettext("%(count)d waarde ingelezen.", "%(count)d waarden ingelezen.", count) % {
        "count": count
    }
    return Done(message, reverse("indicators:upload_values", args=[pending.plan.slug]))


VALUES = Importer(
    kind="indicator_values",
    title=gettext_lazy("Waarden van indicatoren opladen"),
    may=lambda user: user.has_perm(ENTER),
    read=_read,
    apply=_apply,
    preview_template="indicators/_values_preview.html",
    ready=lambda upload: upload.ok and bool(upload.lines),
    confirm_label=lambda upload: (
        ngettext("%(count)d waarde invullen", "%(count)d waarden invullen", len(upload.lines))
        % {"count": len(upload.lines)}
    ),
    start_url=lambda pending: reverse("indicators:upload_values", args=[pending.plan.slug]),
)


def register_values() -> None:
    register(VALUES)
