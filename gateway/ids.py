"""Opaque, URL-safe, self-routing ids and cursors.

An id is base64url("<kind>:<account>:<vendor id>"): it carries its account so that follow-up
calls reach the right vendor whatever the caller's default account is now, and its kind so that a
campaign id given where an agent id belongs is answered 404 instead of reaching a vendor.
Cursors carry the account and the listing they belong to, plus the adapter's own cursor.

`translate_ids` walks a neutral model and rewrites every field marked with a `ResourceKind`
(see `contracts.ids`) in a copy, using a per-type plan computed once.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect as mi

from contracts.ids import ID_KIND_KEY, ResourceKind

_SEPARATOR = ":"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).rstrip(b"=").decode("ascii")


def _unb64(token: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("not an id this gateway issued") from None


def encode_id(kind: ResourceKind, account: str, native: str) -> str:
    return _b64(f"{kind.value}{_SEPARATOR}{account}{_SEPARATOR}{native}")


def decode_id(kind: ResourceKind, token: str) -> tuple[str, str]:
    """(account, vendor id) of `token`; ValueError when it is malformed or of another kind."""
    if not token or len(token) > 2048 or not token.replace("-", "").replace("_", "").isalnum():
        raise ValueError("not an id this gateway issued")
    parts = _unb64(token).split(_SEPARATOR, 2)
    if len(parts) != 3 or not all(parts):
        raise ValueError("not an id this gateway issued")
    found_kind, account, native = parts
    if found_kind != kind.value:
        raise ValueError(f"wrong kind of id: expected {kind.value}")
    return account, native


def encode_cursor(account: str, listing: str, native: str) -> str:
    return _b64(msgspec.json.encode([account, listing, native]).decode("utf-8"))


def decode_cursor(token: str) -> tuple[str, str, str]:
    """(account, listing, adapter cursor); ValueError when malformed."""
    try:
        value = msgspec.json.decode(_unb64(token), type=tuple[str, str, str])
    except msgspec.DecodeError:
        raise ValueError("not a cursor this gateway issued") from None
    return value


# A field rewriter gets (kind, value, JSON pointer) and returns the new value.
Rewrite = Callable[[ResourceKind, str, str], str]


@functools.cache
def _id_fields(struct_type: type[msgspec.Struct]) -> dict[str, tuple[str, ResourceKind | None]]:
    """field attribute -> (JSON name, id kind or None when the field may hold nested structs)."""
    info = mi.type_info(struct_type)
    assert isinstance(info, mi.StructType)
    plan: dict[str, tuple[str, ResourceKind | None]] = {}
    for field in info.fields:
        kind = _kind_of(field.type)
        if kind is not None or _may_nest(field.type):
            plan[field.name] = (field.encode_name, kind)
    return plan


def _kind_of(t: mi.Type) -> ResourceKind | None:
    if isinstance(t, mi.Metadata):
        kind = (t.extra or {}).get(ID_KIND_KEY)
        return ResourceKind(kind) if kind else None
    if isinstance(t, mi.UnionType):
        return next((k for k in map(_kind_of, t.types) if k is not None), None)
    if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType)):
        return _kind_of(t.item_type)
    return None


def _may_nest(t: mi.Type) -> bool:
    if isinstance(t, (mi.StructType, mi.AnyType)):
        return True
    if isinstance(t, mi.Metadata):
        return _may_nest(t.type)
    if isinstance(t, mi.UnionType):
        return any(map(_may_nest, t.types))
    if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType)):
        return _may_nest(t.item_type)
    return False


def translate_ids(value: Any, rewrite: Rewrite, pointer: str = "") -> Any:
    """A copy of `value` with every id inside it (structs and lists of them) rewritten.

    Copies rather than mutates: adapters may hand out objects they keep.
    """
    if isinstance(value, list):
        return [translate_ids(item, rewrite, f"{pointer}/{index}") for index, item in enumerate(value)]
    if not isinstance(value, msgspec.Struct):
        return value
    changes = {}
    for attr, (name, kind) in _id_fields(type(value)).items():
        current = getattr(value, attr)
        where = f"{pointer}/{name}"
        if current is None or current is msgspec.UNSET:
            continue
        if kind is None:
            changes[attr] = translate_ids(current, rewrite, where)
        elif isinstance(current, str):
            changes[attr] = rewrite(kind, current, where)
        else:
            changes[attr] = [rewrite(kind, item, f"{where}/{i}") for i, item in enumerate(current)]
    return msgspec.structs.replace(value, **changes) if changes else value
