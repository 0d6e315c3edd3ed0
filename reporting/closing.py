"""Closing a round from its page: the request records who asked (``RoundClosing``) and a task closes
it (``reporting.rounds.close_round``: freezing every item and rendering the workbook takes seconds on
a big plan), while the round's page follows it. If it cannot be closed, the round stays open and its
page says why."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope
from django_tasks import task

from core import background, clock
from reporting.rounds import ALREADY_CLOSED, CHANGE_ROUNDS, close_round
from rounds.models import ClosingState, ReportingRound, RoundClosing

log = logging.getLogger(__name__)

BEING_CLOSED = gettext_lazy("%(round)s wordt al afgesloten. Deze pagina toont het zodra het klaar is.")
FAILED = gettext_lazy(
    "Er ging iets mis bij het afsluiten. De rapportering is niet afgesloten en er is niets veranderd."
)


def request_close(round: ReportingRound, *, by) -> RoundClosing | None:
    """Have the round closed by a task. None when it is closed already (where tasks run at once);
    else the request, which its page follows. Refused (PermissionDenied) to who may not change rounds,
    and (ValidationError) for a closed round or one being closed."""
    if not by.has_perm(CHANGE_ROUNDS):
        raise PermissionDenied
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if round.is_closed:
            raise ValidationError(ALREADY_CLOSED, code="already_closed", params={"round": round})
        earlier = RoundClosing.objects.filter(round=round).first()
        if earlier is not None and background.shown_state(earlier) != ClosingState.FAILED:
            raise ValidationError(BEING_CLOSED, code="being_closed", params={"round": round})
        RoundClosing.objects.filter(round=round).delete()  # a failed request: its reason is read
        try:
            closing = RoundClosing.objects.create(round=round, requested_by=by, requested_at=clock.now())
        except IntegrityError as error:  # asked at the same moment by someone else
            raise ValidationError(BEING_CLOSED, code="being_closed", params={"round": round}) from error
        close_requested_round.enqueue(closing.pk)  # its row commits with the request's
    return RoundClosing.objects.filter(pk=closing.pk).first()


@task(queue_name=background.OUTPUTS_QUEUE)  # closing renders the round's workbook
def close_requested_round(closing_id: int) -> str:
    """The task: close the round; a refusal or a crash leaves it open, with the reason for its page."""
    closing = background.take(RoundClosing, closing_id, "round__plan", "requested_by")
    if closing is None:
        return "gone"
    requests = RoundClosing.objects.filter(pk=closing.pk)
    with scope(organisation=closing.round.plan.organisation_id), translation.override(settings.LANGUAGE_CODE):
        try:
            close_round(closing.round, by=closing.requested_by)
        except (ValidationError, PermissionDenied) as refusal:
            message = (
                " ".join(refusal.messages)
                if isinstance(refusal, ValidationError)
                else _("U mag deze rapportering niet (meer) afsluiten.")
            )
            requests.update(state=ClosingState.FAILED, message=message)
            return ClosingState.FAILED
        except Exception:
            log.exception("%s kon niet worden afgesloten", closing.round)
            requests.update(state=ClosingState.FAILED, message=str(FAILED))
            raise
        requests.delete()
    return "closed"
