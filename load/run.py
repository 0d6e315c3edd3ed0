"""make loadtest: the big synthetic plan on PostgreSQL behind gunicorn, loaded by locust in its
profiles one after the other, each two minutes measured on the loopback interface:

- saturation: 60 readers (5–15 s think time), 10 editors saving without pause, 5 exporters;
- realistic: the same readers and exporters, the editors saving every 3–10 s;
- crafted: realistic, and crafted uploads beside it;
- citizens: realistic, and 300 anonymous citizens reading the plan's public site and its API beside
  it (load/citizens.py, load/locustfile_citizens.py): the plan is published with two adopted versions.

LOAD_PROFILES (comma-separated) runs some of them: `make loadtest-citizens` runs realistic and
citizens, whose staff pages are compared. The citizens' table goes to load/last-citizens.md; the
others' to load/last.md when all three ran.

Each profile gives a table per page, its saves against history rows and the CPU share per kind of
process; the realistic one also a table of its targets (missed ones are reported, not fatal). The
saturation profile must keep 0 errors and one history row per save (exit code 1 otherwise).

Run inside scripts/with_postgres.sh (the Makefile does), which provides DATABASE_URL. Writes
load/last.md. Not part of make test.
"""

import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load import citizens
from load.citizens import API_RATE, CITIZENS
from load.common import (
    ROOT,
    cpu_table,
    failures,
    manage,
    read_stats,
    run_locust,
    start_gunicorn,
    start_workers,
    stats_table,
    stop,
    wait_until_up,
)

PORT = int(os.environ.get("LOAD_PORT", "8765"))
DURATION = int(os.environ.get("LOAD_DURATION", "120"))  # seconds measured, after the ramp-up
# Users log in over this time, not counted (a login hashes a password): today's storm for the
# saturation profile; for the realistic one, 75 colleagues starting their day within a minute.
RAMP_SECONDS = {"saturation": 15, "realistic": 60, "crafted": 60, "citizens": 60}
WORKERS = 5
PASSWORD = "belasting-" + secrets.token_hex(6)
READERS, EDITORS, EXPORTERS = 60, 10, 5
PROFILES = {
    "saturation": "editors saving without pause",
    "realistic": "editors saving every 3–10 s",
    "crafted": "editors saving every 3–10 s",
    "citizens": "editors saving every 3–10 s",
}
EXTRA = {
    "crafted": "; two users uploading crafted workbooks at once, again and again, and one asking "
    "/health/ every second",
    "citizens": "; beside them 300 anonymous citizens (5–15 s think time) reading the plan's public site "
    "(plan, goal, actieplan, actie, search with filters, indicators, an older version) and its API (a page "
    "of the acties' list, an actie), with the API's rate limit raised for the run",
}
CHOSEN = [name for name in os.environ.get("LOAD_PROFILES", ",".join(PROFILES)).split(",") if name]
if "citizens" in CHOSEN and "realistic" not in CHOSEN:
    CHOSEN.insert(0, "realistic")  # the citizens' staff pages are compared with it, in the same run
CRAFTED_USERS = 3  # the two uploaders and the health check of the "crafted" profile
PUBLIC_FILE = Path(tempfile.mkdtemp(prefix="load-public-")) / "addresses.json"  # the citizens' addresses
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "0",  # plain HTTP on the loopback interface
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "LOG_LEVEL": "WARNING",
    "OUTPUT_ROOT": tempfile.mkdtemp(prefix="load-uitvoer-"),  # the stored outputs of this run only
}
os.environ.update(ENV)
# The realistic profile's targets: (label, group in the locust results, percentile, limit in ms).
TARGETS = [
    ("readers' pages p95", "readers", "p95", 500),
    ("readers' pages p99", "readers", "p99", 1000),
    ("saves p95", "saves", "p95", 300),
    ("closed-round download p95", "closed", "p95", 200),
    ("open-round export p95", "open", "p95", 10_000),
]


def prepare() -> dict:
    """Users and what the load touches; returns the targets for the locustfile."""
    import django

    django.setup()
    from django_scopes import scopes_disabled

    with scopes_disabled():  # this script's own set-up; the servers scope each request
        return _users_and_targets()


def _users_and_targets() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from core import changes
    from core.roles import CEL, COUNCIL
    from organisations.models import Membership
    from plans.models import Action, ActionPlan, Plan
    from reporting.rounds import open_round

    hashed = make_password(PASSWORD)
    User.objects.bulk_create(
        [User(username=f"lezer{n}", password=hashed) for n in range(READERS)]
        + [User(username=f"redacteur{n}", password=hashed) for n in range(EDITORS)]
    )
    plan = Plan.objects.get(slug="groot")
    changes.create_many(
        [
            Membership(
                user=user,
                organisation=plan.organisation,
                role=CEL if user.username.startswith("r") else COUNCIL,
            )
            for user in User.objects.filter(username__regex=r"^(lezer|redacteur)[0-9]+$")
        ],
        by=None,
        reason="belastingstest",
    )
    closed = list(plan.rounds.filter(state="closed").values_list("pk", flat=True))
    if "citizens" in CHOSEN:  # published, with two adopted versions, before the open round
        started = time.monotonic()
        citizens.publish(plan)
        PUBLIC_FILE.write_text(json.dumps(citizens.public_addresses(plan)))
        print(f"published with two versions in {time.monotonic() - started:.0f} s", flush=True)
    # generate_plan closes all its rounds; the open-round exports need one open.
    opened = open_round(plan=plan, name="Belastingstest", date=timezone.localdate(), by=None)
    actions = list(
        Action.objects.in_plan(plan).active().order_by("?").values_list("pk", "action_plan__number")[:2000]
    )
    return {
        "action_plans": list(ActionPlan.objects.in_plan(plan).active().values_list("number", flat=True)),
        "actions": actions,
        "shared_action": actions[0],
        "closed_rounds": closed,
        "open_round": opened.pk,
    }


def history_of_editors(since) -> int:
    from django_scopes import scopes_disabled

    from plans.models import Action

    with scopes_disabled():
        return Action.history.filter(
            history_user__username__startswith="redacteur", history_date__gte=since
        ).count()


def postmaster() -> int:
    """The pid of the throwaway cluster's postmaster (the postgres process started with our port)."""
    port = os.environ["DATABASE_URL"].rsplit(":", 1)[1].split("/", 1)[0]
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if process.info["name"] in ("postgres", "postmaster") and port in cmdline:
            return process.pid
    return 0


def main() -> None:
    started = time.monotonic()
    manage(ENV, "migrate", "--noinput", "-v0")
    manage(ENV, "collectstatic", "--noinput", "-v0")
    manage(
        ENV,
        "generate_plan",
        "--slug",
        "groot",
        "--goals",
        "20",
        "--actionplans",
        "500",
        "--actions",
        "10000",
        "--projects",
        "1000",
        "--rounds",
        "10",
    )
    targets = prepare()
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)
    sections, fatal, readers = {}, [], {}
    for profile in CHOSEN:
        text, problems = run_profile(profile, targets, readers)
        sections[profile] = text
        if profile == "saturation":
            fatal += problems
        print(text, flush=True)
    if all(profile in sections for profile in ("saturation", "realistic", "crafted")):
        shown = [sections[profile] for profile in ("saturation", "realistic", "crafted")]
        (ROOT / "load" / "last.md").write_text("\n\n".join(shown) + "\n", encoding="utf-8")
    if "citizens" in sections:
        shown = [sections["realistic"], sections["citizens"]]
        (ROOT / "load" / "last-citizens.md").write_text("\n\n".join(shown) + "\n", encoding="utf-8")
    if fatal:
        raise SystemExit(f"load test, saturation profile: {'; '.join(fatal)} (see above)")


def run_profile(profile: str, targets: dict, readers: dict) -> tuple[str, list[str]]:
    """One profile against a fresh gunicorn; its Markdown section and its correctness problems."""
    from django.utils import timezone

    since = timezone.now()
    out = Path(tempfile.mkdtemp(prefix=f"load-{profile}-"))
    server = start_gunicorn(PORT, WORKERS, {**ENV, "API_RATE": API_RATE} if profile == "citizens" else ENV)
    workers = start_workers(ENV)
    extra = {"crafted": CRAFTED_USERS, "citizens": CITIZENS}.get(profile, 0)
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/health/")
        shares = run_locust(
            "load/locustfile_citizens.py" if profile == "citizens" else "load/locustfile.py",
            users=READERS + EDITORS + EXPORTERS + extra,
            ramp_seconds=RAMP_SECONDS[profile],
            duration=DURATION,
            host=f"http://127.0.0.1:{PORT}",
            csv_prefix=out / "stats",
            env={
                **ENV,
                "LOAD_PROFILE": profile,
                "LOAD_PASSWORD": PASSWORD,
                "LOAD_TARGETS": json.dumps(targets),
                "LOAD_RESULTS": str(out / "counts.json"),
                "LOAD_READERS": str(READERS),
                "LOAD_CITIZENS": str(CITIZENS),
                "LOAD_PUBLIC_FILE": str(PUBLIC_FILE),
            },
            roots={
                "gunicorn (master and workers)": server.pid,
                "task worker (default queue)": workers[0].pid,
                "task worker (outputs queue: the renders)": workers[1].pid,
                "PostgreSQL (all its processes)": postmaster(),
            },
        )
    finally:
        stop([server, *workers])
    return report(profile, out, since, shares, readers)


def report(profile: str, out: Path, since, shares: dict[str, float], readers: dict) -> tuple[str, list[str]]:
    counts = json.loads((out / "counts.json").read_text())
    readers[profile] = counts["groups"]["readers"]["p95"]
    history_rows = history_of_editors(since)
    stats = read_stats(out / "stats")
    errors = failures(stats) + counts["other"]
    history_ok = history_rows == counts["saved"]
    lines = [
        f"### Profile: {profile}",
        "",
        f"gunicorn {WORKERS} workers, PostgreSQL, {READERS} readers (5–15 s think time), {EDITORS} "
        f"{PROFILES[profile]} (20% on one shared action), {EXPORTERS} exporters (a download every "
        f"20–30 s, of a closed round or the open one, half each){EXTRA.get(profile, '')}; "
        f"{DURATION} s measured after a "
        f"{RAMP_SECONDS[profile]} s ramp-up of the logins; load tool, server and task workers "
        f"on the same {os.cpu_count()} cores.",
        "",
        *stats_table(stats),
        "",
        f"Saves: {counts['saved']} succeeded, {counts['conflicts']} conflicts reported to their editor, "
        f"{counts['other']} other answers; history rows written by the editors: {history_rows} "
        f"({'one per successful save' if history_ok else 'MISMATCH'}). Errors: {errors}.",
        "",
        f"CPU share over the measured window ({shares['window s']:.0f} s × {psutil.cpu_count()} cores; "
        "user + system seconds per process tree, ended processes counted through their parent):",
        "",
        *cpu_table(shares),
    ]
    if profile == "realistic":
        lines += ["", *targets_table(counts["groups"], errors, history_ok, history_rows, counts["saved"])]
    if profile == "crafted":
        lines += ["", *crafted_table(counts["groups"], stats, readers, worker_seconds_of_reads(since))]
    if profile == "citizens":
        public = json.loads(PUBLIC_FILE.read_text())
        lines += ["", *citizens.table(counts["groups"], stats, errors, readers, public)]
    problems = []
    if errors:
        problems.append(f"{errors} errors")
    if not history_ok:
        problems.append(f"{history_rows} history rows for {counts['saved']} saves")
    return "\n".join(lines), problems


def worker_seconds_of_reads(since) -> list[float]:
    """The worker's time of each upload read since ``since`` (the task's start to its end)."""
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(
        task_path="uploads.flow.read_upload", started_at__gte=since, finished_at__isnull=False
    )
    return [(row.finished_at - row.started_at).total_seconds() for row in finished]


def crafted_table(groups: dict, stats: list[dict], readers: dict, worker_seconds: list[float]) -> list[str]:
    """Issue 29's targets for crafted uploads under the realistic load."""
    with_them, without = readers.get("crafted"), readers.get("realistic")
    ratio = with_them / without if with_them and without else None
    health = next((row for row in stats if row["Name"] == "health"), None)
    refused = groups["crafted"]
    lines = ["| target | limit | measured | |", "| --- | --- | --- | --- |"]
    shown = f"{ratio:.2f}× ({with_them} ms against {without} ms)" if ratio else "not measured"
    lines.append(
        f"| readers' p95 with the crafted uploads | ≤ 1.2× without | {shown} | "
        f"{'met' if ratio and ratio <= 1.2 else 'missed'} |"
    )
    if health:
        answered = int(health["Request Count"]) - int(health["Failure Count"])
        verdict = "met" if int(health["Failure Count"]) == 0 and answered else "missed"
        lines.append(
            f"| /health/ answers | every time | {answered} of {health['Request Count']} "
            f"(max {float(health['Max Response Time']):.0f} ms) | {verdict} |"
        )
    slowest = max(worker_seconds, default=None)
    shown = (
        f"at most {slowest:.2f} s, of {len(worker_seconds)} refused" if slowest is not None else "none read"
    )
    verdict = "met" if slowest is not None and slowest <= 5 else "missed"
    lines.append(f"| each crafted upload refused within | 5 s of worker time | {shown} | {verdict} |")
    lines.append(
        f"| the same, from its POST to the page saying so (p95, of {refused['count']}) | — | "
        f"{refused['p95']} ms wall time: the web server's queue, the worker's, and the page's "
        "polling every 2 s | |"
    )
    return lines


def targets_table(groups: dict, errors: int, history_ok: bool, history_rows: int, saves: int) -> list[str]:
    lines = ["| target | limit | measured | |", "| --- | --- | --- | --- |"]
    for label, group, percentile, limit in TARGETS:
        value = groups[group][percentile]
        met = value is not None and value <= limit
        measured = f"{value} ms (of {groups[group]['count']})" if value is not None else "no requests"
        lines.append(f"| {label} | ≤ {limit} ms | {measured} | {'met' if met else 'missed'} |")
    lines.append(f"| errors | 0 | {errors} | {'met' if not errors else 'missed'} |")
    verdict = "met" if history_ok else "missed"
    lines.append(f"| history rows | one per save | {history_rows} for {saves} saves | {verdict} |")
    return lines


if __name__ == "__main__":
    main()
