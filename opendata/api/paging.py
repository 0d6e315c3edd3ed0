"""The lists' pages: ``?page=`` (from 1) and ``?page_size=`` (1 to 100, default 25), with ``count`` and
the links to the next and previous page. A page number or size that is not a whole number in range is
refused with 400; a page after the last one is 404."""

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.site import absolute
from opendata.api.problems import BadRequest, NotFound

DEFAULT_SIZE = 25
MAX_SIZE = 100


def _whole(request, name: str, default: int, highest: int | None) -> int:
    raw = request.query_params.getlist(name)
    if not raw:
        return default
    if len(raw) > 1:
        reason = _("Geef %(name)s één keer.") % {"name": name}
    elif not raw[0].isdigit() or int(raw[0]) < 1:
        reason = _("%(name)s is een geheel getal vanaf 1, niet “%(value)s”.") % {
            "name": name,
            "value": raw[0][:40],
        }
    elif highest is not None and int(raw[0]) > highest:
        reason = _("%(name)s is ten hoogste %(highest)s, niet %(value)s.") % {
            "name": name,
            "highest": highest,
            "value": raw[0],
        }
    else:
        return int(raw[0])
    raise BadRequest(reason, [{"naam": name, "reden": reason}])


class Paging(PageNumberPagination):
    page_size = DEFAULT_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_SIZE
    page_query_description = gettext_lazy("Het nummer van de pagina, vanaf 1.")
    page_size_query_description = gettext_lazy("Hoeveel items per pagina: 1 tot 100 (standaard 25).")

    def paginate_queryset(self, queryset, request, view=None):
        """Validates both parameters before anything is read, then reads one page (a count and a slice)."""
        self.request = request
        size = _whole(request, self.page_size_query_param, self.page_size, self.max_page_size)
        number = _whole(request, self.page_query_param, 1, None)
        paginator = Paginator(queryset, size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(
                _("Pagina %(number)s bestaat niet: deze lijst heeft %(pages)s pagina's. Volg de link “next”.")
                % {"number": number, "pages": paginator.num_pages}
            ) from None
        return self.page.object_list  # a queryset stays unread: ``editions.items`` reads its slice

    # Links open with SITE_URL (core/site.py), never the request's host: a cached page is the same for all.
    def _url(self) -> str:
        return absolute(self.request.get_full_path())

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return replace_query_param(self._url(), self.page_query_param, self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        number = self.page.previous_page_number()
        if number == 1:
            return remove_query_param(self._url(), self.page_query_param)
        return replace_query_param(self._url(), self.page_query_param, number)
