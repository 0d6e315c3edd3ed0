"""make lighthouse: Lighthouse 12 (pinned in tools/lighthouse, run in Debian's Chromium) on every public
page template, as a citizen's phone sees them (Lighthouse's default: a mobile device, simulated
throttling), against the site served as `make run` serves it: gunicorn, DEBUG off, collected static
files served by whitenoise.

A scratch SQLite database holds the demo (`load_demo`; its plans published) and the big synthetic plan
(500 actieplannen, 10,000 acties, with one adopted version and its publication on). The pages are found
by following the site's own links (and filling its GET forms: search with filters) from each
organisation's page, one page per url name, so a page template added later is measured without a
change here:

- every page of the demo: the accessibility category (target 100);
- the big plan's plan, goal, actieplan, actie and search pages: the performance category too (target
  ≥ 90, LCP ≤ 2.5 s, CLS ≤ 0.1), the median of LIGHTHOUSE_RUNS runs (3) by score.

Each page is asked a few times before Lighthouse opens it: public pages are cached per version, and
readers find them cached. Writes docs/lighthouse/README.md (the table) and one small gzipped JSON report
per page (categories' scores, metrics, the failing audits with their elements). A missed target is
reported, not fatal; a page that cannot be measured is (exit code 1). Not part of make test.
"""

import gzip
import html
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from load.common import free_port, manage, start_gunicorn, stop, wait_until_up  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
OUT = ROOT / "docs" / "lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))  # runs per performance page; the median is kept
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "0")) or free_port()
HOST = f"http://127.0.0.1:{PORT}"
SCRATCH = Path(tempfile.mkdtemp(prefix="lighthouse-"))
DEMO_FIRST = "voorbeeldgemeente"  # the demo plan with two versions, money and indicators
BIG = "groot"  # the big plan's slug and its organisation's
BIG_SIZE = {"goals": 20, "actionplans": 500, "actions": 10_000, "projects": 1_000, "rounds": 10}
BIG_SEARCH_WORD = "kinderopvang"  # in about one title in fifteen (bench/run.py)
# The big plan's pages under the performance target, by the url names of publicsite/urls.py: the page
# of the plan, a goal, an actieplan, an actie, and the search page with its filters.
PERFORMANCE_PAGES = ("public:plan", "public:goal", "public:action_plan", "public:action", "public:search")
EXTRA_PAGES = ("api:docs",)  # pages beside the public site's own: the API's documentation
NAMESPACES = ("public", "api")  # the public site and the API's documentation (JSON answers are skipped)
MAX_FETCHES = 300
DEMO_ONLY = os.environ.get("LIGHTHOUSE_ONLY") == "demo"  # a quick look at the templates: no big plan
TARGETS = {"accessibility": 100, "performance": 90, "lcp": 2.5, "cls": 0.1}
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "0",  # plain HTTP on the loopback interface, as `make run`
    "SITE_URL": HOST,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": os.environ.get("LIGHTHOUSE_DATABASE_URL", f"sqlite:///{SCRATCH / 'lighthouse.sqlite3'}"),
    "LOG_LEVEL": "WARNING",
    "API_RATE": os.environ.get("API_RATE", "100000/hour"),  # the crawl asks more than a visitor
    "OUTPUT_ROOT": str(SCRATCH / "uitvoer"),
}
os.environ.update(ENV)


# ---------------------------------------------------------------------------------------------------
# The data


def build() -> None:
    started = time.monotonic()
    manage(ENV, "migrate", "--noinput", "-v0")
    manage(ENV, "load_demo")
    manage(ENV, "collectstatic", "--noinput", "-v0")
    if not DEMO_ONLY:
        manage(ENV, "generate_plan", "--slug", BIG, *[f"--{key}={value}" for key, value in BIG_SIZE.items()])
    import django

    django.setup()
    from django_scopes import scopes_disabled

    with scopes_disabled():  # this script's own set-up; the server scopes each request
        publish_all()
    print(f"data built in {time.monotonic() - started:.0f} s", flush=True)


def publish_all() -> None:
    """Every plan published: the demo's (the lead's demo does it already; kept for a demo without) and
    the big plan, which gets its first version adopted today."""
    from django.utils import timezone

    from plans.models import Plan
    from publicsite import editions, publishing
    from versions import adopting
    from versions.models import ADOPTED_STATES, PlanVersion

    for plan in Plan.objects.all():
        if not PlanVersion.objects.filter(plan=plan, state__in=ADOPTED_STATES).exists():
            if plan.slug != BIG:
                continue  # a draft of the demo (issue 31): nothing adopted to show
            started = time.monotonic()
            adopting.record(plan, name="MJP 2026-2031", council_date=timezone.localdate(), by=None)
            print(f"big plan's version adopted in {time.monotonic() - started:.0f} s", flush=True)
        if not editions.is_published(plan):
            publishing.switch(plan, on=True, by=None)


def organisations() -> list[tuple[str, list[str]]]:
    """(organisation slug, its published plans' slugs), the demo's first, the big plan's last."""
    from django_scopes import scopes_disabled

    from organisations.models import Organisation
    from publicsite import editions

    with scopes_disabled():
        found = [
            (org.slug, [plan.slug for plan in editions.published_plans(org)])
            for org in Organisation.objects.order_by("pk")
        ]
    found = [(org, plans) for org, plans in found if plans]
    return sorted(found, key=lambda pair: (pair[0] == BIG, pair[0] != DEMO_FIRST))


# ---------------------------------------------------------------------------------------------------
# Finding one page per url name


class Page(HTMLParser):
    """The links of a page (a, link, iframe, form actions, and addresses of this site in its text, as
    in a widget's embed code) and its GET forms with their fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.words: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "iframe"):
                self.links.append(attrs[name])
        self._in_link = tag == "a" or self._in_link
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind not in ("submit", "button", "reset", "image"):
                self._form["fields"].append((attrs["name"], kind, attrs.get("value") or ""))
        if tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["fields"].append((self._select, "select", []))
        if tag == "option" and self._select is not None:
            options = self._form["fields"][-1][2]
            options.append(attrs.get("value") if attrs.get("value") is not None else "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            self.words += re.findall(r"[a-zà-ÿ]{7,}", data.lower())
        self.links += re.findall(re.escape(HOST) + r"/[^\s\"'<>]+", data)


def fetch(url: str) -> tuple[str, str] | None:
    """(final url, text) of an HTML page; None for anything else (downloads, JSON, errors)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            if "text/html" not in response.headers.get("Content-Type", ""):
                return None
            return response.geturl(), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        print(f"  {error.code} on {url}", flush=True)
        return None


def name_of(url: str) -> str | None:
    """The namespaced url name of one of this site's public addresses, else None."""
    from django.urls import Resolver404, resolve

    parts = urllib.parse.urlsplit(urllib.parse.urljoin(HOST + "/", url))
    if f"{parts.scheme}://{parts.netloc}" != HOST:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace not in NAMESPACES or not match.url_name:
        return None
    return f"{match.namespace}:{match.url_name}"


def wanted(name: str) -> bool:
    """A page of an older version shows the same template as the one in force: only the plan's page
    is measured there (it has the banner)."""
    return not name.endswith("_version") or name == "public:plan_version"


def crawl(start: str, search_word: str | None = None) -> dict[str, str]:
    """One url per url name reachable from ``start`` (breadth first, each name fetched at most
    three times), and for each GET form the fullest address it makes ("<name> (filters)")."""
    found: dict[str, str] = {}
    tried: dict[str, int] = {}
    forms: dict[str, tuple[int, str]] = {}
    words: list[str] = []
    queue, seen, fetches = [start], {start}, 0
    own = set(re.findall(r"[a-z]+", start))  # the organisation's name is in every title's link
    while queue and fetches < MAX_FETCHES:
        url = queue.pop(0)
        name = name_of(url)
        if name is None or not wanted(name) or tried.get(name, 0) >= 3:
            continue
        if name in found and urllib.parse.urlsplit(found[name]).query == "":
            continue
        tried[name] = tried.get(name, 0) + 1
        fetches += 1
        got = fetch(urllib.parse.urljoin(HOST, url))
        if got is None:
            continue
        final, text = got
        if name not in found or not urllib.parse.urlsplit(final).query:
            found[name] = final
        page = Page()
        page.feed(text)
        words += [word for word in page.words if word not in own]
        for form in page.forms:
            action = urllib.parse.urljoin(final, html.unescape(form["action"]) or final)
            target = name_of(action)
            if target and wanted(target):
                query = fill(form["fields"], search_word or common_word(words))
                if len(query) > forms.get(target, (-1, ""))[0]:
                    forms[target] = (len(query), f"{action.split('?')[0]}?{urllib.parse.urlencode(query)}")
        for link in page.links:
            link = urllib.parse.urljoin(final, html.unescape(link)).split("#")[0]
            if link not in seen:
                seen.add(link)
                queue.append(link)
    for target, (_size, url) in forms.items():
        if fetch(url) is not None:
            found[f"{target} (filters)"] = url
    return {**found, **unlinked(found)}


def unlinked(found: dict[str, str]) -> dict[str, str]:
    """The pages no link leads to (a widget, the API's documentation): each url name of the site not
    reached, addressed with the arguments of a page that was (a widget of a goal takes the goal's)."""
    from django.urls import NoReverseMatch, resolve, reverse

    more = {}
    arguments = [resolve(urllib.parse.urlsplit(url).path).kwargs for url in found.values()]
    for name in [*all_names(), *EXTRA_PAGES]:
        if name in found:
            continue
        for kwargs in [{}, *arguments]:
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if fetch(HOST + url) is not None:
                more[name] = HOST + url
                break
    return more


def common_word(words: list[str]) -> str:
    """A word that titles of the plan share, to search for."""
    counted = {word: words.count(word) for word in set(words)}
    return max(sorted(counted), key=lambda word: counted[word], default="plan")


def fill(fields: list, word: str) -> list[tuple[str, str]]:
    """A GET form filled as a citizen filtering would: the search word and the first box of each group
    of boxes ticked (a status); its lists left at their first choice, so that the search finds some."""
    query, ticked = [], set()
    for name, kind, value in fields:
        if kind in ("checkbox", "radio"):
            if name not in ticked:
                ticked.add(name)
                query.append((name, value or "on"))
        elif kind == "hidden":
            query.append((name, value))
        elif kind in ("search", "text") and name in ("q", "zoek", "zoekterm", "term"):
            query.append((name, word))
    return query


# ---------------------------------------------------------------------------------------------------
# Lighthouse


def lighthouse(url: str, categories: list[str]) -> dict:
    """One Lighthouse run (mobile, simulated throttling: its defaults); its full JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--max-wait-for-load=60000",
    ]
    for attempt in range(2):  # Chromium's trace recording fails now and then ("Something went wrong")
        done = subprocess.run(
            command, env={**ENV, "CHROME_PATH": CHROME}, capture_output=True, text=True, timeout=300
        )
        if done.returncode == 0:
            return json.loads(done.stdout)
        print(f"  lighthouse failed on {url} (attempt {attempt + 1}): {done.stderr[-300:]}", flush=True)
    raise RuntimeError(f"lighthouse failed twice on {url}: {done.stderr[-2000:]}")


METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI ms",
    "server-response-time": "TTFB ms",
    "total-byte-weight": "bytes",
    "dom-size": "DOM elements",
}


def slim(report: dict, label: str, runs: list[dict]) -> dict:
    """What the table needs and what a fix needs: scores, metrics, and each failing audit with the
    elements that fail it (the full report with its screenshots would be megabytes)."""
    audits = report["audits"]
    failing = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if mode not in ("binary", "numeric", "metricSavings") or audit.get("score") is None:
                continue
            if audit["score"] >= (1 if category["id"] == "accessibility" else 0.9):
                continue
            items = (audit.get("details") or {}).get("items") or []
            items = items if isinstance(items, list) else []
            failing.append(
                {
                    "category": category["id"],
                    "id": ref["id"],
                    "title": audit.get("title"),
                    "score": audit["score"],
                    "weight": ref.get("weight"),
                    "displayValue": audit.get("displayValue"),
                    "items": [element(item) for item in items[:20]],
                }
            )
    return {
        "label": label,
        "url": report["finalDisplayedUrl"],
        "fetchTime": report["fetchTime"],
        "lighthouseVersion": report["lighthouseVersion"],
        "userAgent": report["environment"]["hostUserAgent"],
        "benchmarkIndex": report["environment"].get("benchmarkIndex"),
        "formFactor": report["configSettings"]["formFactor"],
        "throttlingMethod": report["configSettings"]["throttlingMethod"],
        "categories": {key: value["score"] for key, value in report["categories"].items()},
        "metrics": {
            label: audits[key].get("numericValue") for key, label in METRICS.items() if key in audits
        },
        "runs": [
            {
                "performance": run["categories"].get("performance", {}).get("score"),
                "lcp_ms": run["audits"].get("largest-contentful-paint", {}).get("numericValue"),
                "cls": run["audits"].get("cumulative-layout-shift", {}).get("numericValue"),
            }
            for run in runs
        ],
        "failing": failing,
        "runWarnings": report.get("runWarnings", []),
    }


def element(item) -> dict:
    if not isinstance(item, dict):
        return {"value": str(item)[:300]}
    node = item.get("node") or {}
    if node:
        return {
            "selector": node.get("selector"),
            "snippet": (node.get("snippet") or "")[:300],
            "explanation": (node.get("explanation") or "")[:500],
        }
    return {key: value for key, value in item.items() if isinstance(value, str | int | float)}


def measure(label: str, url: str, performance: bool) -> dict:
    for _warm in range(4):  # both gunicorn workers' caches, as a reader finds the page
        fetch(url)
    categories = ["accessibility", "performance"] if performance else ["accessibility"]
    runs = [lighthouse(url, categories) for _run in range(RUNS if performance else 1)]
    if performance:
        scores = [run["categories"]["performance"]["score"] for run in runs]
        median = statistics.median_low(scores)
        chosen = runs[scores.index(median)]
    else:
        chosen = runs[0]
    result = slim(chosen, label, runs)
    print(f"  {summary_line(result)}", flush=True)
    return result


# ---------------------------------------------------------------------------------------------------
# The table


def summary_line(result: dict) -> str:
    scores = result["categories"]
    parts = [f"{result['label']}: accessibility {score(scores.get('accessibility'))}"]
    if "performance" in scores:
        metrics = result["metrics"]
        parts.append(
            f"performance {score(scores['performance'])}, LCP {metrics['LCP ms'] / 1000:.2f} s, "
            f"CLS {metrics['CLS']:.3f}"
        )
    return "; ".join(parts)


def score(value) -> str:
    return "—" if value is None else f"{round(value * 100)}"


def verdicts(result: dict) -> list[str]:
    missed, scores, metrics = [], result["categories"], result["metrics"]
    if scores.get("accessibility") is not None and scores["accessibility"] * 100 < TARGETS["accessibility"]:
        missed.append("accessibility")
    if "performance" in scores:
        if (scores["performance"] or 0) * 100 < TARGETS["performance"]:
            missed.append("performance")
        if metrics["LCP ms"] / 1000 > TARGETS["lcp"]:
            missed.append("LCP")
        if metrics["CLS"] > TARGETS["cls"]:
            missed.append("CLS")
    return missed


def table(results: list[dict], unmeasured: list[str], started: float) -> str:
    first, now = (results[0] if results else {}), time.gmtime()
    lines = [
        "# Lighthouse: the public site",
        "",
        f"Written by `make lighthouse` (scripts/lighthouse.py) on {time.strftime('%Y-%m-%d %H:%M UTC', now)}"
        f" in {(time.monotonic() - started) / 60:.0f} min: Lighthouse {first.get('lighthouseVersion', '?')} "
        f"(tools/lighthouse, pinned), {first.get('formFactor', '?')} with "
        f"{first.get('throttlingMethod', '?')} throttling (its defaults), in {chromium_version()}, headless; "
        f"the site as `make run` serves it (gunicorn, DEBUG off, whitenoise) on a scratch SQLite database "
        f"with the demo and the big plan ({BIG_SIZE['actionplans']} actieplannen, "
        f"{BIG_SIZE['actions']:,} acties), on this machine's {os.cpu_count()} cores (Lighthouse's "
        f"benchmark index {first.get('benchmarkIndex', '?')}).",
        "",
        f"Targets: accessibility {TARGETS['accessibility']} on every page; on the big plan's pages "
        f"performance ≥ {TARGETS['performance']}, LCP ≤ {TARGETS['lcp']} s, CLS ≤ {TARGETS['cls']} "
        f"(the median of {RUNS} runs by score). Each page was asked four times before it was measured "
        "(a version's pages are cached; readers find them so). The reports: one gzipped JSON per page "
        "beside this file, with the scores, the metrics and each failing audit with its elements. Failing "
        "audits: an accessibility audit that does not pass; a performance audit scored below 0.9 (advice "
        "that weighs in the score only where the score misses its target).",
        "",
        "| page | address | accessibility | performance | LCP | CLS | failing audits |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        scores, metrics = result["categories"], result["metrics"]
        address = urllib.parse.urlsplit(result["url"])
        address = address.path + (f"?{address.query}" if address.query else "")
        if "performance" in scores:
            speed = [
                score(scores["performance"]),
                f"{metrics['LCP ms'] / 1000:.2f} s",
                f"{metrics['CLS']:.3f}",
            ]
        else:
            speed = ["—", "—", "—"]
        failing = ", ".join(f"`{audit['id']}`" for audit in result["failing"]) or "none"
        missed = verdicts(result)
        if missed:
            failing += f" (missed: {', '.join(missed)})"
        cells = [result["label"], f"`{address}`", score(scores.get("accessibility")), *speed, failing]
        lines.append("| " + " | ".join(cells) + " |")
    missed_pages = [result for result in results if verdicts(result)]
    lines += ["", f"Pages missing a target: {len(missed_pages)} of {len(results)}."]
    for result in missed_pages:
        for audit in result["failing"]:
            where = "; ".join(item.get("selector") or str(item) for item in audit["items"][:5])
            shown = (
                f"{audit['title']}, {audit['displayValue']}" if audit.get("displayValue") else audit["title"]
            )
            lines.append(f"- {result['label']}: `{audit['id']}` ({shown}){': ' + where if where else ''}")
    if unmeasured:
        lines += [
            "",
            "Not measured (not reached, or Lighthouse failed on it): " + ", ".join(unmeasured) + ".",
        ]
    return "\n".join(lines) + "\n"


def chromium_version() -> str:
    try:
        return subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "Chromium"


def file_name(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".json.gz"


# ---------------------------------------------------------------------------------------------------


def main() -> None:
    started = time.monotonic()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: make lighthouse (npm ci in tools/lighthouse).")
    if not Path(CHROME).exists():
        raise SystemExit(f"no Chromium at {CHROME} (apt-get install chromium, or set CHROME_PATH).")
    build()
    server = start_gunicorn(PORT, 2, ENV)
    results, unmeasured, failed = [], [], []
    try:
        wait_until_up(f"{HOST}/health/")
        pages: list[tuple[str, str, bool]] = []
        demo_names: set[str] = set()
        for org, _plans in organisations():
            big = org == BIG
            found = crawl(f"/publiek/{org}/", BIG_SEARCH_WORD if big else None)
            print(f"{org}: {len(found)} pages found ({', '.join(sorted(found))})", flush=True)
            for name, url in found.items():
                if big:
                    base = name.removesuffix(" (filters)")
                    is_search = base == "public:search"
                    if base in PERFORMANCE_PAGES and (name.endswith(" (filters)") or not is_search):
                        pages.append((f"big plan: {name}", url, True))
                elif name not in {label.removeprefix("demo: ") for label, _url, _p in pages}:
                    demo_names.add(name.removesuffix(" (filters)"))
                    pages.append((f"demo: {name}", url, False))
        unmeasured = [name for name in [*all_names(), *EXTRA_PAGES] if name not in demo_names]
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.json.gz"):
            old.unlink()
        for label, url, performance in pages:
            try:
                result = measure(label, url, performance)
            except (RuntimeError, KeyError, TypeError, ValueError, subprocess.TimeoutExpired) as error:
                print(f"  {label}: NOT MEASURED: {error}", flush=True)
                unmeasured.append(f"{label} ({url}: {str(error)[:200]})")
                failed.append(label)
                continue
            results.append(result)
            with gzip.open(OUT / file_name(label), "wt", encoding="utf-8") as file:
                json.dump(result, file, indent=1, ensure_ascii=False)
    finally:
        stop([server])
        shutil.rmtree(SCRATCH, ignore_errors=True)
    text = table(results, unmeasured, started)
    (OUT / "README.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    if failed:
        raise SystemExit(f"Lighthouse could not measure: {', '.join(failed)}")


def all_names() -> list[str]:
    """The public site's url names (one per template; older versions' twins left out)."""
    from publicsite.urls import urlpatterns

    names = []

    def walk(patterns, namespace="public"):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, namespace)
            elif pattern.name and wanted(f"{namespace}:{pattern.name}"):
                names.append(f"{namespace}:{pattern.name}")

    walk(urlpatterns)
    return sorted(set(names))


if __name__ == "__main__":
    main()
