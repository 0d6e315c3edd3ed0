"""The load of `make loadtest-cluster`: readers and editors of many organisations, each request sent
to one of the app servers at random (a session started on one is used on the other).

Every response body is searched for another organisation's name, plan name or plan address
("Gemeente 137", "Plan van gemeente 137", "/plannen/gemeente-137/"): each hit is a leak. Every save
posts a new toelichting, so every 200 must have exactly one history row (load/cluster.py counts them).
Started by load/cluster.py, never by tests.
"""

import html
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ["LOAD_PASSWORD"]
SERVERS = os.environ["LOAD_SERVERS"].split(",")
with open(os.environ["LOAD_TARGETS_FILE"]) as targets_file:
    ORGANISATIONS = json.load(targets_file)  # [{number, slug, action_plans, actions: [[pk, ap], …]}]
NAMED = re.compile(r"\bgemeente[ -](\d{3})\b", re.IGNORECASE)
SEARCH_WORDS = ["kinderopvang", "jeugdwerking", "patrimonium", "mantelzorgers"]
counts = {
    "saved": 0,
    "conflicts": 0,
    "other": 0,
    "server_errors": 0,
    "checked": 0,
    "leaks": 0,
    "leak_examples": [],
    "per_server": dict.fromkeys(SERVERS, 0),
}


def server() -> str:
    choice = random.choice(SERVERS)
    counts["per_server"][choice] += 1
    return choice


def check(response, own: str) -> bool:
    """Count server errors, and fail any response that names another organisation (True: it did)."""
    if response.status_code >= 500:
        counts["server_errors"] += 1
    counts["checked"] += 1
    others = {number for number in NAMED.findall(response.text) if number != own}
    if others:
        counts["leaks"] += 1
        if len(counts["leak_examples"]) < 10:
            counts["leak_examples"].append(f"{response.request.url} (gemeente {own}) names {sorted(others)}")
        response.failure(f"names other organisations: {sorted(others)}")
    return bool(others)


class Member(HttpUser):
    abstract = True
    prefix = ""

    def on_start(self):
        self.organisation = random.choice(ORGANISATIONS)
        self.own = f"{self.organisation['number']:03d}"
        page = self.client.get(f"{server()}/aanmelden/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        base = server()
        self.client.post(
            f"{base}/aanmelden/",
            {"username": f"{self.prefix}-{self.own}-0", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/aanmelden/"},
            name="login",
        )
        self.csrf = self.client.cookies.get("csrftoken")

    def page(self, path: str, name: str):
        with self.client.get(
            f"{server()}/plannen/{self.organisation['slug']}/{path}", name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            check(response, self.own)
            return response


class Reader(Member):
    fixed_count, wait_time, prefix = int(os.environ.get("LOAD_READERS", "60")), between(1, 5), "lezer"

    @task(3)
    def overview(self):
        self.page("", "overview")

    @task(4)
    def action_plan_page(self):
        self.page(f"actieplannen/{random.choice(self.organisation['action_plans'])}/", "actieplan page")

    @task(2)
    def statuses(self):
        self.page("status/", "statussen")

    @task(2)
    def dashboard(self):
        self.page("dashboard/", "dashboard")

    @task(2)
    def search(self):
        self.page(f"zoeken/?q={random.choice(SEARCH_WORDS)}", "search")


class Editor(Member):
    fixed_count, wait_time, prefix = int(os.environ.get("LOAD_EDITORS", "10")), constant(0), "redacteur"

    @task
    def save(self):
        """As on the page: load the actieplan's rows, change one toelichting, save it in place."""
        pk, action_plan = random.choice(self.organisation["actions"])
        page = self.page(f"actieplannen/{action_plan}/", "actieplan page (editor)")
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
        base = server()
        with self.client.post(
            f"{base}/plannen/{self.organisation['slug']}/actie/{pk}/opslaan/",
            data,
            headers={"X-CSRFToken": self.csrf, "Referer": base, "HX-Request": "true"},
            name="save",
            catch_response=True,
        ) as response:
            leaked = check(response, self.own)
            if response.status_code == 200:
                counts["saved"] += 1
                if not leaked:
                    response.success()
            elif response.status_code == 409 and "Mijn versie toch opslaan" in response.text:
                counts["conflicts"] += 1  # told, with the other version and a way to keep theirs
                if not leaked:
                    response.success()
            else:
                counts["other"] += 1
                response.failure(f"status {response.status_code}: {response.text[:300]}")


@events.test_stop.add_listener
def write_counts(environment, **kwargs):
    with open(os.environ["LOAD_RESULTS"], "w") as file:
        json.dump(counts, file)
