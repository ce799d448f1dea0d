"""A campaign's native id: the FlashAI batch it is, and for an agent-assisted batch its agents.

A bot batch (addPlan) is named by its `batchName` alone, which every batch endpoint takes. An
agent-assisted batch (addAgentPlan) also needs its `agentGroupId` and `agentId` whenever numbers are
added to it, and no FlashAI interface reports them for an existing batch; so its id carries them.
The parts are joined by U+001F (the ASCII unit separator), which a neutral campaign name cannot
contain (`contracts.campaigns.CampaignName` excludes control characters), so the bare batch name of
a bot batch is never mistaken for a composite id.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from contracts.errors import invalid

_PART_SEPARATOR: Final = "\x1f"


class BatchRef(NamedTuple):
    name: str
    agent_group: str | None = None
    agent: str | None = None

    @property
    def agent_assisted(self) -> bool:
        return self.agent_group is not None

    @property
    def native_id(self) -> str:
        if self.agent_group is None or self.agent is None:
            return self.name
        return _PART_SEPARATOR.join((self.name, self.agent_group, self.agent))

    @classmethod
    def agent_batch(cls, name: str, agent_group: str, agent: str) -> BatchRef:
        """The id of a new agent-assisted batch; `invalid` when a part cannot be carried in it."""
        for part, pointer in ((name, "/name"), (agent_group, "/queue_id"), (agent, "/queue_id")):
            if not part or _PART_SEPARATOR in part:
                raise invalid("FlashAI's batch, agent group and agent ids must be non-empty text", pointer=pointer)
        return cls(name, agent_group, agent)

    @classmethod
    def parse(cls, native: str) -> BatchRef:
        """The batch behind a native campaign id; `invalid` when it is not one this adapter made."""
        parts = native.split(_PART_SEPARATOR)
        if len(parts) == 1 and parts[0]:
            return cls(parts[0])
        if len(parts) == 3 and all(parts):
            return cls(*parts)
        raise invalid("not a FlashAI campaign id", parameter="campaign_id")
