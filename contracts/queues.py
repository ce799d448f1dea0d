"""Queues (skill groups): where calls wait for agents."""

from __future__ import annotations

from typing import Annotated

import msgspec

from contracts._base import Input, Resource
from contracts.ids import QueueId

QueueName = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
Description = Annotated[str, msgspec.Meta(max_length=1024)]


class Queue(Resource):
    id: QueueId
    name: str
    description: str | None = None


class QueueCreate(Input):
    name: QueueName
    description: Description | None = None


class QueueUpdate(Input):
    name: QueueName | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
