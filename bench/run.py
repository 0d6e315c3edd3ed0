"""make bench: build a large plan in a scratch database and measure, as ratios against baselines.

Not a test: it prints one table (and writes bench/last.md, or bench/last-postgresql.md on PostgreSQL).
Each time is the median of several runs; each figure is compared with a baseline measured in the same
run on the same machine.
"""

import contextlib
import datetime
import io
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="plan-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"  # plain static files, no manifest

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from import_export import resources  # noqa: E402

from core import changes  # noqa: E402
from organisations.membership import add_member  # noqa: E402
from plans.models import Action, ActionPlan, Amount, AmountKind, Category, Direction, Plan, Status  # noqa: E402
from plans.search import MAX_HITS, search  # noqa: E402
from reporting.amounts_import import apply_amounts, read_amounts  # noqa: E402
from reporting.bbc_reports import build_bbc_report  # noqa: E402
from reporting.bbc_workbook import bbc_tabs, build_bbc_workbook  # noqa: E402
from reporting.indicator_tab import MAX_CHARTS  # noqa: E402
from reporting.round_trip import import_rapportering  # noqa: E402
from reporting.rounds import close_round, open_round, round_rows  # noqa: E402
from reporting.upload import read_upload  # noqa: E402
from reporting.workbook import build_workbook, tabs  # noqa: E402
from rounds.models import RoundKind, RoundState  # noqa: E402
from tests.zips import declaring, sheet, workbook, zipped  # noqa: E402  (crafted uploads)
from uploads.reading import UploadRefused  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SEARCH_WORD = "kinderopvang"  # in about one title in fifteen
SIZE = {"goals": 20, "actionplans": 500, "actions": 10_000, "projects": 1_000, "rounds": 10}
INDICATORS = 2_000  # each with 10 values and 2 targets, added after the plan (a timed line of its own)
rows_out: list[tuple[str, str, str, str]] = []


def test_environment() -> None:
    """The test client's environment, once: a line run alone sets it up, the full run already has."""
    with contextlib.suppress(RuntimeError):  # set up by an earlier line of the same run
        setup_test_environment()


def median_time(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_only_floor(precomputed: dict[str, list[list]]) -> None:
    """The same cell values of every tab, unstyled, from lists in memory: the least a workbook costs."""
    book = openpyxl.Workbook(write_only=True)
    for title, values_per_row in precomputed.items():
        sheet = book.create_sheet(title)
        for values in values_per_row:
            sheet.append(values)
    book.save(io.BytesIO())


def peak_mb(function) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def report(what: str, figure: str, baseline: str, ratio: str) -> None:
    rows_out.append((what, figure, baseline, ratio))
    print(f"  {what}: {figure} | {baseline} | {ratio}", flush=True)


class NaiveActionResource(resources.ModelResource):
    """What a Django developer writes first: a plain ModelResource over the actions."""

    class Meta:
        model = Action
        fields = (
            "action_plan__number",
            "action_plan__title",
            "number",
            "title",
            "status",
            "explanation",
            "responsible",
            "life_cycle",
        )


def refuse(data: bytes) -> None:
    try:
        read_upload(io.BytesIO(data), len(data))
    except UploadRefused:
        return
    raise AssertionError("a hostile upload was not refused")


def rows_over_the_limit(book) -> bytes:
    sheet = book["Acties"]
    for index in range(100_000):
        sheet.append(["10", "", f"10.{index + 100_000}", "", "loopt"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


LOGIN_HASHERS = {
    "argon2": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "pbkdf2": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
}


def log_in_time(hasher: str) -> float:
    """Median server time of a real login (the form posted, the password checked) with ``hasher``."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=[hasher]):
        username = f"login-{hasher.rsplit('.', 1)[-1].lower()}"
        get_user_model().objects.create_user(username, password="een-lang-wachtwoord")
        times = []
        for _ in range(RUNS + 2):
            client = Client()
            started = time.perf_counter()
            response = client.post(
                reverse("login"), {"username": username, "password": "een-lang-wachtwoord"}
            )
            times.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
    return statistics.median(times[1:])


def with_bbc_money(plan: Plan, user) -> None:
    """Issue 15's shape on the big plan, unless the generator made it already: a third of the acties
    prioritair, ramingen for the six years of the plan and the last year's realisaties on every actie."""
    actions = list(Action.objects.in_plan(plan).order_by("pk"))
    if not any(action.priority for action in actions):
        marked = actions[::3]
        for action in marked:
            action.priority = True
        changes.update_many(marked, ["priority"], by=user, reason="bench: prioritair")
    if Amount.objects.filter(action__action_plan__plan=plan).exists():
        return
    years = range(plan.start_year, plan.end_year + 1)
    lines = [
        Amount(
            action=a, kind=AmountKind.ESTIMATE, year=y, category=c, direction=Direction.EXPENSE, amount=amount
        )
        for n, a in enumerate(actions)
        for y in years
        for c, amount in (
            (Category.OPERATING, Decimal(1000 + n % 977)),
            (Category.INVESTMENT, Decimal(n % 50) * 100),
        )
    ]
    lines += [
        Amount(
            action=a,
            kind=AmountKind.ACTUAL,
            year=plan.end_year,
            category=Category.OPERATING,
            direction=Direction.EXPENSE,
            amount=Decimal(500 + n % 613) + Decimal("0.25"),
        )
        for n, a in enumerate(actions)
    ]
    changes.create_many(lines, by=user, reason="bench: ramingen en realisaties", batch_size=5000)


def bench_bbc_reports(plan: Plan, user) -> None:
    """The opvolgingsrapportering workbook of the big plan against openpyxl write-only writing the same
    values from lists in memory (issue 15: at most 2×)."""
    started = time.perf_counter()
    with_bbc_money(plan, user)
    print(f"BBC money: {time.perf_counter() - started:.1f} s")
    for still_open in plan.rounds.filter(state="open"):
        close_round(still_open, by=user)
    follow_up = open_round(
        plan=plan,
        name="Opvolgingsrapportering bench",
        date=datetime.date(plan.end_year, 9, 15),
        kind=RoundKind.FOLLOW_UP,
        period_start=datetime.date(plan.end_year, 1, 1),
        period_end=datetime.date(plan.end_year, 6, 30),
        by=user,
    )

    def ours() -> None:
        build_bbc_workbook(build_bbc_report(follow_up), io.BytesIO())

    precomputed = {
        title: [[column.value(row) for column in columns] for row in rows]
        for title, columns, rows in bbc_tabs(build_bbc_report(follow_up))
    }

    def floor() -> None:
        write_only_floor(precomputed)

    t_ours, t_floor = median_time(ours), median_time(floor)
    report(
        f"Opvolgingsrapportering workbook ({len(precomputed['Stand van zaken'])} prioritaire items, "
        f"{len(precomputed['Financiën'])} money rows; ramingen of 6 years on every actie)",
        f"{t_ours:.2f} s (from the database)",
        f"openpyxl write-only floor {t_floor:.2f} s (same values, from memory)",
        f"{t_ours / t_floor:.1f}× the floor; target ≤ 2×",
    )


def bench_owner_pages(plan: Plan, user) -> None:
    """The status pages for an eigenaar (who may edit is decided per row, without a query per row)
    against the same pages for the cel-like superuser, nothing cached, in the same run."""
    from django.db.models import Count

    from core.roles import OWNER
    from plans.models import Department

    eigenaar = get_user_model().objects.create_user("bench-eigenaar")
    add_member(eigenaar, plan.organisation, OWNER)
    dienst = changes.save(
        Department(organisation=plan.organisation, name="Bench dienst"),
        by=None,
        links={"members": [eigenaar]},
    )
    action_plans = list(ActionPlan.objects.in_plan(plan).order_by("sort_key"))
    for action_plan in action_plans[::2]:  # every other actieplan, with its acties
        changes.update(action_plan, {"department": dienst}, by=None, version=action_plan.version)
    biggest = ActionPlan.objects.in_plan(plan).annotate(n=Count("actions")).order_by("-n").first()

    def timed(client: Client, url: str) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 1):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append(time.perf_counter() - started)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    clients = {}
    for who in (user, eigenaar):
        clients[who] = Client()
        clients[who].force_login(who)
    for name, url in (
        (
            f"Status page of an actieplan ({biggest.n} acties), nothing cached",
            reverse("plans:action_plan_status", args=[plan.slug, biggest.number]),
        ),
        (
            "Whole plan status page (20 actieplannen per page), nothing cached",
            reverse("plans:plan_status", args=[plan.slug]),
        ),
    ):
        cel_time, cel_queries = timed(clients[user], url)
        owner_time, owner_queries = timed(clients[eigenaar], url)
        report(
            f"{name}, for an eigenaar of every other actieplan",
            f"{owner_time * 1000:.0f} ms, {owner_queries} queries",
            f"the cel {cel_time * 1000:.0f} ms, {cel_queries} queries",
            f"{owner_time / cel_time:.2f}× the cel's",
        )


def amounts_lines(plan: Plan, count: int) -> bytes:
    """A finance package's CSV of ``count`` realisatie lines over the plan's acties, years, categories
    and directions, in the Flemish way (semicolons, decimal comma)."""
    numbers = list(Action.objects.in_plan(plan).order_by("sort_key").values_list("number", flat=True))
    years = range(plan.start_year, plan.end_year + 1)
    lines = ["actie;jaar;categorie;uitgave/ontvangst;bedrag"]
    for index in range(count):
        number = numbers[index % len(numbers)]
        key = index // len(numbers)
        year, category, direction = years[key % len(years)], "EIF"[key // len(years) % 3], "UO"[key % 2]
        lines.append(
            f"{number};{year};{category};{direction};{index % 997 + 1}.{index % 1000:03d},{index % 100:02d}"
        )
    return "\n".join(lines).encode()


def bench_amounts_import(plan: Plan, user, count: int = 100_000) -> None:
    """Importing realisaties from the finance package: read and preview, then apply all of it."""
    data = amounts_lines(plan, count)
    started = time.perf_counter()
    read_amounts(io.BytesIO(data), len(data), filename="bench.csv", plan=plan, kind=AmountKind.ACTUAL)
    t_read = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        upload = read_amounts(
            io.BytesIO(data), len(data), filename="bench.csv", plan=plan, kind=AmountKind.ACTUAL
        )
        apply_amounts(upload, by=user)
        t_apply, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert upload.applied and upload.ok, upload.shown_errors[:3]
    report(
        f"Import {count:,} realisatie lines (CSV): read, preview and apply",
        f"{t_apply:.1f} s ({cpu:.1f} s CPU), {len(queries)} queries",
        f"read and preview only {t_read:.1f} s",
        f"{len(queries) / count:.4f} queries per line; {t_apply / t_read:.1f}× the preview; target < 30 s",
    )


def with_statuses_moved_on(exported: bytes) -> tuple[bytes, int]:
    """The exported round workbook with every action's status moved to the next one; and how many."""
    book = openpyxl.load_workbook(io.BytesIO(exported))
    labels = [str(label) for label in Status.labels]
    changed = 0
    for row in book["Acties"].iter_rows(min_row=2):
        if row[2].value:
            row[4].value = labels[(labels.index(row[4].value) + 1) % len(labels)]
            changed += 1
    edited = io.BytesIO()
    book.save(edited)
    return edited.getvalue(), changed


def bench_upload_flow(plan: Plan, user, round) -> None:
    """Issue 29's target: a round trip of every action through the upload pipeline as ``make run``
    has it (the request keeps the file and enqueues; a worker reads it into a preview, parsing it in a
    child process under limits; the request confirms; a worker applies it), against the same import
    by the command, ``--dry-run`` and then for real, each on a workbook of as many changes."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from reporting.importers import ROUND_TRIP
    from uploads import flow
    from uploads.models import PendingImport, UploadState

    def exported() -> bytes:
        output = io.BytesIO()
        build_workbook(round_rows(round), output)
        return output.getvalue()

    data, changed = with_statuses_moved_on(exported())
    path = SCRATCH / "bench-command.xlsx"
    path.write_bytes(data)
    started = time.perf_counter()
    call_command("import_rapportering", str(path), "--plan", plan.slug, "--dry-run", stdout=io.StringIO())
    call_command(
        "import_rapportering", str(path), "--plan", plan.slug, "--user", user.username, stdout=io.StringIO()
    )
    t_command = time.perf_counter() - started

    data, _changed = with_statuses_moved_on(exported())
    queued = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "outputs"]}
    }
    with override_settings(TASKS=queued, PARSE_APART=True):
        timed = {}
        started = time.perf_counter()
        file = SimpleUploadedFile("bench.xlsx", data)
        pending = flow.start(ROUND_TRIP, user=user, file=file, plan=plan, organisation=plan.organisation)
        timed["start"] = time.perf_counter() - started
        started = time.perf_counter()
        flow.read_upload.call(pending.pk)
        timed["read"] = time.perf_counter() - started
        pending = PendingImport.objects.get(pk=pending.pk)
        assert pending.state == UploadState.PREVIEWED and pending.ready, pending.message
        started = time.perf_counter()
        flow.confirm(pending, user)
        timed["confirm"] = time.perf_counter() - started
        started = time.perf_counter()
        flow.apply_upload.call(pending.pk)
        timed["apply"] = time.perf_counter() - started
    assert PendingImport.objects.get(pk=pending.pk).state == UploadState.APPLIED
    total = sum(timed.values())
    report(
        f"Import {changed} changed rows through the upload page's tasks (the parse in a child process)",
        f"{total:.1f} s (read {timed['read']:.1f} s, apply {timed['apply']:.1f} s); the requests "
        f"{timed['start'] * 1000:.0f} and {timed['confirm'] * 1000:.0f} ms",
        f"the command, --dry-run then for real {t_command:.1f} s",
        f"{total / t_command:.2f}× the command; targets ≤ 1.3× and every request < 1 s",
    )


def bench_reminders(plan: Plan, user, eigenaars: int = 300) -> None:
    """One round's reminders for the big plan with ``eigenaars`` owners (250 owning actieplannen, with
    their acties, directly; 50 in five diensten owning the projects), sent to a local SMTP server
    (aiosmtpd) over one connection, against sending the same e-mails already built."""
    from aiosmtpd.controller import Controller
    from django.core.mail import get_connection
    from django.test import override_settings

    from notifications.models import SentEmail
    from notifications.reminders import outgoing, reminders_of, send_reminders
    from plans.models import Department, Project
    from rounds.models import ReportingRound
    from tests.mail import Collector, free_port

    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"eigenaar-{n}", email=f"eigenaar-{n}@gemeente.be", first_name=f"E{n}")
        for n in range(eigenaars)
    )
    from core.roles import OWNER
    from organisations.models import Membership

    changes.create_many(  # reminders go to the organisation's members only
        [Membership(user=person, organisation=plan.organisation, role=OWNER) for person in people],
        by=user,
        reason="bench",
    )
    direct, grouped = people[:250], people[250:]
    action_plans = list(ActionPlan.objects.in_plan(plan).order_by("sort_key"))
    for index, action_plan in enumerate(action_plans):
        action_plan.owner = direct[index % len(direct)]
    changes.update_many(action_plans, ["owner"], by=user, reason="bench")
    departments = []
    for n in range(5):
        members = grouped[n * 10 : (n + 1) * 10]
        department = changes.save(
            Department(organisation=plan.organisation, name=f"Dienst {n}", head=members[0]),
            by=user,
            links={"members": members},
        )
        departments.append(department)
    projects = list(Project.objects.filter(plan=plan))
    for index, project in enumerate(projects):
        project.department = departments[index % len(departments)]
    changes.update_many(projects, ["department"], by=user, reason="bench")
    day = datetime.date(2031, 1, 10)
    round = open_round(plan=plan, name="Rapportering herinneringen", date=day, by=user)
    round.opened_on, round.deadline = day, day + datetime.timedelta(days=60)
    changes.save(round, by=user)

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    collector = Collector()
    server = Controller(collector, hostname="127.0.0.1", port=free_port())
    server.start()
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_USE_TLS": False}
    smtp |= {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": server.port, "EMAIL_USE_SSL": False}
    try:
        with override_settings(**smtp):
            times, queries = [], 0
            for _ in range(RUNS):
                SentEmail.objects.filter(round=round).delete()  # scratch data: send the round again
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    done = send_reminders(day)
                    times.append(time.perf_counter() - started)
                queries = len(captured)
                assert len(done) == eigenaars and all(sent.delivered for _r, sent in done), len(done)
            t_ours = statistics.median(times)
            SentEmail.objects.filter(round=round).delete()
            built = [
                outgoing(r).message() for r in reminders_of(ReportingRound.objects.get(pk=round.pk), day)
            ]

            def floor() -> None:
                with get_connection() as mail:
                    mail.send_messages(built)

            t_floor = median_time(floor)
    finally:
        server.stop()
    connections = len({mail.peer for mail in collector.received[: eigenaars * RUNS]}) // RUNS
    items = sum(len(r.items) for r, _sent in done)
    report(
        f"Reminders of one round: {eigenaars} eigenaars, {items} open items, over SMTP (aiosmtpd)",
        f"{t_ours:.2f} s, {queries} queries, {connections} connection(s) per run",
        f"sending the same {len(built)} e-mails already built {t_floor:.2f} s",
        f"{t_ours / t_floor:.1f}× the floor; {queries / eigenaars:.3f} queries per eigenaar; target < 10 s",
    )


def with_departments(plan: Plan, count: int = 30, members: int = 10) -> None:
    """Issue 16's scale: 300 eigenaars in 30 diensten, each dienst owning some actieplannen (so their
    acties too)."""
    from plans.models import Department

    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"dienstlid-{n}", email=f"dienstlid-{n}@example.org")
        for n in range(count * members)
    )
    departments = [
        changes.save(
            Department(organisation=plan.organisation, name=f"Voortgangsdienst {n}"),
            by=None,
            links={"members": people[n * members : (n + 1) * members]},
        )
        for n in range(count)
    ]
    action_plans = list(ActionPlan.objects.in_plan(plan).order_by("pk"))
    for n, action_plan in enumerate(action_plans):
        action_plan.owner, action_plan.department = None, departments[n % count]  # one eigenaar at most
    changes.update_many(action_plans, ["owner", "department"], by=None, reason="bench: diensten")


def build_indicators(plan: Plan, plan_seconds: float) -> None:
    """The big plan's indicators in bulk (``demo/synthetic_indicators.py``), against building the rest of the
    plan in the same run."""
    from demo.synthetic_indicators import generate_indicators

    user = get_user_model().objects.get(username="synth-cel")
    started = time.perf_counter()
    generate_indicators(plan, count=INDICATORS, by=user)
    seconds = time.perf_counter() - started
    report(
        f"Build {INDICATORS:,} indicators × 10 values (+ 2 targets each, history, links) in bulk",
        f"{seconds:.1f} s",
        f"generate_plan for the rest of the plan {plan_seconds:.1f} s",
        f"{seconds / plan_seconds:.2f}× the plan's build",
    )


def bench_indicator_pages(plan: Plan, user) -> None:
    """The indicator list and an actieplan's status page (which shows its indicators) on the big plan,
    against the trivial view; the query count against the same pages of a plan with 10 indicators."""
    from django.db.models import Count

    from demo.synthetic import generate_plan

    with contextlib.suppress(RuntimeError):  # set up already when the pages' lines ran before
        test_environment()
    small = generate_plan(
        slug="tien-indicatoren",
        goals=2,
        action_plans=20,
        actions=40,  # two per actieplan: the generator writes proposals only for bigger ones
        projects=1,
        rounds=1,
        indicators=10,
        by=get_user_model().objects.get(username="synth-cel"),
        reviewer=get_user_model().objects.get(username="synth-mt"),
    )
    client = Client()
    client.force_login(user)

    def timed(url: str) -> tuple[float, int, int]:
        """Median seconds, queries, and the queries that read indicators."""
        times, queries, of_indicators = [], 0, 0
        for _run in range(RUNS + 2):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
            of_indicators = sum('"indicators_' in query["sql"] for query in captured.captured_queries)
        return statistics.median(times[1:]), queries, of_indicators

    def with_indicators(of: Plan) -> list[ActionPlan]:
        """The actieplannen with indicators (theirs or their acties'), fewest first, among those whose
        page reads no proposals (a page with proposals reads them in one more query)."""
        candidates = (
            ActionPlan.objects.in_plan(of).filter(proposals=None).exclude(actions__proposals__isnull=False)
        )
        counted = candidates.annotate(
            n=Count("indicators", distinct=True) + Count("actions__indicators", distinct=True)
        )
        return list(counted.filter(n__gt=0).order_by("n", "sort_key"))

    trivial, _queries, _none = timed("/health/")
    lines = [
        (
            f"Indicator list ({INDICATORS:,} indicators × 10 values)",
            reverse("indicators:list", args=[plan.slug]),
            reverse("indicators:list", args=[small.slug]),
            "a plan with 10 indicators",
        )
    ]
    pages = with_indicators(plan)
    most, fewest = pages[-1], pages[0]
    lines.append(
        (
            f"Status page of an actieplan with {most.n} indicators (its own and its acties')",
            reverse("plans:action_plan_status", args=[plan.slug, most.number]),
            reverse("plans:action_plan_status", args=[plan.slug, fewest.number]),
            f"an actieplan with {fewest.n}",
        )
    )
    for name, big_url, small_url, smaller in lines:
        latency, queries, of_indicators = timed(big_url)
        _small_latency, small_queries, small_of_indicators = timed(small_url)
        constant = "constant" if of_indicators == small_of_indicators else "NOT constant"
        report(
            name,
            f"{latency * 1000:.0f} ms, {queries} queries ({of_indicators} for the indicators)",
            f"trivial view {trivial * 1000:.1f} ms; {smaller}: {small_queries} ({small_of_indicators})",
            f"{latency / trivial:.0f}× the trivial view; indicator queries {constant}; target ≤ 100 ms",
        )


def bench_indicator_workbook(plan: Plan, user) -> None:
    """The round workbook with the Indicatoren and Grafieken tabs, against the write-only floor of
    the same cell values (every tab, indicators included)."""
    round = plan.rounds.filter(state=RoundState.OPEN).first() or open_round(
        plan=plan, name="Rapportering indicatoren", date=datetime.date(plan.end_year, 6, 30)
    )
    count = plan.indicators.count()

    def ours() -> None:
        build_workbook(round_rows(round), io.BytesIO())

    precomputed = {
        title: [[column.value(line) for column in columns] for line in lines]
        for title, columns, lines in tabs(round_rows(round))
    }

    def floor() -> None:
        write_only_floor(precomputed)

    t_ours, t_floor = median_time(ours), median_time(floor)
    report(
        f"Workbook with Indicatoren tab ({count} indicators, {MAX_CHARTS} native charts)",
        f"{t_ours:.2f} s",
        f"openpyxl write-only floor {t_floor:.2f} s (same values, from memory)",
        f"{t_ours / t_floor:.1f}× the floor; target ≤ 2×",
    )


def _row_bytes(table: str, where: str, params: list) -> int:
    """The bytes of a table's rows that match ``where``: on PostgreSQL the sum of ``pg_column_size`` of
    each row; on SQLite the sum of each column's stored size (``length`` of its bytes, 8 for a number,
    0 for NULL), the rows' serialised column sizes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT COALESCE(SUM(pg_column_size(t.*)), 0) FROM {table} t WHERE {where}", params
            )
            return int(cursor.fetchone()[0])
        cursor.execute(f"SELECT name FROM pragma_table_info('{table}')")
        columns = [row[0] for row in cursor.fetchall()]
        sizes = " + ".join(
            f"(CASE WHEN \"{c}\" IS NULL THEN 0 WHEN typeof(\"{c}\") IN ('integer', 'real') THEN 8 "
            f'ELSE length(CAST("{c}" AS BLOB)) END)'
            for c in columns
        )
        cursor.execute(f"SELECT COALESCE(SUM({sizes}), 0) FROM {table} WHERE {where}", params)
        return int(cursor.fetchone()[0])


def _column_bytes(table: str, where: str, params: list) -> dict[str, int]:
    """Per column, the bytes it takes in the matching rows (what dominates a snapshot)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
            )
            columns = [row[0] for row in cursor.fetchall()]
            parts = ", ".join(f'COALESCE(SUM(pg_column_size("{c}")), 0)' for c in columns)
        else:
            cursor.execute(f"SELECT name FROM pragma_table_info('{table}')")
            columns = [row[0] for row in cursor.fetchall()]
            parts = ", ".join(
                f"COALESCE(SUM(CASE WHEN \"{c}\" IS NULL THEN 0 WHEN typeof(\"{c}\") IN ('integer', 'real') "
                f'THEN 8 ELSE length(CAST("{c}" AS BLOB)) END), 0)'
                for c in columns
            )
        cursor.execute(f"SELECT {parts} FROM {table} WHERE {where}", params)
        return dict(zip(columns, map(int, cursor.fetchone()), strict=True))


def bench_version_snapshot(plan: Plan, user) -> None:
    """Issue 32: adopting a version (its snapshot, ``versions.adopting.record``) against closing a
    reporting round of the same plan (``reporting.rounds.close_round``: the frozen rows and the stored
    workbook) in the same run (target ≤ 1.5×); and the bytes of one version's snapshot against one closed
    round's frozen rows (target ≤ 2×)."""
    from indicators.models import FrozenIndicator
    from rounds.models import FrozenAmount, FrozenItem, FrozenProposal
    from versions import adopting
    from versions.models import PlanVersion, VersionItem

    for still_open in plan.rounds.filter(state=RoundState.OPEN):  # one round of a plan is open at a time
        close_round(still_open)
    adopt_times, close_times = [], []
    first_day = datetime.date(plan.end_year + 1, 1, 10)
    closed = None
    for run in range(RUNS):
        day = first_day + datetime.timedelta(days=run * 7)
        round = open_round(plan=plan, name=f"Bench sluiten {run}", date=day)
        started = time.perf_counter()
        closed = close_round(round)
        close_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        version = adopting.record(plan, name=f"AMJP bench {run}", council_date=day, by=None)
        adopt_times.append(time.perf_counter() - started)
    adopt, close = statistics.median(adopt_times), statistics.median(close_times)
    rows = VersionItem.objects.filter(version=version).count()
    report(
        f"Adopting a version: the snapshot ({rows:,} rows; {PlanVersion.objects.filter(plan=plan).count()} "
        "versions of the plan)",
        f"{adopt:.2f} s",
        f"closing a reporting round of the same plan {close:.2f} s",
        f"{adopt / close:.2f}× (target ≤ 1.5×)",
    )
    snapshot = _row_bytes("versions_versionitem", "version_id = %s", [version.pk])
    frozen = {
        model.__name__: _row_bytes(model._meta.db_table, "round_id = %s", [closed.pk])
        for model in (FrozenItem, FrozenAmount, FrozenProposal, FrozenIndicator)
    }
    how = "pg_column_size per row" if connection.vendor == "postgresql" else "serialised column sizes per row"
    per_column = _column_bytes("versions_versionitem", "version_id = %s", [version.pk])
    biggest = ", ".join(
        f"{name} {size / 1e6:.1f} MB" for name, size in sorted(per_column.items(), key=lambda kv: -kv[1])[:4]
    )
    report(
        f"Space of one version's snapshot ({how}; largest columns: {biggest})",
        f"{snapshot / 1e6:.1f} MB",
        "one closed round's frozen rows "
        + f"{sum(frozen.values()) / 1e6:.1f} MB ("
        + ", ".join(f"{name} {size / 1e6:.1f}" for name, size in frozen.items())
        + ")",
        f"{snapshot / max(sum(frozen.values()), 1):.2f}× (target ≤ 2×)",
    )
    # The next legislature: everything of the version in force carried into a new draft, in the request.
    from drafting import carry_over

    selection = carry_over.Selection(
        {goal.item_id for goal in carry_over.goals(version)},
        *carry_over.all_of_goal(version, [goal.item_id for goal in carry_over.goals(version)] + [0]),
    )
    started = time.perf_counter()
    carry_over.carry_over(
        plan,
        name="Bench vervolg",
        start_year=plan.end_year + 1,
        end_year=plan.end_year + 6,
        agreement="Bench",
        selection=selection,
        by=None,
    )
    carried = time.perf_counter() - started
    report(
        f"Carrying the whole plan over into a new draft ({len(selection.goals)} goals, "
        f"{len(selection.action_plans):,} actieplannen, {len(selection.actions):,} acties, in the request)",
        f"{carried:.2f} s",
        f"adopting a version {adopt:.2f} s",
        f"{carried / adopt:.1f}× adopting",
    )


def bench_versions_compare(plan: Plan, user) -> None:
    """Two versions of the big plan that differ in a few hundred items (issue 32): 200 acties reworded,
    100 ramingen raised, 50 acties struck, 20 actieplannen marked prioritair. Computing the comparison
    (both snapshots read and compared, once per pair of versions: it is stored), and the compare page
    reading the stored comparison, against the trivial view."""
    from plans.lifecycle import remove_items
    from versions import adopting, compare, in_force

    # After any version an earlier line adopted (a version is never dated before the one in force).
    in_force_now = in_force.current(plan)
    latest = in_force_now.council_date if in_force_now else datetime.date.min
    first_day = max(datetime.date(2025, 12, 18), latest)
    started = time.perf_counter()
    older = adopting.record(plan, name="MJP bench", council_date=first_day, by=user)
    snapshot_seconds = time.perf_counter() - started
    active = Action.objects.filter(
        action_plan__plan=plan, life_cycle="active", action_plan__life_cycle="active"
    )
    actions = list(active.order_by("sort_key")[:5000:10])
    for action in actions[:200]:
        action.title = f"{action.title} (herschreven)"
    changes.update_many(actions[:200], ["title"], by=user, reason="bench: aanpassing")
    raised = list(
        Amount.objects.filter(action__in=actions[200:300], kind=AmountKind.ESTIMATE).order_by("pk")[:100]
    )
    for amount in raised:
        amount.amount += Decimal("1000.00")
    changes.update_many(raised, ["amount"], by=user, reason="bench: aanpassing")
    remove_items(actions[300:350], on=first_day, reason="bench: aanpassing", by=user)
    marked = list(ActionPlan.objects.filter(plan=plan, priority=False).order_by("sort_key")[:20])
    for action_plan in marked:
        action_plan.priority = True
    changes.update_many(marked, ["priority"], by=user, reason="bench: aanpassing")
    newer = adopting.record(
        plan, name="AMJP bench", council_date=first_day + datetime.timedelta(days=30), by=user
    )

    rows: list = []

    def computed() -> None:
        rows[:] = compare.compare(older, newer)

    compute_seconds = median_time(computed)
    stored = compare.comparison(older, newer)
    count = len(compare.changes_of(stored.rows))
    client = Client()
    client.force_login(user)
    url = f"{reverse('versions:compare', args=[plan.slug])}?oud={older.number}&nieuw={newer.number}"

    def timed(path: str, *, cold: bool = False) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 2):
            if cold:  # nothing of the stored comparison rendered yet, as after a restart
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - begun)
            assert response.status_code == 200, (path, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    trivial, _queries = timed("/health/")
    page, queries = timed(url)
    filtered, filtered_queries = timed(f"{url}&wijziging=geschrapt&prioritair=on")
    cold, cold_queries = timed(url, cold=True)
    report(
        f"Compare two versions of the big plan ({count} changes; computed once, then stored)",
        f"{compute_seconds * 1000:.0f} ms",
        f"taking a version's snapshot {snapshot_seconds * 1000:.0f} ms",
        f"{compute_seconds / snapshot_seconds:.2f}× the snapshot, "
        f"{compute_seconds / trivial:.0f}× the trivial view",
    )
    report(
        "Compare page (stored comparison, 50 changes per page, money per goal and plan), next views",
        f"{page * 1000:.0f} ms, {queries} queries",
        f"trivial view {trivial * 1000:.1f} ms",
        f"{page / trivial:.0f}× the trivial view",
    )
    report(
        "Compare page, nothing of it rendered yet (after a restart; the comparison stored)",
        f"{cold * 1000:.0f} ms, {cold_queries} queries",
        f"trivial view {trivial * 1000:.1f} ms",
        f"{cold / trivial:.0f}× the trivial view",
    )
    report(
        "Compare page, filtered (geschrapt, prioritair only)",
        f"{filtered * 1000:.0f} ms, {filtered_queries} queries",
        f"trivial view {trivial * 1000:.1f} ms",
        f"{filtered / trivial:.0f}× the trivial view",
    )


def bench_drafting() -> None:
    """Issue 31's scale: a draft of 300 actieplannen, 6 steps and 1,500 acties (built in bulk,
    tests/drafting/builders_big.py). The nota of the meeting that has all 300 on its agenda against a
    plain python-docx document of the same rows (target ≤ 2×); the decision page and the envelope
    page against the trivial view (target ≤ 20×), their query count against the same pages of a draft
    of 10 actieplannen. A page whose URL name does not exist yet is skipped, and says so."""
    import docx
    from django.urls import NoReverseMatch

    from core.roles import CEL
    from drafting.nota import build_nota
    from drafting.nota_pdf import build_nota_pdf
    from drafting.nota_word import build_nota_docx
    from drafting.nota_workbook import build_nota_workbook
    from tests.drafting.builders_big import a_big_draft, the_last_meeting
    from tests.factories import default_organisation

    organisation = default_organisation()
    started = time.perf_counter()
    draft = a_big_draft(organisation)
    print(f"Big draft (300 actieplannen, 1,500 acties, in bulk): {time.perf_counter() - started:.1f} s")
    retained = a_big_draft(organisation, retained=True, name="Groot meerjarenplan, weerhouden (verzonnen)")
    small = a_big_draft(organisation, action_plans=10, items=50, name="Klein meerjarenplan (verzonnen)")
    small_retained = a_big_draft(
        organisation, action_plans=10, items=50, retained=True, name="Klein weerhouden (verzonnen)"
    )
    step = the_last_meeting(draft)
    content = build_nota(step)
    rows = [
        [*(line.number, line.title, line.chapter, line.contact, line.partners), line.points_of_attention]
        for line in content.lines
    ]
    rows = [[*row, line.envelope_text, ""] for row, line in zip(rows, content.lines, strict=True)]
    headers = content.headers()

    def ours() -> None:
        build_nota_docx(build_nota(step), organisation)

    def plain() -> None:
        """The same rows in python-docx's own default document: a table, a cell's text at a time."""
        document = docx.Document()
        document.add_heading(content.title, 0)
        table = document.add_table(rows=1, cols=len(headers))
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.save(io.BytesIO())

    t_ours, t_plain = median_time(ours), median_time(plain)
    report(
        f"Nota of a meeting with {len(content.lines)} proposals (Word, house style, from the database)",
        f"{t_ours * 1000:.0f} ms",
        f"plain python-docx document of the same rows {t_plain * 1000:.0f} ms",
        f"{t_ours / t_plain:.2f}× the plain document; target ≤ 2×",
    )
    t_list = median_time(lambda: build_nota_workbook(build_nota(step), io.BytesIO()))
    t_pdf = median_time(lambda: build_nota_pdf(build_nota(step)), runs=1)
    report(
        "Nota of the same meeting as Excel list and as PDF (WeasyPrint: through a task, never a request)",
        f"list {t_list * 1000:.0f} ms; PDF {t_pdf:.1f} s",
        f"Word nota {t_ours * 1000:.0f} ms",
        f"PDF {t_pdf / t_ours:.0f}× the Word nota",
    )

    with contextlib.suppress(RuntimeError):  # set up already when the pages' lines ran before
        test_environment()
    cel = get_user_model().objects.create_user("bench-ontwerp-cel")
    add_member(cel, organisation, CEL)
    client = Client()
    client.force_login(cel)

    def timed(url: str) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 2):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    def url_of(name: str, *candidates: list) -> str | None:
        for args in candidates:
            with contextlib.suppress(NoReverseMatch):
                return reverse(name, args=args)
        return None

    trivial, _queries = timed("/health/")
    small_step = the_last_meeting(small)
    pages = [
        (
            f"Decision page of the meeting with {len(content.lines)} proposals on its agenda",
            "drafting:meeting",
            [[draft.pk, step.pk], [step.pk]],
            [[small.pk, small_step.pk], [small_step.pk]],
        ),
        (
            "Envelope page (reality check: 300 retained actieplannen × 6 years against the room)",
            "drafting:envelopes",
            [[retained.pk]],
            [[small_retained.pk]],
        ),
    ]
    for name, url_name, big_args, small_args in pages:
        big_url, small_url = url_of(url_name, *big_args), url_of(url_name, *small_args)
        if big_url is None or small_url is None:
            print(
                f"  SKIPPED {name}: the URL name {url_name} does not exist yet (page not built)", flush=True
            )
            continue
        latency, queries = timed(big_url)
        _small, small_queries = timed(small_url)
        constant = "constant" if queries == small_queries else "NOT constant"
        report(
            name,
            f"{latency * 1000:.0f} ms, {queries} queries",
            f"trivial view {trivial * 1000:.1f} ms; a draft of 10 actieplannen: {small_queries} queries",
            f"{latency / trivial:.0f}× the trivial view; queries {constant}; target ≤ 20×",
        )


def bench_outputs(plan: Plan, user) -> None:
    """A closed round's workbook, stored when it closed, against an open round's after an edit."""
    from tests.factories import edit_item

    closed = plan.rounds.filter(state=RoundState.CLOSED).order_by("-date").first()
    live = plan.rounds.filter(state=RoundState.OPEN).first() or open_round(
        plan=plan, name="Rapportering bench uitvoer", date=closed.date.replace(year=2032)
    )
    busy = Action.objects.in_plan(plan).order_by("pk").first()
    client = Client()
    client.force_login(user)

    def download(round) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(reverse("reporting:workbook", args=[plan.slug, round.pk]))
            size = len(response.getvalue())
            seconds = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return seconds, len(captured), size

    download(closed)  # the session's first request
    closed_runs = [download(closed) for _ in range(RUNS * 5)]
    rendered, again = [], []
    for run in range(RUNS):
        edit_item(busy, by=user, explanation=f"Bench uitvoer {run}")
        rendered.append(download(live))
        again.append(download(live))
    t_closed = statistics.median(t for t, _q, _s in closed_runs)
    t_open = statistics.median(t for t, _q, _s in rendered)
    t_again = statistics.median(t for t, _q, _s in again)
    report(
        f"Download a closed round's workbook (stored at closing, {closed_runs[0][2] // 1024} KB, streamed)",
        f"{t_closed * 1000:.1f} ms, {closed_runs[0][1]} queries",
        f"open round's export after an edit {t_open:.2f} s, {rendered[0][1]} queries",
        f"{t_open / t_closed:.0f}× faster than rendering",
    )
    report(
        "Download an open round's workbook again, no edit since (stored under the history fingerprint)",
        f"{t_again * 1000:.1f} ms, {again[0][1]} queries",
        f"open round's export after an edit {t_open:.2f} s",
        f"{t_open / t_again:.0f}× faster than rendering",
    )


def bench_as_of(plan: Plan, user) -> None:
    """The plan as of a date (issue 32): the overview, the biggest actieplan and the totals page read
    from a version's snapshot (``?op=``), against the live page, both with nothing cached."""
    from django.db.models import Count

    from versions import adopting

    test_environment()
    started = time.perf_counter()
    version = adopting.record(
        plan, name="MJP bench", council_date=datetime.date(plan.start_year - 1, 12, 18), by=user
    )
    adopted = time.perf_counter() - started
    rows = version.items.count()
    report(
        f"Adopt a version (snapshot of {rows} rows)", f"{adopted:.2f} s", "—", f"{rows / adopted:.0f} rows/s"
    )
    client = Client()
    client.force_login(user)
    op = {"op": datetime.date(plan.start_year + 1, 3, 1).isoformat()}
    biggest = ActionPlan.objects.in_plan(plan).annotate(n=Count("actions")).order_by("-n").first()

    def timed(url: str, query: dict) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 1):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, query)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    for name, url in (
        (
            "Plan overview as of a date (500 actieplannen, 100 per page)",
            reverse("plans:overview", args=[plan.slug]),
        ),
        (
            f"Actieplan page as of a date ({biggest.n} acties)",
            reverse("plans:action_plan_status", args=[plan.slug, biggest.number]),
        ),
        ("Totals page as of a date (10,000 acties' ramingen)", reverse("plans:finances", args=[plan.slug])),
    ):
        live, live_queries = timed(url, {})
        as_of, as_of_queries = timed(url, op)
        report(
            f"{name}, nothing cached",
            f"{as_of * 1000:.0f} ms, {as_of_queries} queries",
            f"the live page {live * 1000:.0f} ms, {live_queries} queries",
            f"{as_of / live:.2f}× the live page; target ≤ 1.2×",
        )


def bench_api(plan: Plan, user) -> None:
    """Issue 33: the open data API's list of acties of the big plan (10,000 acties, 100 per page): the
    first, a middle and the last page, nothing cached and cached, against the trivial view (target
    ≤ 20×, with a query count independent of size)."""
    from django.conf import settings
    from django.test import override_settings

    from publicsite import publishing
    from publicsite.models import Publication
    from versions import adopting, in_force

    version = in_force.current(plan) or adopting.record(
        plan, name="MJP bench", council_date=datetime.date.today(), by=None
    )
    seen = Publication.objects.filter(plan=plan).values_list("version", flat=True).first()
    publishing.switch(plan, on=True, by=None, version=seen)
    client = Client()  # anonymous, as any reader of open data
    acties = (
        f"/api/v1/organisaties/{plan.organisation.slug}/plannen/{plan.slug}/versies/{version.number}/acties/"
    )
    count = client.get(f"{acties}?page_size=100").json()["count"]
    pages = max(1, -(-count // 100))

    def timed(url: str, *, cached: bool) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 1):
            if not cached:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min"}}
    with override_settings(REST_FRAMEWORK=rates):
        trivial, _queries = timed("/health/", cached=True)
        for name, page in (("first", 1), ("middle", pages // 2 or 1), ("last", pages)):
            for cached in (False, True):
                latency, queries = timed(f"{acties}?page_size=100&page={page}", cached=cached)
                report(
                    f"API: acties, {name} page (page {page} of {pages}, 100 of {count:,} acties), "
                    + ("cached" if cached else "nothing cached"),
                    f"{latency * 1000:.1f} ms, {queries} queries",
                    f"trivial view {trivial * 1000:.1f} ms",
                    f"{latency / trivial:.1f}× the trivial view (target ≤ 20×)",
                )


def bench_downloads(plan: Plan, user) -> None:
    """Issue 33: the open data downloads of the big plan's version in force, built the first time
    (nothing cached) as an anonymous reader asks for them, against the trivial view; the workbook
    against openpyxl's write-only floor (the same cell values from lists in memory); a second
    download (the bytes from the cache)."""
    from opendata import downloads, downloads_excel
    from opendata.tables import plan_tables
    from publicsite import editions, publishing
    from versions import adopting, in_force

    test_environment()
    if in_force.current(plan) is None:
        adopting.record(
            plan, name="MJP bench", council_date=datetime.date(plan.start_year - 1, 12, 18), by=user
        )
    if not editions.is_published(plan):
        publishing.switch(plan, on=True, by=user)
    edition = editions.edition(plan)
    actions = editions.rows(edition, "actie").count()
    client = Client()  # anonymous: the public downloads need no login

    def timed(path: str, *, cold: bool) -> tuple[float, int, int]:
        times, queries, size = [], 0, 0
        for _run in range(RUNS + 1):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - begun)
            assert response.status_code == 200, (path, response.status_code)
            queries, size = len(captured), len(response.content)
        return statistics.median(times[1:] if not cold else times), queries, size

    trivial, _queries, _size = timed("/health/", cold=False)
    kwargs = {"organisation": plan.organisation.slug, "plan": plan.slug}
    for format in ("csv", "xlsx", "json", "jsonld"):
        path = reverse("opendata:download", kwargs={**kwargs, "format": format})
        cold, queries, size = timed(path, cold=True)
        warm, warm_queries, _size = timed(path, cold=False)
        report(
            f"Download {format} of the big plan ({actions:,} acties; {size / 1e6:.1f} MB), first build",
            f"{cold * 1000:.0f} ms, {queries} queries",
            f"trivial view {trivial * 1000:.1f} ms; cached {warm * 1000:.0f} ms, {warm_queries} queries",
            f"{cold / trivial:.0f}× the trivial view (cached: {warm / trivial:.0f}×)",
        )
    tables = plan_tables(edition)
    precomputed = {
        table.title: [[column.value(row) for column in table.columns] for row in table.rows]
        for table in downloads_excel._tables(tables)
    }
    t_ours = median_time(lambda: downloads.FORMATS["xlsx"].build(tables))
    t_floor = median_time(lambda: write_only_floor(precomputed))
    report(
        f"Download workbook, built from the tables in memory ({sum(map(len, precomputed.values())):,} rows, "
        f"{len(precomputed)} tabs)",
        f"{t_ours:.2f} s",
        f"openpyxl write-only floor {t_floor:.2f} s",
        f"{t_ours / t_floor:.1f}× the floor",
    )


def bench_public(plan: Plan) -> None:
    """Issue 33: the public site's pages of the big plan (published, its version in force) as an
    anonymous citizen asks them: first view (nothing cached, as after a restart or a new version) and
    next views (cached per version), against the trivial view, with their query counts."""
    from django.utils import timezone

    from load.citizens import address, item_kwargs, search_queries
    from publicsite import editions, publishing
    from versions import adopting
    from versions.models import VersionItem

    if not editions.versions(plan):
        adopting.record(plan, name="MJP bench publiek", council_date=timezone.localdate(), by=None)
    if not editions.is_published(plan):
        publishing.switch(plan, on=True, by=None)
    edition = editions.edition(plan)
    client = Client()  # anonymous
    children: dict[tuple[str, int], int] = {}
    for kind, parent in VersionItem.objects.filter(version=edition.version).values_list("kind", "parent_id"):
        children[kind, parent] = children.get((kind, parent), 0) + 1
    child_kind = {"doelstelling": "actieplan", "actieplan": "actie"}

    def first_row(kind: str) -> dict:
        """The item with the most children (actieplannen of a goal, acties of an actieplan): the
        heaviest page of its kind."""
        rows = list(editions.rows(edition, kind).values("item_id", "number"))
        return max(rows, key=lambda row: children.get((child_kind.get(kind, ""), row["item_id"]), 0))

    kwargs = {"organisation": plan.organisation.slug, "plan": plan.slug}
    search = address("public:search", kwargs)
    pages = [
        ("plan page", address("public:plan", kwargs)),
        ("goal page", address("public:goal", kwargs, *item_kwargs(first_row("doelstelling")))),
        ("actieplan page", address("public:action_plan", kwargs, *item_kwargs(first_row("actieplan")))),
        ("actie page", address("public:action", kwargs, *item_kwargs(first_row("actie")))),
        (f"search “{SEARCH_WORD}” with filters", search and f"{search}?{search_queries()[1]}"),
    ]

    def timed(url: str, *, cold: bool) -> tuple[float, int]:
        times, queries = [], 0
        for _run in range(RUNS + 2):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    trivial, _queries = timed("/health/", cold=False)
    for name, url in pages:
        if url is None:
            report(f"Public {name} (big plan)", "not built", "—", "—")
            continue
        for cold, when in ((True, "first view (nothing cached)"), (False, "next views (cached)")):
            latency, queries = timed(url, cold=cold)
            report(
                f"Public {name} (big plan), {when}",
                f"{latency * 1000:.0f} ms, {queries} queries",
                f"trivial view {trivial * 1000:.1f} ms",
                f"{latency / trivial:.0f}× the trivial view",
            )


def main() -> None:
    print(f"Scratch database: {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_ONLY") == "drafting":  # just the drafting lines: a draft needs no plan
        test_environment()
        bench_drafting()
        return
    started = time.perf_counter()
    call_command(
        "generate_plan",
        *("--slug", "groot", "--indicators=0"),
        *[f"--{k}={v}" for k, v in SIZE.items()],
        stdout=io.StringIO(),
    )
    plan_seconds = time.perf_counter() - started
    print(f"generate_plan: {plan_seconds:.1f} s")
    plan = Plan.objects.get(slug="groot")
    build_indicators(plan, plan_seconds)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics, as autovacuum keeps them
            cursor.execute("ANALYZE")
    user = get_user_model().objects.create_superuser("bench", password="bench")
    if os.environ.get("BENCH_ONLY") == "indicators":  # just the indicators' lines
        bench_indicator_pages(plan, user)
        bench_indicator_workbook(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "bbc":  # just the BBC reports' line
        bench_bbc_reports(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "reminders":  # just the reminders' line
        bench_reminders(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "owners":  # just the eigenaar's status pages
        bench_owner_pages(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "uploads":  # just the upload pipeline's line
        bench_upload_flow(
            plan, user, open_round(plan=plan, name="Rapportering bench", date=datetime.date(2031, 6, 30))
        )
        return
    if os.environ.get("BENCH_ONLY") == "outputs":  # just the stored outputs' lines
        bench_outputs(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "as_of":  # just the plan as of a date
        bench_as_of(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "snapshot":  # just the versions' snapshot lines (issue 32)
        bench_version_snapshot(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "public":  # just the public site's pages (issue 33)
        test_environment()
        bench_public(plan)
        return
    if os.environ.get("BENCH_ONLY") == "api":  # just the open data API's lines (issue 33)
        test_environment()
        bench_api(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "downloads":  # just the open data downloads (issue 33)
        bench_downloads(plan, user)
        return
    if os.environ.get("BENCH_ONLY") == "compare":  # just the lines of comparing two versions
        test_environment()
        bench_versions_compare(plan, user)
        return
    bench_round = open_round(
        plan=plan, name="Rapportering bench", date=plan.rounds.first().date.replace(year=2031)
    )

    # 1. Workbook export: ours, the plain ModelResource, and openpyxl write-only from precomputed values.
    def ours() -> bytes:
        output = io.BytesIO()
        build_workbook(round_rows(bench_round), output)
        return output.getvalue()

    def naive() -> bytes:
        return NaiveActionResource().export(Action.objects.in_plan(plan)).export("xlsx")

    computed = round_rows(bench_round)
    precomputed = {
        title: [[column.value(line) for column in columns] for line in lines]
        for title, columns, lines in tabs(computed)
    }

    def floor() -> None:
        write_only_floor(precomputed)

    t_ours, t_naive, t_floor = median_time(ours), median_time(naive), median_time(floor)
    m_ours, m_naive, m_floor = peak_mb(ours), peak_mb(naive), peak_mb(floor)
    report(
        f"Export workbook ({len(precomputed['Acties'])} action rows + projects, "
        f"{len(precomputed.get('Indicatoren', []))} indicators, {len(precomputed)} tabs + Grafieken)",
        f"{t_ours:.2f} s, {m_ours:.0f} MB peak",
        f"ModelResource {t_naive:.2f} s / {m_naive:.0f} MB; "
        f"openpyxl floor {t_floor:.2f} s / {m_floor:.0f} MB",
        f"{t_naive / t_ours:.1f}× faster than ModelResource; {t_ours / t_floor:.1f}× the floor",
    )

    # 2. Round trip: every action's status changed.
    book = openpyxl.load_workbook(io.BytesIO(ours()))
    data, changed = with_statuses_moved_on(ours())

    def run_import(dry_run: bool):
        return import_rapportering(
            io.BytesIO(data), size=len(data), filename="bench.xlsx", plan=plan, user=user, dry_run=dry_run
        )

    with CaptureQueriesContext(connection) as dry_queries:
        started = time.perf_counter()
        preview = run_import(True)
        t_dry = time.perf_counter() - started
    with CaptureQueriesContext(connection) as apply_queries:
        started = time.perf_counter()
        applied = run_import(False)
        t_apply = time.perf_counter() - started
    assert applied.applied and len(applied.changed) >= changed, (len(preview.changed), changed)
    report(
        f"Import {changed} changed rows: dry run",
        f"{t_dry:.1f} s",
        f"{len(dry_queries)} queries",
        f"{len(dry_queries) / changed:.4f} queries per row",
    )
    report(
        f"Import {changed} changed rows: preview + apply",
        f"{t_apply:.1f} s",
        f"{len(apply_queries)} queries",
        f"{len(apply_queries) / changed:.4f} queries per row",
    )

    # Refusals of hostile uploads, against reading the real 10,000-row upload above.
    t_read = median_time(lambda: read_upload(io.BytesIO(data), len(data)))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    empty_rows = workbook(sheet(b"<row/>" * 15_000_000))
    texts = workbook(
        sheet(b""), **{"xl/sharedStrings.xml": b"<sst>" + b"<si><t>x</t></si>" * 5_500_000 + b"</sst>"}
    )
    lying = zipped({"xl/workbook.xml": b"<workbook/>", "xl/media/leeg.bin": b"\0" * (1 << 30)})
    for what, hostile in [
        (f"Refuse a zip bomb ({len(bomb.getvalue()) // 1024} KB inflating to 200 MB)", bomb.getvalue()),
        ("Refuse a workbook of 100,000 rows (over the 50,000-row limit)", rows_over_the_limit(book)),
        (f"Refuse 15 million empty rows, no dimension ({len(empty_rows) // 1024} KB)", empty_rows),
        (f"Refuse 5.5 million shared strings ({len(texts) // 1024} KB)", texts),
        (
            "Refuse a part declaring 1,000 bytes that inflates to 1 GB",
            declaring(lying, "xl/media/leeg.bin", 1000),
        ),
    ]:
        t_refuse = median_time(lambda hostile=hostile: refuse(hostile))
        report(
            what,
            f"{t_refuse * 1000:.0f} ms",
            f"reading the real upload {t_read:.2f} s",
            f"{t_refuse / t_read:.3f}×",
        )

    # 2a. The same through the upload page's pipeline, against the command.
    bench_upload_flow(plan, user, bench_round)

    # 3. Closing a round of the big plan.
    items = (
        ActionPlan.objects.in_plan(plan).count()
        + Action.objects.in_plan(plan).count()
        + plan.projects.count()
    )
    started = time.perf_counter()
    close_round(bench_round, by=user)
    t_close = time.perf_counter() - started
    report(f"Close a round ({items} items)", f"{t_close:.2f} s", "—", f"{items / t_close:.0f} items/s")

    # 3a. The reminder e-mails of a round of the big plan, with 300 eigenaars.
    bench_reminders(plan, user)

    # 3b. The opvolgingsrapportering of the big plan (BBC 2020).
    bench_bbc_reports(plan, user)

    # 4. Pages through the test client, against a trivial view in the same process.
    test_environment()
    big = changes.save(ActionPlan(plan=plan, number="9990", title="Actieplan met 200 acties"), by=user)
    changes.create_many(
        [Action(action_plan=big, number=f"9990.{n}", title=f"Actie {n}") for n in range(1, 201)],
        by=user,
        reason="bench",
    )
    busy = Action.objects.get(number="9990.1")
    from tests.factories import edit_item

    for version in range(100):
        edit_item(busy, by=user, status=Status.values[version % 5], explanation=f"Versie {version}")
    client = Client()
    client.force_login(user)
    slug = plan.slug

    other = Action.objects.get(number="9990.2")

    def page(url: str, *, first: str = "") -> tuple[float, int]:
        """Median latency and queries of a GET. ``first="change"``: the first view after someone saved
        an item (action 9990.2, one row of the status page); ``first="restart"``: with nothing cached
        at all, as after a restart."""
        times, queries = [], 0
        for run in range(RUNS + 2):
            if first == "change":
                edit_item(other, by=user, status=Status.values[run % 5], explanation=f"Bench {run}")
            if first == "restart":
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        return statistics.median(times[1:]), queries

    trivial, _queries = page("/health/")
    overview = reverse("plans:overview", args=[slug])
    status_page = reverse("plans:action_plan_status", args=[slug, "9990"])
    dashboard = reverse("reporting:dashboard", args=[slug])
    projects_page = reverse("plans:project_status", args=[slug])
    with_departments(plan)
    pages = [
        ("Plan overview (500 actieplannen, 100 per page), first view after a change", overview, "change"),
        ("Plan overview, next views", overview, ""),
        ("Plan overview, nothing cached (after a restart)", overview, "restart"),
        ("Status page (200 actions), first view after a change", status_page, "change"),
        ("Status page (200 actions), next views", status_page, ""),
        ("Status page (200 actions), nothing cached (after a restart)", status_page, "restart"),
        ("Whole plan status page (20 actieplannen per page)", reverse("plans:plan_status", args=[slug]), ""),
        ("Projects page (1,000 projects, 100 per page)", projects_page, ""),
        ("Timeline (100 versions)", reverse("plans:timeline", args=[slug, "actie", busy.pk]), ""),
        (
            "Totals page (Financiën: 10,000 acties with ramingen for 6 years, every year and total)",
            reverse("plans:finances", args=[slug]),
            "",
        ),
        (
            "Totals page, realisaties of one year, prioritair only, one entity",
            reverse("plans:finances", args=[slug])
            + f"?kind=realisatie&year={plan.start_year}&priority=on&entity=GEM",
            "",
        ),
        ("Dashboard, first view after a change", dashboard, "change"),
        ("Dashboard, next views", dashboard, ""),
        (
            "Completion page of a round (11,500 items; 30 diensten, 300 eigenaars)",
            reverse("reporting:completion", args=[slug, bench_round.pk]),
            "",
        ),
        (
            f"Search page (“{SEARCH_WORD}”: {search(plan, SEARCH_WORD).total} hits in 4 kinds, "
            f"at most {MAX_HITS} per kind shown)",
            f"{reverse('plans:search', args=[slug])}?q={SEARCH_WORD}",
            "",
        ),
    ]
    for name, url, first in pages:
        latency, queries = page(url, first=first)
        report(
            name,
            f"{latency * 1000:.0f} ms, {queries} queries",
            f"trivial view {trivial * 1000:.1f} ms",
            f"{latency / trivial:.0f}× the trivial view",
        )
    busy.refresh_from_db()
    url = reverse("plans:save_status", args=[slug, "actie", busy.pk])
    times, queries = [], 0
    for index in range(RUNS + 2):
        busy.refresh_from_db()
        post = {
            "status": Status.values[index % 5],
            "explanation": f"Bench {index}",
            "version": busy.version,
            "seen_status": busy.status,
            "seen_explanation": busy.explanation,
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            assert client.post(url, post).status_code == 200
            times.append(time.perf_counter() - started)
        queries = len(captured)
    save = statistics.median(times[1:])
    report(
        "Save one status in place",
        f"{save * 1000:.0f} ms, {queries} queries",
        f"trivial view {trivial * 1000:.1f} ms",
        f"{save / trivial:.0f}× the trivial view",
    )

    bench_amounts_import(plan, user)
    bench_outputs(plan, user)
    bench_owner_pages(plan, user)
    bench_indicator_pages(plan, user)
    bench_as_of(plan, user)
    bench_version_snapshot(plan, user)
    test_environment()
    bench_versions_compare(plan, user)
    bench_api(plan, user)
    bench_downloads(plan, user)
    bench_public(plan)
    bench_drafting()

    login_times = {name: log_in_time(hasher) for name, hasher in LOGIN_HASHERS.items()}
    report(
        "Log in (server time, Argon2id: the production hasher)",
        f"{login_times['argon2'] * 1000:.0f} ms",
        f"PBKDF2 (Django's default, used before) {login_times['pbkdf2'] * 1000:.0f} ms",
        f"{login_times['pbkdf2'] / login_times['argon2']:.1f}× faster; target ≤ 300 ms",
    )

    table = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; plan: {SIZE}, {INDICATORS} indicators; medians of {RUNS} runs.",
        "",
        "| what | measured | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows_out],
    ]
    text = "\n".join(table)
    name = "last.md" if connection.vendor == "sqlite" else f"last-{connection.vendor}.md"
    (ROOT / "bench" / name).write_text(text + "\n", encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # the bench's own set-up and checks; each request still runs in its scope
        main()
