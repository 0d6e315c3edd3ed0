"""The load test's exporters follow the download flow: the file at once, or a "wordt aangemaakt"
page polled until the file is ready (load/exports.py, driven here by a fake of locust's client)."""

import pytest

from load.exports import ExportFailed, download, find_links

WORKBOOK = b"PK\x03\x04 a zip archive"
WAITING_PAGE = '<p>Wordt aangemaakt</p><div data-status-url="/export/7/status/?a=1&amp;b=2"></div>'
DONE_PAGE = '<p>Klaar</p><a class="button" href="/export/7/bestand/" id="export-download">Downloaden</a>'


class Answer:
    def __init__(self, url, status_code, *, content=b"", text="", state=None):
        self.url, self.status_code, self.content, self.text = url, status_code, content, text
        self.headers = {"X-Export-State": state} if state else {}
        self.outcome = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def success(self):
        self.outcome = "success"

    def failure(self, message):
        self.outcome = f"failure: {message}"


class FakeClient:
    """Answers each GET with the next scripted answer and remembers (url, name, answer)."""

    def __init__(self, *answers):
        self.answers, self.asked = list(answers), []

    def get(self, url, *, name, catch_response):
        answer = self.answers.pop(0)
        self.asked.append((url, name, answer))
        return answer


def test_find_links_reads_the_status_url_and_the_download_link_in_any_attribute_order():
    assert find_links(WAITING_PAGE) == ("/export/7/status/?a=1&b=2", None)
    assert find_links(DONE_PAGE) == (None, "/export/7/bestand/")


def test_a_200_with_the_workbook_is_the_download():
    client = FakeClient(Answer("http://h/x.xlsx", 200, content=WORKBOOK))
    assert download(client, "/x.xlsx", sleep=lambda seconds: None) == WORKBOOK
    assert [name for _url, name, _answer in client.asked] == ["export request"]


def test_a_202_is_polled_until_done_and_then_the_file_is_fetched():
    status = "http://h/export/7/status/?a=1&b=2"
    client = FakeClient(
        Answer("http://h/x.xlsx", 202, text=WAITING_PAGE),
        Answer(status, 200, text="<p>wacht</p>", state="waiting"),
        Answer(status, 200, text="<p>bezig</p>", state="running"),
        Answer(status, 200, text=DONE_PAGE, state="done"),
        Answer("http://h/export/7/bestand/", 200, content=WORKBOOK),
    )
    slept = []
    assert download(client, "/x.xlsx", sleep=slept.append) == WORKBOOK
    assert [(url, name) for url, name, _answer in client.asked] == [
        ("/x.xlsx", "export request"),
        (status, "export poll"),
        (status, "export poll"),
        (status, "export poll"),
        ("http://h/export/7/bestand/", "export file"),
    ]
    assert slept == [1.0, 1.0, 1.0]
    assert all(answer.outcome == "success" for _url, _name, answer in client.asked)


def test_a_failed_export_is_a_failed_download():
    client = FakeClient(
        Answer("http://h/x.xlsx", 202, text=WAITING_PAGE),
        Answer("http://h/export/7/status/?a=1&b=2", 200, text="<p>Mislukt</p>", state="failed"),
    )
    with pytest.raises(ExportFailed, match="failed"):
        download(client, "/x.xlsx", sleep=lambda seconds: None)


def test_a_server_error_fails_the_request_and_the_download():
    client = FakeClient(Answer("http://h/x.xlsx", 500, text="Server Error"))
    with pytest.raises(ExportFailed):
        download(client, "/x.xlsx", sleep=lambda seconds: None)
    assert client.asked[0][2].outcome.startswith("failure")
