"""What every draft page shares: finding the draft the user may see, and the draft's own menu."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from drafting import access, steps
from drafting.models import Draft

# The draft's menu, in the order of the seed's steps: (url name, label, who sees it: "all" or "cel").
MENU = [
    ("drafting:draft", _("Overzicht"), "all"),
    ("drafting:agreement", _("Bestuursakkoord"), "read_all"),
    ("drafting:proposals", _("Voorstellen"), "all"),
    ("drafting:steps", _("Stappen en vergaderingen"), "read_all"),
    ("drafting:envelopes", _("Reality check"), "read_all"),
    ("drafting:framework", _("Strategisch kader"), "read_all"),
    ("drafting:detailing", _("Uitwerking"), "read_all"),
    ("drafting:adoption", _("Vaststelling"), "read_all"),
]


def draft_for(request: HttpRequest, draft_id: int) -> Draft:
    """The draft of the acting organisation (404 for another's), for a user who may read drafts."""
    if not access.may_read(request.user):
        raise PermissionDenied(_("U hebt geen toegang tot de ontwerpen van het meerjarenplan."))
    return get_object_or_404(Draft.objects.select_related("organisation", "plan"), pk=draft_id)


def draft_for_readers(request: HttpRequest, draft_id: int) -> Draft:
    """The draft, for the pages only the cel, the beheerder and the MT see (not an eigenaar)."""
    draft = draft_for(request, draft_id)
    if not access.may_read_all(request.user):
        raise PermissionDenied(
            _("Deze pagina van het ontwerp is voor de strategische cel en het managementteam.")
        )
    return draft


def draft_for_cel(request: HttpRequest, draft_id: int) -> Draft:
    """The draft, for a write only the cel (and the beheerder) makes."""
    draft = draft_for_readers(request, draft_id)
    if not access.may_draft(request.user):
        raise PermissionDenied(access.ONLY_CEL)
    return draft


def check_cel_writes(request: HttpRequest, draft: Draft) -> None:
    """Only the cel (and the beheerder) writes, and only while the draft is not adopted."""
    if not access.may_draft(request.user):
        raise PermissionDenied(access.ONLY_CEL)
    if draft.is_adopted:
        raise PermissionDenied(steps.ADOPTED)


def add_refusal(form: forms.Form, error: ValidationError) -> None:
    """The domain's refusal on the form: at its field when the form has that field, else above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def draft_menu(request: HttpRequest, draft: Draft) -> list[dict]:
    """The links of the draft's menu this user sees, the current page marked."""
    read_all = access.may_read_all(request.user)
    links = []
    for name, label, who in MENU:
        if who == "read_all" and not read_all:
            continue
        try:
            url = reverse(name, args=[draft.pk])
        except NoReverseMatch:  # a page not built yet
            continue
        links.append({"url": url, "label": label, "current": request.path == url})
    return links


def context(request: HttpRequest, draft: Draft, **more) -> dict:
    return {
        "draft": draft,
        "draft_menu": draft_menu(request, draft),
        "may_draft": access.may_draft(request.user) and not draft.is_adopted,
        **more,
    }
