"""Cursor pagination: `{items, next_cursor}` everywhere."""

from __future__ import annotations

from typing import Annotated, Final, Generic, TypeVar

import msgspec

from contracts._base import Resource

T = TypeVar("T")

DEFAULT_PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 500

PageSize = Annotated[int, msgspec.Meta(ge=1, le=MAX_PAGE_SIZE)]


class Page(Resource, Generic[T]):
    """One page of a listing. `next_cursor` is null on the last page."""

    items: list[T]
    next_cursor: str | None = None


class PageRequest(msgspec.Struct, frozen=True, kw_only=True):
    """What an adapter is asked for: a page size and the adapter's own cursor (None = first page)."""

    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
