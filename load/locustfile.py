"""The load of `make loadtest`, in one of three profiles (LOAD_PROFILE): readers with think time,
editors saving (without pause in "saturation", every 3–10 s otherwise; a fifth of their saves on
one shared action), and exporters downloading a workbook every 20–30 s, of a closed round or of the
open one, half each. "crafted" is "realistic" plus two users uploading crafted workbooks at once,
again and again (each followed on its page until it is refused), and one asking /health/ every
second. Started by load/run.py, never by tests.

Each editor posts a new toelichting every time, so every 200 is a real change that must have
exactly one history row, and every 409 is a conflict the client was told about; the counts and the
percentiles of the target groups go to LOAD_RESULTS (a JSON file) for load/run.py.
"""

import html
import json
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load.exports import ExportFailed, download
from tests.zips import sheet, workbook

SLUG = os.environ.get("LOAD_PLAN", "groot")
PASSWORD = os.environ["LOAD_PASSWORD"]
TARGETS = json.loads(os.environ["LOAD_TARGETS"])  # actieplannen, (action pk, actieplan), round pks
PROFILE = os.environ.get("LOAD_PROFILE", "saturation")
READER_PAGES = ["overview", "status page", "timeline", "dashboard", "proposals"]
GROUPS = {  # the targets' groups of locust names
    "readers": READER_PAGES,
    "saves": ["save", "save (shared action)"],
    "closed": ["closed-round download"],
    "open": ["open-round export"],
    "crafted": ["crafted upload refused"],
    "health": ["health"],
}
CRAFTED = PROFILE == "crafted"
# The two: a 165 KB workbook of 15 million empty rows without a dimension, and 5.5 million
# shared strings. Both are refused by the scan before openpyxl, in the worker.
CRAFTED_FILES = (
    [
        workbook(sheet(b"<row/>" * 15_000_000)),
        workbook(
            sheet(b""), **{"xl/sharedStrings.xml": b"<sst>" + b"<si><t>x</t></si>" * 5_500_000 + b"</sst>"}
        ),
    ]
    if CRAFTED
    else []
)
REFUSED = "Er is niets ingelezen."
GIVE_UP_SECONDS = 120
counts = {"saved": 0, "conflicts": 0, "other": 0}


def log_in(user: HttpUser, username: str) -> str:
    page = user.client.get("/aanmelden/", name="login page")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    user.client.post(
        "/aanmelden/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{user.host}/aanmelden/"},
        name="login",
    )
    return user.client.cookies.get("csrftoken")


class Reader(HttpUser):
    fixed_count, wait_time = 60, between(5, 15)

    def on_start(self):
        log_in(self, f"lezer{random.randrange(int(os.environ.get('LOAD_READERS', '60')))}")

    @task(3)
    def overview(self):
        self.client.get(f"/plannen/{SLUG}/", name="overview")

    @task(4)
    def status_page(self):
        number = random.choice(TARGETS["action_plans"])
        self.client.get(f"/plannen/{SLUG}/actieplannen/{number}/", name="status page")

    @task(2)
    def timeline(self):
        pk, _action_plan = random.choice(TARGETS["actions"])
        self.client.get(f"/plannen/{SLUG}/actie/{pk}/tijdlijn/", name="timeline")

    @task(2)
    def dashboard(self):
        self.client.get(f"/plannen/{SLUG}/dashboard/", name="dashboard")

    @task(1)
    def proposals(self):
        self.client.get(f"/plannen/{SLUG}/voorstellen/", name="proposals")


class Editor(HttpUser):
    fixed_count = 10
    wait_time = constant(0) if PROFILE == "saturation" else between(3, 10)

    def on_start(self):
        self.csrf = log_in(self, f"redacteur{random.randrange(10)}")

    @task
    def save(self):
        """As on the page: load the actieplan's rows, change one toelichting, save it in place."""
        shared = random.random() < 0.2
        pk, action_plan = TARGETS["shared_action"] if shared else random.choice(TARGETS["actions"])
        page = self.client.get(f"/plannen/{SLUG}/actieplannen/{action_plan}/", name="status page (editor)")
        version = re.search(rf'name="version" value="(\d+)" id="version-actie-{pk}"', page.text)
        seen = re.search(
            rf'name="seen_explanation" value="([^"]*)" id="seen-explanation-actie-{pk}"', page.text
        )
        status = re.search(rf'name="seen_status" value="([^"]*)" id="seen-status-actie-{pk}"', page.text)
        data = {
            "status": status.group(1) if status else "",
            "explanation": f"Stand van zaken {uuid.uuid4().hex[:8]}",
            "version": version.group(1) if version else "0",
            "seen_status": status.group(1) if status else "",
            "seen_explanation": html.unescape(seen.group(1)) if seen else "",
        }
        with self.client.post(
            f"/plannen/{SLUG}/actie/{pk}/opslaan/",
            data,
            headers={"X-CSRFToken": self.csrf, "Referer": self.host},
            name="save (shared action)" if shared else "save",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                counts["saved"] += 1
                response.success()
            elif response.status_code == 409 and "Mijn versie toch opslaan" in response.text:
                counts["conflicts"] += 1  # told, with the other version and a way to keep theirs
                response.success()
            else:
                counts["other"] += 1
                response.failure(f"status {response.status_code}: {response.text[:300]}")


class Exporter(HttpUser):
    fixed_count, wait_time = 5, between(20, 30)

    def on_start(self):
        log_in(self, f"redacteur{random.randrange(10)}")

    @task
    def export(self):
        """One download, from the first GET to the file, whether it came at once or after polls."""
        closed = random.random() < 0.5
        round_pk = random.choice(TARGETS["closed_rounds"]) if closed else TARGETS["open_round"]
        url = f"/plannen/{SLUG}/rapporteringen/{round_pk}/rapportering.xlsx"
        started, content, exception = time.perf_counter(), b"", None
        try:
            content = download(self.client, url)
        except ExportFailed as error:
            exception = error
        self.environment.events.request.fire(
            request_type="GET",
            name="closed-round download" if closed else "open-round export",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=len(content),
            response=None,
            context={},
            exception=exception,
            url=url,
        )


class CraftedUploader(HttpUser):
    """An eigenaar's worst: a crafted workbook through the round trip's upload page, followed on its
    page (as htmx does, every two seconds) until it is refused. Two at once, as two users."""

    fixed_count = 2 if CRAFTED else 0
    wait_time = between(5, 10)
    started = 0

    def on_start(self):
        CraftedUploader.started += 1
        self.data = CRAFTED_FILES[CraftedUploader.started % 2]
        self.csrf = log_in(self, f"redacteur{CraftedUploader.started % 10}")

    @task
    def upload(self):
        started, exception = time.perf_counter(), None
        form = self.client.get(f"/plannen/{SLUG}/import/", name="crafted: upload form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        page = self.client.post(
            f"/plannen/{SLUG}/import/",
            data={"csrfmiddlewaretoken": token},
            files={"file": ("aanval.xlsx", self.data)},
            headers={"Referer": f"{self.host}/plannen/{SLUG}/import/"},
            name="crafted: upload",
        )
        while REFUSED not in page.text:
            if time.perf_counter() - started > GIVE_UP_SECONDS:
                exception = RuntimeError(f"not refused within {GIVE_UP_SECONDS} s")
                break
            time.sleep(2)
            page = self.client.get(page.url, name="crafted: poll")
        self.environment.events.request.fire(
            request_type="POST",
            name="crafted upload refused",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            response=None,
            context={},
            exception=exception,
            url=f"/plannen/{SLUG}/import/",
        )


class HealthChecker(HttpUser):
    """The load balancer's check, every second: it must answer every time."""

    fixed_count = 1 if CRAFTED else 0
    wait_time = constant(1)

    @task
    def health(self):
        self.client.get("/health/", name="health", timeout=5)


def percentiles(environment, names: list[str]) -> dict:
    """p50/p95/p99 (ms) and the count over all requests of ``names`` together, from locust's
    response-time histograms (the measured window: statistics are reset after the ramp-up)."""
    merged: dict[int, int] = {}
    for entry in environment.stats.entries.values():
        if entry.name in names:
            for ms, number in entry.response_times.items():
                merged[ms] = merged.get(ms, 0) + number
    total, found = sum(merged.values()), {"count": sum(merged.values())}
    for percent in (50, 95, 99):
        seen, found[f"p{percent}"] = 0, None
        for ms in sorted(merged):
            seen += merged[ms]
            if seen >= total * percent / 100:
                found[f"p{percent}"] = ms
                break
    return found


@events.test_stop.add_listener
def write_counts(environment, **kwargs):
    groups = {group: percentiles(environment, names) for group, names in GROUPS.items()}
    with open(os.environ["LOAD_RESULTS"], "w") as file:
        json.dump({**counts, "groups": groups}, file)
