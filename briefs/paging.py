"""Counts that stop early, so a pager costs the same at 1,000 rows as at 100,000.

A pager that says "35,412 briefs" reads every matching row to say it; past a
thousand or so, no reader needs the exact figure. ``capped_count`` counts at most
``COUNT_CAP + 1`` rows: a result of ``COUNT_CAP`` or less is exact, anything above
means "more than COUNT_CAP". The web lists (``CappedPaginator``) and the API's
brief list (``count`` with ``count_is_exact``) both count this way, and a search
ranks at most ``COUNT_CAP + 1`` candidates (briefs.search), so its count reads the
same.

1,000 is the API's deepest offset into ranked results (``offset_cutoff``) and 50
pages of the site's lists: a figure a reader can still act on, counted in a few
milliseconds whatever the archive's size.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000
# SQLite and PostgreSQL offsets are 64-bit; a page number past this is no page at all.
_MAX_OFFSET = 2**62


def capped_count(queryset: QuerySet) -> int:
    """How many rows `queryset` holds, counting no further than ``COUNT_CAP + 1``."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


def count_is_exact(count: int) -> bool:
    """Whether a `capped_count` is the true number, not "more than COUNT_CAP"."""
    return count <= COUNT_CAP


class CappedPaginator(Paginator):
    """Django's Paginator over a capped count.

    Up to ``COUNT_CAP`` rows it is Django's own. Past the cap the number of pages is
    not known: any page with rows is real, and it has a next page when one more row
    follows it (read with the page, in the same query).
    """

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @property
    def count_is_exact(self) -> bool:
        return count_is_exact(self.count)

    def validate_number(self, number):
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page > _MAX_OFFSET:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> Page:
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class OpenEndedPage(Page):
    """A page of a list whose length was not counted: it knows only whether more follow."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1
