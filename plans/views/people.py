"""The beheerder's page of verantwoordelijken not linked to a person or dienst yet. Rules:
``plans/people_links.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from organisations.membership import people_in_scope
from organisations.roles import is_administrator
from plans.forms import LinkNameForm
from plans.models import Department
from plans.people_links import link_name, unlinked_names


def unlinked(request: HttpRequest) -> HttpResponse:
    """Every name not linked yet (how many items, which plans), each with a form to link it in one go."""
    if not is_administrator(request.user):
        raise PermissionDenied
    users = list(people_in_scope().order_by("first_name", "last_name", "username"))
    departments = list(Department.objects.all())
    posted = None
    if request.method == "POST":
        posted = LinkNameForm(request.POST, users=users, departments=departments)
        if posted.is_valid():
            try:
                count = link_name(posted.cleaned_data["name"], **posted.chosen(), by=request.user)
            except ValidationError as error:
                posted.add_error(None, error)
            else:
                messages.success(request, _linked_message(posted.cleaned_data["name"], count))
                return redirect("plans:unlinked")
    rows = []
    for index, entry in enumerate(unlinked_names()):
        initial = {"name": entry.name}
        if entry.suggestion.user is not None:
            initial["target"] = f"user-{entry.suggestion.user.pk}"
        elif entry.suggestion.department is not None:
            initial["target"] = f"department-{entry.suggestion.department.pk}"
        form = LinkNameForm(initial=initial, users=users, departments=departments, auto_id=f"name{index}-%s")
        rows.append({"entry": entry, "form": form})
    errors = [error for errors in posted.errors.values() for error in errors] if posted is not None else []
    status = 422 if posted is not None else 200
    return render(request, "plans/unlinked.html", {"rows": rows, "errors": errors}, status=status)


def _linked_message(name: str, count: int) -> str:
    return ngettext(
        "“%(name)s” gekoppeld: %(count)d item.",
        "“%(name)s” gekoppeld: %(count)d items.",
        count,
    ) % {"name": name, "count": count}
