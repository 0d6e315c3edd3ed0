"""Ten editors saving the same action at the same moment: no update is lost, none is silent."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.roles import CEL
from plans.models import Action, Status
from tests.factories import ActionFactory

EDITORS = 10


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_saves_of_one_field_give_one_success_and_nine_conflicts(role_groups, make_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks tables per thread; runs on PostgreSQL")
    action = ActionFactory(status=Status.IN_PROGRESS, explanation="Zoals geladen.")
    url = reverse("plans:save_status", args=[action.action_plan.plan.slug, "actie", action.pk])
    loaded = {"version": action.version, "seen_status": action.status, "seen_explanation": action.explanation}
    clients = []
    for n in range(EDITORS):
        client = Client()
        client.force_login(make_user(f"editor{n}", CEL))
        clients.append(client)
    history_before = action.history.count()
    start, statuses = threading.Barrier(EDITORS), [None] * EDITORS

    def save(n: int) -> None:
        try:
            start.wait()
            data = {**loaded, "status": Status.COMPLETED, "explanation": f"Tekst van editor {n}."}
            statuses[n] = clients[n].post(url, data).status_code
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=save, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    successes, conflicts = statuses.count(200), statuses.count(409)
    assert (successes, conflicts) == (1, EDITORS - 1), statuses
    action.refresh_from_db()
    winner = statuses.index(200)
    assert action.explanation == f"Tekst van editor {winner}."
    assert action.history.count() - history_before == successes
    assert action.history.first().history_user.username == f"editor{winner}"
    assert Action.objects.get(pk=action.pk).version == loaded["version"] + 1
