"""make loadtest: the big synthetic plan on PostgreSQL behind gunicorn, loaded by locust for two
minutes on the loopback interface, then a table of the results and the history check.

Run inside scripts/with_postgres.sh (the Makefile does), which provides DATABASE_URL. Writes
load/last.md. Not part of make test.
"""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = os.environ.get("LOAD_PORT", "8765")
DURATION = int(os.environ.get("LOAD_DURATION", "120"))  # seconds measured, after the ramp-up
RAMP_SECONDS = 15  # users log in over this time (a login hashes a password: ~0.5 s of CPU), not counted
PASSWORD = "belasting-" + secrets.token_hex(6)
READERS, EDITORS, EXPORTERS = 60, 10, 5
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "0",  # plain HTTP on the loopback interface
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))


def manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=ENV, check=True)


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

    from organisations.models import Membership
    from plans import changes
    from plans.models import Action, ActionPlan, Plan
    from plans.roles import CEL, COUNCIL

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
    actions = list(
        Action.objects.in_plan(plan).active().order_by("?").values_list("pk", "action_plan__number")[:2000]
    )
    return {
        "action_plans": list(ActionPlan.objects.in_plan(plan).active().values_list("number", flat=True)),
        "actions": actions,
        "shared_action": actions[0],
        "rounds": list(plan.rounds.filter(state="closed").values_list("pk", flat=True)),
    }


def wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url}")


def history_of_editors(since) -> int:
    from plans.models import Action

    return Action.history.filter(
        history_user__username__startswith="redacteur", history_date__gte=since
    ).count()


def main() -> None:
    started = time.monotonic()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage(
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

    from django.utils import timezone

    load_started = timezone.now()
    out = Path(tempfile.mkdtemp(prefix="load-"))
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            "5",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/health/")
        users = READERS + EDITORS + EXPORTERS
        locust_env = {
            **ENV,
            "LOAD_PASSWORD": PASSWORD,
            "LOAD_TARGETS": json.dumps(targets),
            "LOAD_RESULTS": str(out / "counts.json"),
            "LOAD_READERS": str(READERS),
        }
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                "load/locustfile.py",
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(users / RAMP_SECONDS),
                "--reset-stats",
                "-t",
                f"{DURATION + RAMP_SECONDS}s",
                "--stop-timeout",
                "30",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(out / "stats"),
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
            timeout=600,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(out, load_started)


def report(out: Path, since) -> None:
    counts = json.loads((out / "counts.json").read_text())
    history_rows = history_of_editors(since)
    with open(out / "stats_stats.csv") as file:
        stats = list(csv.DictReader(file))
    lines = [
        f"gunicorn 5 workers, PostgreSQL, {READERS} readers (5–15 s think time), {EDITORS} editors without "
        f"pause (20% on one shared action), {EXPORTERS} exporters; {DURATION} s measured after a "
        f"{RAMP_SECONDS} s ramp-up of the logins; load tool and server on the same {os.cpu_count()} cores.",
        "",
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in stats:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} |"
        )
    lines += [
        "",
        f"Saves: {counts['saved']} succeeded, {counts['conflicts']} conflicts reported to their editor, "
        f"{counts['other']} other answers; history rows written by the editors: {history_rows} "
        f"({'one per successful save' if history_rows == counts['saved'] else 'MISMATCH'}).",
    ]
    text = "\n".join(lines)
    (ROOT / "load" / "last.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    failures = sum(int(row["Failure Count"]) for row in stats if row["Name"] == "Aggregated")
    if history_rows != counts["saved"] or counts["other"] or failures:
        raise SystemExit("load test: errors or a history mismatch (see above)")


if __name__ == "__main__":
    main()
