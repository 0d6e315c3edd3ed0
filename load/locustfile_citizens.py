"""The load of `make loadtest`'s "citizens" profile: the realistic profile's staff (load/locustfile.py:
readers, editors saving every 3–10 s, exporters) and beside them 300 anonymous citizens reading the
big plan's public site and its API, 5–15 s between two pages, as a visitor reads: the plan, a goal, an
actieplan, an actie, a search with filters, the indicators, an older version, and the API's lists
(a page of acties, of any page number) and items.

Every address comes from load/run.py (LOAD_PUBLIC_FILE, a JSON file of lists of addresses per kind,
read with the site's own url names), so a citizen asks for many different items, as many readers do,
not one cached page. Any answer but a 200 is an error (the API's rate limit is raised for the run:
all citizens come from one address here). Started by load/run.py, never by tests.
"""

import json
import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load.locustfile import GROUPS, Editor, Exporter, Reader  # noqa: F401  (the staff, as in realistic)

CITIZENS = int(os.environ.get("LOAD_CITIZENS", "300"))
with open(os.environ["LOAD_PUBLIC_FILE"]) as public_file:
    PUBLIC = json.load(public_file)  # {kind: [address, …]}
# The names of the citizens' requests, as locust reports them, and their groups for load/run.py.
PAGES = {
    "plan": "public: plan",
    "goal": "public: goal",
    "action_plan": "public: actieplan",
    "action": "public: actie",
    "search": "public: search with filters",
    "indicators": "public: indicators",
    "indicator": "public: indicator",
    "older": "public: older version",
}
API = {"api_list": "api: list (paged)", "api_item": "api: item"}
GROUPS.update(
    {
        "public pages": list(PAGES.values()),
        "api": list(API.values()),
        "public": [*PAGES.values(), *API.values()],
    }
)


class Citizen(HttpUser):
    fixed_count, wait_time = CITIZENS, between(5, 15)

    def read(self, kind: str) -> None:
        addresses = PUBLIC.get(kind)
        if addresses:
            self.client.get(random.choice(addresses), name=PAGES.get(kind) or API[kind])

    @task(3)
    def plan(self):
        self.read("plan")

    @task(3)
    def goal(self):
        self.read("goal")

    @task(4)
    def action_plan(self):
        self.read("action_plan")

    @task(4)
    def action(self):
        self.read("action")

    @task(2)
    def search(self):
        self.read("search")

    @task(1)
    def indicators(self):
        self.read("indicators")

    @task(1)
    def indicator(self):
        self.read("indicator")

    @task(1)
    def older(self):
        self.read("older")

    @task(2)
    def api_list(self):
        self.read("api_list")

    @task(2)
    def api_item(self):
        self.read("api_item")
