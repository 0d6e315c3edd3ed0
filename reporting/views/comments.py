"""An item's comment thread: the cel and the item's eigenaars read and write it. Rules:
``plans/comments.py``; the e-mails of mentions: ``notifications/mentions.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from notifications.mentions import post_comment
from plans.comments import MAX_LENGTH, may_comment, may_see_comments, readers
from plans.comments import thread as comments_of
from plans.items import item_in_plan
from plans.models import Plan


@login_required
def thread(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """The thread of one actieplan, actie or project, and (for who may) a form to add to it."""
    plan = get_object_or_404(Plan, slug=slug)
    item = item_in_plan(plan, kind, pk)
    if not may_see_comments(request.user, item):
        raise PermissionDenied
    error, text = None, ""
    if request.method == "POST":
        if not may_comment(request.user, item):
            raise PermissionDenied
        text = request.POST.get("text", "")
        try:
            post_comment(item, request.user, text)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Uw opmerking is geplaatst."))
            return redirect(request.path)
    writes = may_comment(request.user, item)
    context = {
        "plan": plan,
        "item": item,
        "kind": kind,
        "comments": comments_of(item),
        "may_comment": writes,
        "mentionable": [user for user in readers(item) if user != request.user] if writes else [],
        "error": error,
        "text": text,
        "max_length": MAX_LENGTH,
    }
    return render(request, "reporting/comments.html", context, status=422 if error else 200)
