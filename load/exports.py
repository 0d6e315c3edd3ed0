"""How the load's exporters download a workbook, as a user's browser does (load/locustfile.py).

The export URL answers 200 with the file, or 202 with a "wordt aangemaakt" page whose element with
``data-status-url`` names a status URL. That URL is asked every second; its header ``X-Export-State``
says ``waiting``, ``running``, ``done`` or ``failed``, and when done its body links the file with
``<a id="export-download" href="…">``. No locust import here, so the tests can drive it with a fake.
"""

import time
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin

POLL_SECONDS = 1.0
GIVE_UP_SECONDS = 180.0
WAITING = ("waiting", "running")


class ExportFailed(Exception):
    """The download did not end with the file."""


class _Finder(HTMLParser):
    """The first ``data-status-url`` of any element, and the href of ``<a id="export-download">``."""

    def __init__(self):
        super().__init__()
        self.status_url = self.download_url = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.status_url is None and attributes.get("data-status-url"):
            self.status_url = attributes["data-status-url"]
        if tag == "a" and attributes.get("id") == "export-download" and self.download_url is None:
            self.download_url = attributes.get("href")


def find_links(page: str) -> tuple[str | None, str | None]:
    """(status URL, download URL) named in an HTML page, None for what it lacks."""
    finder = _Finder()
    finder.feed(page)
    finder.close()
    return finder.status_url, finder.download_url


def is_workbook(response) -> bool:
    """A 200 whose body is an .xlsx (a zip archive)."""
    return response.status_code == 200 and response.content[:2] == b"PK"


def download(client, url: str, *, sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The workbook at ``url``, following the 202 "wordt aangemaakt" flow; ExportFailed otherwise.

    ``client`` is locust's HTTP session: each GET is its own request in locust's table ("export
    request", "export poll", "export file"), marked failed only when the HTTP answer itself is not
    the expected one; the caller records the download as a whole."""
    with client.get(url, name="export request", catch_response=True) as response:
        if is_workbook(response):
            response.success()
            return response.content
        status_url, _ = find_links(response.text) if response.status_code == 202 else (None, None)
        if status_url is None:
            response.failure(f"status {response.status_code} without the file or a status URL")
            raise ExportFailed(f"first answer {response.status_code}")
        response.success()
        status_url = urljoin(response.url, status_url)
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while True:
        sleep(POLL_SECONDS)
        with client.get(status_url, name="export poll", catch_response=True) as poll:
            if poll.status_code != 200:
                poll.failure(f"status {poll.status_code}")
                raise ExportFailed(f"poll answered {poll.status_code}")
            poll.success()
            state = poll.headers.get("X-Export-State")
            if state == "done":
                _, file_url = find_links(poll.text)
                if not file_url:
                    raise ExportFailed("done without a download link")
                file_url = urljoin(poll.url, file_url)
                break
            if state not in WAITING:
                raise ExportFailed(f"export state {state!r}")
        if time.monotonic() > deadline:
            raise ExportFailed(f"still not done after {GIVE_UP_SECONDS:.0f} s")
    with client.get(file_url, name="export file", catch_response=True) as response:
        if not is_workbook(response):
            response.failure(f"status {response.status_code}, not a workbook")
            raise ExportFailed(f"file answered {response.status_code}")
        response.success()
        return response.content
