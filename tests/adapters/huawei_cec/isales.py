"""What the CC-iSales tests (campaigns and their contacts, chapter 7) build and inspect."""

from __future__ import annotations

from typing import Any

from adapters.huawei_cec.simulator import HuaweiSimulator
from contracts.campaigns import CampaignCreate
from contracts.contacts import Contact

ISALES = "/rest/isales/"


def phones(count: int, start: int = 0) -> list[str]:
    return [f"+86138{index:08d}" for index in range(start, start + count)]


def campaign(name: str = "spring", count: int = 3, **fields: Any) -> CampaignCreate:
    fields.setdefault("script_id", "90501")
    fields.setdefault("caller_ids", ["9911411"])
    fields.setdefault("contacts", [Contact(phone=p) for p in phones(count)])
    return CampaignCreate(name=name, **fields)


def requests(sim: HuaweiSimulator, method: str, tail: str) -> list[Any]:
    """The iSales requests the simulator received with `method` on a path ending in `tail`."""
    return [r for r in sim.received if r.method == method and r.path.startswith(ISALES) and r.path.endswith(tail)]
