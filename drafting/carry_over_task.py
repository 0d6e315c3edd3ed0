"""Carrying a plan over runs as a task: a big plan (500 actieplannen, 10,000 acties) takes seconds,
longer than a request may wait. The request checks what it can at once (refusals come back on the
form), marks the work in the ``progress`` cache under a token, and enqueues it; the wizard's last page
follows the mark until the task says which draft it made, or why it could not.
"""

import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from core import background
from core.progress import CACHE
from drafting import carry_over
from plans.models import Plan

log = logging.getLogger(__name__)
WAITING, FAILED, DONE = background.WAITING, background.FAILED, "done"
MARK_SECONDS = int(background.STALE_AFTER.total_seconds())


def _key(token: str) -> str:
    return f"carry-over:{token}"


def request(plan: Plan, *, by, name: str, start_year: int, end_year: int, agreement: str, selection) -> str:
    """Check the choice (refused at once, nothing written), then have a task make the draft. The token
    to follow it by."""
    carry_over.check_may(by)
    version = carry_over.source(plan)
    carry_over.check_period(plan, start_year, end_year)
    carry_over.check_selection(version, selection)
    token = secrets.token_urlsafe(16)
    caches[CACHE].set(_key(token), {"state": WAITING}, MARK_SECONDS)
    carry_over_as_task.enqueue(
        token, plan.pk, by.pk, name, start_year, end_year, agreement, selection.as_data()
    )
    return token


def state(token: str) -> dict:
    """{"state": WAITING}, {"state": DONE, "draft": id} or {"state": FAILED, "message": …}; a token
    nobody knows (or one forgotten after its time) reads as failed."""
    found = caches[CACHE].get(_key(token))
    return found or {"state": FAILED, "message": _("Dit werk is niet (meer) gekend. Begin opnieuw.")}


@task()
def carry_over_as_task(
    token: str,
    plan_id: int,
    user_id: int,
    name: str,
    start_year: int,
    end_year: int,
    agreement: str,
    selection: dict,
) -> str:
    """The task: make the draft. A refusal is kept for the page in Dutch; a crash too, and is not tried
    again."""
    marks, key = caches[CACHE], _key(token)
    with scopes_disabled():
        plan = Plan.objects.get(pk=plan_id)
    user = get_user_model().objects.get(pk=user_id)
    with scope(organisation=plan.organisation_id), translation.override(settings.LANGUAGE_CODE):
        try:
            draft = carry_over.carry_over(
                plan,
                name=name,
                start_year=start_year,
                end_year=end_year,
                agreement=agreement,
                selection=carry_over.Selection.from_data(selection),
                by=user,
            )
        except ValidationError as refusal:
            marks.set(key, {"state": FAILED, "message": " ".join(refusal.messages)}, MARK_SECONDS)
            return FAILED
        except Exception:
            log.exception("Het ontwerp uit %s kon niet worden aangemaakt", plan)
            message = _("Het ontwerp kon niet worden aangemaakt door een fout op de server. Probeer opnieuw.")
            marks.set(key, {"state": FAILED, "message": message}, MARK_SECONDS)
            raise
    marks.set(key, {"state": DONE, "draft": draft.pk}, MARK_SECONDS)
    return DONE
