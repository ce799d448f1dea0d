"""Page-number vendors behind the neutral cursor: the adapter's cursor is the next page number."""

from __future__ import annotations

from contracts.errors import invalid
from contracts.paging import PageRequest

MAX_PAGE_NUMBER = 1_000_000


def page_number(page: PageRequest) -> int:
    """The 1-based page to fetch; a cursor the adapter did not issue is the caller's error."""
    if page.cursor is None:
        return 1
    if not page.cursor.isdigit() or not 1 <= int(page.cursor) <= MAX_PAGE_NUMBER:
        raise invalid("cursor is not one this listing issued", parameter="cursor")
    return int(page.cursor)


def next_page_cursor(current: int, total_pages: int) -> str | None:
    return str(current + 1) if current < total_pages else None
