"""Comments on an item: between the cel and the item's eigenaars, with @mentions, never for the raad."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import CEL, COUNCIL
from notifications.mentions import post_comment
from notifications.models import EmailReason, SentEmail
from organisations.membership import add_member, members
from plans.comments import EMPTY, MAY_NOT_COMMENT, add_comment, may_see_comments, mentioned_users, readers
from plans.models import Action, ActionPlan, Comment
from plans.preferences import set_reminders
from reporting.rounds import open_round
from tests.factories import OrganisationFactory, default_organisation
from tests.helpers import database_state
from tests.printing import printed_text
from tests.security.world import _owners

SITE = "https://plan.gemeente.be"
SECRET = "ZEGWOORD-intern-7Q"


@pytest.fixture
def owned(plan):
    """eigenaar-welzijn owns actieplan 40 (and so 40.1) through Dienst welzijn; eigenaar-ander owns 10."""
    _owners(plan)
    User = get_user_model()
    return {
        "plan": plan,
        "action": Action.objects.get(action_plan__plan=plan, number="40.1"),
        "action_plan": ActionPlan.objects.get(plan=plan, number="40"),
        "own": User.objects.get(username="eigenaar-welzijn"),
        "other": User.objects.get(username="eigenaar-ander"),
    }


def test_the_cel_comments_and_a_mentioned_eigenaar_gets_one_email(owned, users, committed, settings):
    settings.SITE_URL = SITE
    round = open_round(plan=owned["plan"], name="Rapportering juni 2018", date=datetime.date(2018, 6, 1))
    with committed():
        comment = post_comment(
            owned["action"],
            users["cel"],
            "  @eigenaar-welzijn, kun je de cijfers aanvullen? @eigenaar-welzijn ",
        )
    assert comment.text == "@eigenaar-welzijn, kun je de cijfers aanvullen? @eigenaar-welzijn"
    assert list(comment.mentions.all()) == [owned["own"]]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eigenaar-welzijn@example.org"]
    link = f"{SITE}/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/"
    assert "kun je de cijfers aanvullen?" in message.body and link in message.body
    sent = SentEmail.objects.get()
    assert (sent.reason, sent.round, sent.recipient, sent.delivered) == (
        EmailReason.MENTION,
        round,
        owned["own"],
        True,
    )


def test_a_mention_posted_on_the_page_links_to_the_site_url_not_to_the_requests_host(
    owned, users, client, committed, settings
):
    """Behind a proxy or on another port, the request's host is not the address users open."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["intern.lokaal"]
    client.force_login(users["cel"])
    path = f"/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/"
    with committed():
        response = client.post(path, {"text": "@eigenaar-welzijn, graag"}, HTTP_HOST="intern.lokaal")
    assert response.status_code == 302
    [message] = mail.outbox
    assert f"{SITE}{path}" in message.body and "intern.lokaal" not in message.body


def test_the_email_waits_for_the_commit_and_is_never_sent_for_a_comment_rolled_back(
    owned, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        post_comment(owned["action"], users["cel"], "@eigenaar-welzijn, kijk eens")
    assert mail.outbox == [] and SentEmail.objects.count() == 0
    assert len(waiting) == 1  # rolled back (the test's transaction): it never runs


def test_a_mention_ignores_the_reminder_opt_out_and_has_no_round_without_an_open_one(owned, users, committed):
    set_reminders(owned["own"], reminders=False, by=owned["own"])
    with committed():
        post_comment(owned["action"], users["cel"], "Zie je dit, @Eigenaar-Welzijn?")
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().round is None


def test_an_eigenaar_comments_on_their_own_item_and_mentions_the_cel(owned, users, committed):
    colleague = get_user_model().objects.create_user("cel2", "", first_name="Greet")
    add_member(colleague, default_organisation(), CEL)  # no address: recorded as such
    get_user_model().objects.filter(username="cel").update(email="cel@example.org")
    with committed():
        comment = post_comment(owned["action_plan"], owned["own"], "Klaar, @cel. En @greet?")
    assert set(comment.mentions.all()) == {users["cel"], colleague}
    assert [message.to for message in mail.outbox] == [["cel@example.org"]]
    undelivered = SentEmail.objects.get(delivered=False)
    assert (undelivered.recipient, undelivered.error) == (colleague, "Geen e-mailadres bekend.")


@pytest.mark.parametrize("who", ["raad", "mt", "eigenaar-ander"])
def test_who_may_not_read_the_thread_cannot_be_mentioned_and_nothing_changes(owned, users, who, committed):
    before = database_state()
    with pytest.raises(ValidationError) as refused, committed():
        post_comment(owned["action"], users["cel"], f"Weet @{who} hier meer over?")
    message = refused.value.messages[0]
    assert f"@{who}) kan de opmerkingen bij dit item niet lezen en kan dus niet vermeld worden." in message
    assert "Haal de vermelding weg. U kunt wel vermelden: " in message
    suggested = message.split("U kunt wel vermelden: ")[1]
    assert "@eigenaar-welzijn" in suggested and "@raad" not in suggested and "@cel)" not in suggested
    assert database_state() == before and mail.outbox == []


def test_whom_a_comment_may_mention_is_who_may_read_the_thread(owned, users):
    from organisations.membership import activate, active_memberships

    item = owned["action"]
    allowed = set(readers(item))
    for user in members(default_organisation()):
        [membership] = [m for m in active_memberships(user) if m.organisation == default_organisation()]
        activate(user, membership.organisation, membership.role)
        assert (user in allowed) == may_see_comments(user, item), user.username
    assert {users["cel"], owned["own"]} <= allowed and not {users["raad"], owned["other"]} & allowed


def test_a_name_with_a_line_break_still_gives_a_one_line_subject(owned, users, committed):
    get_user_model().objects.filter(username="cel").update(first_name="Cel\r\nBcc: iedereen@example.org")
    users["cel"].refresh_from_db()
    with committed():
        post_comment(owned["action"], users["cel"], "@eigenaar-welzijn: graag")
    [message] = mail.outbox
    assert message.subject == "Cel Bcc: iedereen@example.org vermeldt u bij Actie 40.1"
    assert message.bcc == [] and "\n" not in message.message()["Subject"]
    assert SentEmail.objects.get().delivered


@pytest.mark.parametrize("who", ["other", "raad", "mt"])
def test_who_does_not_own_the_item_may_not_comment_and_nothing_changes(owned, users, who):
    author = owned["other"] if who == "other" else users[who]
    before = database_state()
    with pytest.raises(PermissionDenied) as refused:
        post_comment(owned["action"], author, "Mag ik dit?")
    assert str(refused.value) == str(MAY_NOT_COMMENT)
    assert database_state() == before
    assert mail.outbox == []


@pytest.mark.parametrize("text", ["", "   \n  ", "x" * 2001])
def test_an_empty_or_too_long_comment_is_refused_in_dutch_and_nothing_changes(owned, users, text):
    before = database_state()
    with pytest.raises(ValidationError) as refused:
        add_comment(owned["action"], users["cel"], text)
    message = refused.value.messages[0]
    assert message == str(EMPTY) if not text.strip() else "2001 tekens" in message
    assert database_state() == before


def test_2000_characters_after_trimming_are_kept(owned, users):
    comment = add_comment(owned["action"], users["cel"], "  " + "x" * 2000 + "\n")
    assert len(comment.text) == 2000


def test_a_first_name_mentions_only_when_unique_and_only_users_who_see_the_plan(owned, users):
    User = get_user_model()
    organisation = default_organisation()
    sofie = User.objects.create_user("sjanssens", "sofie@example.org", first_name="Zulma")
    add_member(sofie, organisation, COUNCIL)
    for name in ("jan1", "jan2"):
        add_member(
            User.objects.create_user(name, f"{name}@example.org", first_name="Jan"), organisation, COUNCIL
        )
    User.objects.create_user("buiten", "buiten@example.org", first_name="Buiten")  # no role
    elsewhere = User.objects.create_user("elders", "elders@example.org", first_name="Elders")
    add_member(elsewhere, OrganisationFactory(), COUNCIL)
    found = mentioned_users(
        "@zulma en @jan en @buiten en @elders en @niemand, mail naar x@eigenaar-ander.be", organisation
    )
    assert found == [sofie]
    assert mentioned_users("@jan1", organisation) == [User.objects.get(username="jan1")]


def test_script_in_a_comment_is_shown_escaped(owned, users, client):
    add_comment(owned["action"], users["cel"], "<script>alert('x')</script>")
    client.force_login(users["cel"])
    response = client.get(f"/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/")
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.content


def test_the_thread_page_reads_the_same_number_of_queries_for_one_or_many_comments(
    owned, users, client, django_assert_max_num_queries
):
    client.force_login(owned["own"])
    url = f"/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/"
    add_comment(owned["action"], users["cel"], "Eén @eigenaar-welzijn")
    client.get(url)  # the session's renewal
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(10):
        add_comment(owned["action"], users["cel"], f"Nog een, {number}, @eigenaar-welzijn @cel")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.count(b'id="opmerking-') == 11


def test_comments_show_to_the_cel_and_the_items_eigenaars_only(owned, users, client):
    url = f"/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/"
    seen = {}
    for name, user in [
        ("cel", users["cel"]),
        ("own", owned["own"]),
        ("other", owned["other"]),
        ("raad", users["raad"]),
    ]:
        client.force_login(user)
        seen[name] = client.get(url).status_code
    assert seen == {"cel": 200, "own": 200, "other": 403, "raad": 403}


def test_the_action_plan_page_links_the_threads_for_who_may_read_them(owned, users, client):
    add_comment(owned["action"], users["cel"], "Hier")
    page = f"/plannen/{owned['plan'].slug}/actieplannen/40/"
    client.force_login(owned["own"])
    content = client.get(page).content.decode()
    assert f"/actie/{owned['action'].pk}/opmerkingen/" in content
    client.force_login(users["raad"])
    assert "opmerkingen/" not in client.get(page).content.decode()


def _zipped_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def _outputs(client, plan, round) -> dict[str, str]:
    base = f"/plannen/{plan.slug}/rapporteringen/{round.pk}"
    return {
        "workbook": _zipped_text(client.get(f"{base}/rapportering.xlsx").getvalue()),
        "verslag": client.get(f"{base}/verslag/").content.decode(),
        "word": _zipped_text(client.get(f"{base}/verslag.docx").getvalue()),
        "pdf": printed_text(client.get(f"{base}/verslag.pdf").getvalue()),
    }


def test_comments_never_appear_in_the_raads_workbook_or_verslag(owned, users, client):
    round = open_round(plan=owned["plan"], name="Rapportering juni 2018", date=datetime.date(2018, 6, 1))
    for item in (owned["action"], owned["action_plan"]):
        add_comment(item, users["cel"], f"{SECRET} niet voor de raad")
    client.force_login(users["raad"])
    outputs = _outputs(client, owned["plan"], round)
    assert "40.1" in outputs["workbook"] and "40" in outputs["verslag"]
    assert {name: SECRET in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)


def test_comments_never_appear_in_the_bbc_reports(users, client):
    from plans.models import Status
    from rounds.models import RoundKind
    from tests.factories import ActionFactory, ActionPlanFactory, PlanFactory

    plan = PlanFactory(slug="bbc", start_year=2026, end_year=2031)
    action_plan = ActionPlanFactory(plan=plan, number="10", title="Veilig verkeer", priority=True)
    action = ActionFactory(
        action_plan=action_plan, number="10.1", title="Fietspaden", priority=True, status=Status.IN_PROGRESS
    )
    round = open_round(
        plan=plan,
        name="Opvolgingsrapportering 2026",
        date=datetime.date(2026, 7, 15),
        kind=RoundKind.FOLLOW_UP,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    add_comment(action, users["cel"], f"{SECRET} intern")
    client.force_login(users["raad"])
    outputs = _outputs(client, plan, round)
    assert "Fietspaden" in outputs["verslag"]
    assert {name: SECRET in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)
    assert Comment.objects.count() == 1


def test_the_form_suggests_only_who_may_read_the_thread(owned, users, client):
    client.force_login(users["cel"])
    page = client.get(
        f"/plannen/{owned['plan'].slug}/actie/{owned['action'].pk}/opmerkingen/"
    ).content.decode()
    hint = page[page.index('id="comment-mentionable"') :].split("</p>")[0]
    assert "U kunt vermelden wie deze opmerkingen kan lezen:" in hint and "@eigenaar-welzijn" in hint
    assert "@raad" not in hint and "@eigenaar-ander" not in hint and "@cel)" not in hint
