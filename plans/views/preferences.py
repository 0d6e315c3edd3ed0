"""Mijn voorkeuren: every signed-in user chooses whether they get reminder e-mails."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plans.preferences import preferences_of, set_reminders


class PreferencesForm(forms.Form):
    reminders = forms.BooleanField(
        label=gettext_lazy("Stuur mij herinneringen per e-mail voor een rapportering"),
        required=False,
        help_text=gettext_lazy(
            "Bij de opening, vóór en na de deadline, zolang u nog open items hebt. Een vraag om "
            "aanvulling of een vermelding in een opmerking krijgt u altijd."
        ),
    )


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = preferences_of(request.user)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, initial={"reminders": current.reminders}
    )
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["reminders"]
        set_reminders(request.user, reminders=on, by=request.user)
        done = _("U krijgt herinneringen per e-mail.") if on else _("U krijgt geen herinneringen meer.")
        messages.success(request, done)
        return redirect("plans:preferences")
    return render(request, "plans/preferences.html", {"form": form})
