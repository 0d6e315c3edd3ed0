"""The verslag as PDF, printed on the server by WeasyPrint from the print HTML the raad already sees.

WeasyPrint lays out HTML and CSS paged media itself (page numbers, a running header, a table of
contents with page numbers) with Pango, so the server needs no office suite or browser. The PDF of
a closed round carries the round's closing moment as its date, so downloading it again gives the
same file.
"""

from django.conf import settings
from django.template.loader import render_to_string

from plans.status_css import stylesheet as status_stylesheet
from reporting.report import Report

PDF = "application/pdf"
STYLESHEETS = ("css/app.css", "css/report.css")  # with the status colours between them


class ExternalResourceRefused(ValueError):
    pass


def _no_fetching(url: str, *args, **kwargs) -> dict:
    """The verslag needs nothing from outside: a URL in the HTML is never fetched by the server."""
    raise ExternalResourceRefused(url)


def report_html(report: Report) -> str:  # or a BbcReport (reporting/bbc_reports.py)
    """The print HTML of the verslag, without app chrome."""
    closed_at = report.round.closed_at if report.round.is_closed else None
    context = {
        "plan": report.plan,
        "round": report.round,
        "report": report,
        "created": closed_at.replace(microsecond=0).isoformat() if closed_at else "",
    }
    return render_to_string("reporting/report_document.html", context)


def build_pdf(report: Report) -> bytes:
    """The verslag of ``report`` as an A4 PDF."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is only needed for a PDF

    app_css, report_css = (CSS(filename=str(settings.BASE_DIR / "static" / name)) for name in STYLESHEETS)
    stylesheets = [app_css, CSS(string=status_stylesheet()), report_css]
    document = HTML(string=report_html(report), url_fetcher=_no_fetching, base_url=".")
    return document.write_pdf(stylesheets=stylesheets, uncompressed_pdf=False)
