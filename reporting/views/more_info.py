"""Vraag om aanvulling: the cel asks an item's eigenaar for more, in an open round."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from notifications.more_info import EMPTY_MESSAGE, ask_for_more, emails_of, item_url, update_of
from plans.items import item_in_plan
from plans.models import EXPLANATION_MAX_LENGTH
from plans.owners import owners_of
from rounds.models import ReportingRound


class MoreInfoForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Wat wilt u nog weten?"),
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "De eigenaar krijgt deze vraag per e-mail en ziet ze bij het item. Hieronder ziet u of de "
            "e-mail aankwam."
        ),
        error_messages={"required": EMPTY_MESSAGE},
    )


@require_http_methods(["GET", "POST"])
def ask_more(request: HttpRequest, slug: str, pk: int, kind: str, item_id: int) -> HttpResponse:
    round = get_object_or_404(ReportingRound.objects.select_related("plan"), plan__slug=slug, pk=pk)
    if not request.user.has_perm("rounds.change_reportinground"):
        raise PermissionDenied
    item = item_in_plan(round.plan, kind, item_id)
    form = MoreInfoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ask_for_more(round, item, message=form.cleaned_data["message"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "De vraag om aanvulling is opgeslagen. De e-mail aan de eigenaar wordt nu verstuurd: "
                    "hieronder ziet u of ze aankwam."
                ),
            )
            return redirect("reporting:ask_more", slug=slug, pk=pk, kind=kind, item_id=item_id)
    context = {
        "plan": round.plan,
        "round": round,
        "item": item,
        "kind": kind,
        "item_url": item_url(item, slug),
        "owners": owners_of(item),
        "update": update_of(round, item),
        "emails": emails_of(round, item)[:20],
        "form": form,
    }
    return render(request, "reporting/ask_more.html", context)
