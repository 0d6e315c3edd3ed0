"""The e-mail a user gets when a comment mentions them: one per mentioned user, with the text and a
link to the item's thread, recorded as a SentEmail (reason "vermelding"). Sent whatever the user
chose for reminders: a mention is addressed to them, not a reminder. Sent by a task once the comment
is committed, never inside the request; an address the mail server refuses is recorded with its
error, and the others are still sent."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from django_tasks import task

from core.people import person
from core.site import absolute
from notifications.mailing import compose, send_all
from notifications.models import EmailReason, SentEmail
from plans.comments import add_comment, plan_of
from plans.items import KINDS
from plans.models import Comment, PlanItem
from rounds.models import ReportingRound, RoundState


def open_round_of(plan) -> ReportingRound | None:
    return ReportingRound.objects.filter(plan=plan, state=RoundState.OPEN).order_by("-date", "-pk").first()


def post_comment(item: PlanItem, author, text: str) -> Comment:
    """Add the comment (``plans.comments.add_comment``, which refuses what is not allowed); once it is
    committed, a task e-mails each user it mentions."""
    with transaction.atomic():
        comment = add_comment(item, author, text)
        if comment.mentions.exclude(pk=author.pk).exists():
            transaction.on_commit(lambda: send_mention_emails.enqueue(comment.pk), robust=True)
    return comment


def thread_link(comment: Comment, plan) -> str:
    """The comment's thread, as a link for an e-mail (``SITE_URL``, never a request's host)."""
    return absolute(reverse("reporting:comments", args=[plan.slug, comment.kind, comment.item_id]))


def send_mentions(comment: Comment) -> list[SentEmail]:
    """One e-mail per mentioned user (the author aside), over one connection, each recorded."""
    recipients = [user for user in comment.mentions.all() if user.pk != comment.author_id]
    if not recipients:
        return []
    item = KINDS[comment.kind].objects.get(pk=comment.item_id)
    plan = plan_of(item)
    subject = _("%(author)s vermeldt u bij %(item)s") % {"author": person(comment.author), "item": item}
    link = thread_link(comment, plan)
    context = {"author": comment.author, "item": item, "text": comment.text, "link": link}
    outgoing = [
        compose(
            "mention",
            context,
            round=open_round_of(plan),
            recipient=user,
            reason=EmailReason.MENTION,
            subject=subject,
            item_count=1,
            organisation_id=plan.organisation_id,
        )
        for user in recipients
    ]
    return send_all(outgoing)


@task()
def send_mention_emails(comment_id: int, link: str = "") -> dict:
    """The task: one comment's mention e-mails; how many were delivered and refused. ``link`` is
    ignored: tasks queued by an earlier release still carry it; the link is made from SITE_URL now."""
    with scopes_disabled():  # a worker serves every organisation; the comment names its own
        comment = Comment.objects.select_related("author").get(pk=comment_id)
        sent = send_mentions(comment)
    return {
        "delivered": sum(mail.delivered for mail in sent),
        "refused": sum(not mail.delivered for mail in sent),
    }
