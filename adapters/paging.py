"""Page-number vendors behind the neutral cursor: the adapter's cursor is the next page number."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

from contracts.errors import invalid
from contracts.paging import Page, PageRequest

T = TypeVar("T")

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


def slice_page(items: Sequence[T], page: PageRequest) -> Page[T]:
    """Page a catalogue the vendor returns whole; the cursor is the next page number."""
    number = page_number(page)
    start = (number - 1) * page.limit
    total_pages = math.ceil(len(items) / page.limit)
    return Page(items=list(items[start : start + page.limit]), next_cursor=next_page_cursor(number, total_pages))
