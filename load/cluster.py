"""make loadtest-cluster: many organisations on one installation, two app servers, one PostgreSQL,
one Redis.

1. Builds organisation 1 (a plan of LOAD_ACTIONS acties) and measures its pages with the Django test
   client: the single-organisation installation.
2. Builds the other organisations (LOAD_ORGANISATIONS in all), each with a plan of the same size, and
   measures the same pages of the same plan again: the ratio says whether a plan's pages slow down
   because others exist.
3. Starts a throwaway redis-server and two gunicorn app servers sharing it and the database, and runs
   locust: readers and editors spread over the organisations, each request to either server. Every
   response body is checked for other organisations' names; every save must have one history row.

Run inside scripts/with_postgres.sh (the Makefile does), which provides DATABASE_URL. Writes
load/last-cluster.md. Not part of make test. Exit code 3 when redis-server is missing.
"""

import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load import common
from load.common import (
    ROOT,
    failures,
    free_port,
    read_stats,
    run_locust,
    start_gunicorn,
    start_workers,
    stats_table,
    stop,
    wait_until_up,
)

ORGANISATIONS = int(os.environ.get("LOAD_ORGANISATIONS", "300"))
ACTIONS = int(os.environ.get("LOAD_ACTIONS", "1000"))
DURATION = int(os.environ.get("LOAD_DURATION", "120"))  # seconds measured, after the ramp-up
RAMP_SECONDS = 20  # users log in over this time (a login hashes a password), not counted
READERS, EDITORS = 60, 10
WORKERS = 3  # per app server
RUNS = 15  # per page and state, for the medians
PASSWORD = "belasting-" + secrets.token_hex(6)
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_COOKIES": "0",  # plain HTTP on the loopback interface
    "DJANGO_SETTINGS_MODULE": "load.settings_cluster",
    "LOG_LEVEL": "WARNING",
    "OUTPUT_ROOT": tempfile.mkdtemp(prefix="load-uitvoer-"),  # the stored outputs of this run only
    "SYNTHETIC_PASSWORD": PASSWORD,
}
os.environ.update(ENV)
PAGES = [
    ("overview", ""),
    ("actieplan page", "actieplannen/10/"),
    ("statussen", "status/"),
    ("dashboard", "dashboard/"),
    ("search", "zoeken/?q=kinderopvang"),
]


def manage(*args: str) -> float:
    return common.manage(ENV, *args)


def analyze() -> None:
    from django.db import connections

    for alias in connections:
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("ANALYZE")


def copy_database(name: str) -> str:
    """A copy of the database as it is now (PostgreSQL's CREATE DATABASE … TEMPLATE); its URL."""
    import psycopg2

    url = os.environ["DATABASE_URL"]
    base, source = url.rsplit("/", 1)
    connection = psycopg2.connect(f"{base}/template1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    connection.close()
    return f"{base}/{name}"


def page_medians() -> dict[str, dict[str, tuple[float, float]]]:
    """Per page of organisation 1's plan, for its reader, on each database ("single": the
    installation with organisation 1 only; "default": with all of them), asked in turn so that the
    load of the machine falls on both alike: the median ms with nothing cached, and with the page's
    fragments cached (the page asked again)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django_scopes import scopes_disabled

    from demo.synthetic_organisations import plan_slug, reader_name
    from load.settings_cluster import Measured

    analyze()
    clients = {}
    for alias in ("single", "default"):
        Measured.alias = alias
        with scopes_disabled():
            reader = get_user_model().objects.get(username=reader_name(1, 0))
        clients[alias] = Client()
        clients[alias].force_login(reader)
    medians = {}
    for name, path in PAGES:
        url = f"/plannen/{plan_slug(1)}/{path}"
        times = {(alias, state): [] for alias in clients for state in ("cold", "warm")}
        for _ in range(RUNS):
            for alias, client in clients.items():
                Measured.alias = alias
                cache.clear()  # both databases hold organisation 1 alike: their cached fragments too
                for state in ("cold", "warm"):
                    started = time.perf_counter()
                    response = client.get(url)
                    times[alias, state].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, alias, response.status_code)
        medians[name] = {
            alias: (statistics.median(times[alias, "cold"]), statistics.median(times[alias, "warm"]))
            for alias in clients
        }
    Measured.alias = "default"
    cache.clear()
    return medians


def targets() -> list[dict]:
    """Per organisation: its plan's address, its actieplannen and a sample of its acties (two queries)."""
    from django_scopes import scopes_disabled

    from plans.models import Action, ActionPlan

    rng = random.Random(18)
    found: dict[str, dict] = {}
    with scopes_disabled():
        for slug, number in (
            ActionPlan.objects.active()
            .filter(plan__slug__startswith="gemeente-")
            .values_list("plan__slug", "number")
        ):
            found.setdefault(
                slug, {"slug": slug, "number": int(slug.rsplit("-", 1)[1]), "action_plans": [], "actions": []}
            )["action_plans"].append(number)
        for slug, pk, number in (
            Action.objects.active()
            .filter(action_plan__plan__slug__startswith="gemeente-")
            .values_list("action_plan__plan__slug", "pk", "action_plan__number")
        ):
            found[slug]["actions"].append((pk, number))
    for organisation in found.values():
        organisation["actions"] = rng.sample(organisation["actions"], min(50, len(organisation["actions"])))
    return sorted(found.values(), key=lambda organisation: organisation["number"])


def editors_history(since) -> int:
    from django_scopes import scopes_disabled

    from plans.models import Action

    with scopes_disabled():
        return Action.history.filter(
            history_user__username__startswith="redacteur-", history_date__gte=since
        ).count()


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
            "--loglevel",
            "warning",
        ],
        start_new_session=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit("redis-server did not start")


def main() -> None:
    if shutil.which("redis-server") is None:
        print(
            "SKIPPED: no redis-server on this machine (apt-get install redis-server); "
            "the cluster run did not happen.",
            file=sys.stderr,
        )
        raise SystemExit(3)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    size = ["--actions", str(ACTIONS), "--actionplans", str(max(1, ACTIONS // 20))]
    first_build = manage("generate_organisations", "--first", "1", "--count", "1", *size)
    os.environ["LOAD_SINGLE_DATABASE_URL"] = copy_database("single")  # this process only
    rest_build = manage("generate_organisations", "--first", "2", "--count", str(ORGANISATIONS - 1), *size)
    import django

    django.setup()
    medians = page_medians()
    world = {"first": first_build, "rest": rest_build, **database_counts()}

    from django.utils import timezone

    out = Path(tempfile.mkdtemp(prefix="load-cluster-"))
    (out / "targets.json").write_text(json.dumps(targets()))
    redis, cache_url = start_redis(out)
    ports = [free_port(), free_port()]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    load_started = timezone.now()
    gunicorns = [start_gunicorn(port, WORKERS, {**ENV, "CACHE_URL": cache_url}) for port in ports]
    workers = [worker for _port in ports for worker in start_workers({**ENV, "CACHE_URL": cache_url})]
    try:
        for url in servers:
            wait_until_up(f"{url}/health/")
        run_locust(
            "load/locustfile_cluster.py",
            users=READERS + EDITORS,
            ramp_seconds=RAMP_SECONDS,
            duration=DURATION,
            host=servers[0],
            csv_prefix=out / "stats",
            env={
                **ENV,
                "LOAD_PASSWORD": PASSWORD,
                "LOAD_SERVERS": ",".join(servers),
                "LOAD_TARGETS_FILE": str(out / "targets.json"),
                "LOAD_RESULTS": str(out / "counts.json"),
                "LOAD_READERS": str(READERS),
                "LOAD_EDITORS": str(EDITORS),
            },
        )
    finally:
        stop([*gunicorns, *workers, redis])
    report(out, load_started, servers, world, medians)


def database_counts() -> dict[str, int]:
    from django_scopes import scopes_disabled

    from organisations.models import Membership, Organisation
    from plans.models import Action, Plan

    with scopes_disabled():
        return {
            "organisations": Organisation.objects.count(),
            "plans": Plan.objects.count(),
            "actions": Action.objects.count(),
            "action_history": Action.history.count(),
            "memberships": Membership.objects.count(),
        }


def report(out: Path, since, servers, world, medians) -> None:
    counts = json.loads((out / "counts.json").read_text())
    history_rows = editors_history(since)
    stats = read_stats(out / "stats")
    lines = [
        f"{world['organisations']} organisations, {world['plans']} plans, {world['actions']:,} acties "
        f"({world['action_history']:,} history rows of acties), {world['memberships']} memberships; built in "
        f"{world['first'] + world['rest']:.0f} s ({world['first']:.0f} s for the first organisation). "
        f"PostgreSQL, Redis (shared cache), two gunicorn app servers of {WORKERS} workers; "
        f"{READERS} readers (1–5 s think time) and {EDITORS} editors without pause, each of another "
        f"organisation picked at random, each request to either server; {DURATION} s measured after a "
        f"{RAMP_SECONDS} s ramp-up of the logins; load tool, servers and databases on the same "
        f"{os.cpu_count()} cores.",
        "",
        *stats_table(stats),
    ]
    per_server = ", ".join(f"{counts['per_server'][url]} to {url.rsplit(':', 1)[1]}" for url in servers)
    history_ok = history_rows == counts["saved"]
    lines += [
        "",
        f"- Server errors (5xx): {counts['server_errors']}.",
        f"- Responses carrying another organisation's data: {counts['leaks']} of {counts['checked']} checked "
        "(each body searched for every other organisation's name, plan name and plan address).",
        f"- Saves: {counts['saved']} succeeded, {counts['conflicts']} conflicts reported to their editor, "
        f"{counts['other']} other answers; history rows written by the editors: {history_rows} "
        f"({'exactly one per save' if history_ok else 'MISMATCH'}).",
        f"- Requests per app server: {per_server}.",
        *(f"- Leak: {example}" for example in counts["leak_examples"]),
        "",
        f"Organisation 1's plan ({ACTIONS} acties), its reader, Django test client, median of {RUNS}, "
        "asked in turn of a copy of the database made when organisation 1 was alone and of the "
        f"database of all {world['organisations']} organisations (target ≤ 1.2×).",
        "",
        "| page | alone, nothing cached ms | among many ms | ratio "
        "| alone, cached ms | among many ms | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    worst = 0.0
    for name, _path in PAGES:
        (cold_1, warm_1), (cold_n, warm_n) = medians[name]["single"], medians[name]["default"]
        worst = max(worst, cold_n / cold_1, warm_n / warm_1)
        lines.append(
            f"| {name} | {cold_1:.0f} | {cold_n:.0f} | {cold_n / cold_1:.2f}× "
            f"| {warm_1:.0f} | {warm_n:.0f} | {warm_n / warm_1:.2f}× |"
        )
    text = "\n".join(lines)
    (ROOT / "load" / "last-cluster.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    if counts["server_errors"] or counts["leaks"] or counts["other"] or failures(stats) or not history_ok:
        raise SystemExit("loadtest-cluster: server errors, leaks, failures or a history mismatch (see above)")
    if worst > 1.2:
        raise SystemExit(f"loadtest-cluster: a page is {worst:.2f}× slower among many organisations (> 1.2×)")


if __name__ == "__main__":
    main()
