"""Why FlashAI cannot do each neutral operation the adapter does not declare (501 answers, README).

Every reason names what is missing from flashai-saas-api.md's interface list ("API List"), so a
reader can check it there.
"""

from __future__ import annotations

from typing import Final

from contracts.capabilities import Capability

_CONSOLE = "FlashAI's API does not offer this; {} are managed in FlashAI's console (queryAgentGroup only reads them)"

UNSUPPORTED: Final[dict[Capability, str]] = {
    Capability.AGENTS_CREATE: _CONSOLE.format("agents"),
    Capability.AGENTS_UPDATE: _CONSOLE.format("agents"),
    Capability.AGENTS_DELETE: _CONSOLE.format("agents"),
    Capability.QUEUES_CREATE: _CONSOLE.format("agent groups"),
    Capability.QUEUES_UPDATE: _CONSOLE.format("agent groups"),
    Capability.QUEUES_DELETE: _CONSOLE.format("agent groups"),
    Capability.QUEUE_AGENTS_ADD: _CONSOLE.format("agent group members"),
    Capability.QUEUE_AGENTS_REMOVE: _CONSOLE.format("agent group members"),
    Capability.CAMPAIGNS_LIST: "FlashAI has no interface that lists batches",
    Capability.CAMPAIGNS_UPDATE: "FlashAI has no interface that changes a batch after addPlan or addAgentPlan",
    Capability.CAMPAIGNS_DELETE: "FlashAI has no interface that deletes a batch; stop it instead",
    Capability.CAMPAIGNS_START: (
        "a FlashAI batch starts dialling when it is created (addPlan within its callDate/callHour, "
        "addAgentPlan at once); there is no separate start"
    ),
    Capability.CALLS_ORIGINATE: "FlashAI's API does not offer this: it dials only the numbers of a batch",
    Capability.CALLS_HANGUP: "FlashAI's API does not offer this: calls run under FlashAI's control",
    Capability.CALLS_RECORDING: (
        "FlashAI's document has no recording interface; a recordUrl in getPhoneDetail's answer (the vendor SDK "
        "says it is not provided yet) is passed on as the call's recording_url"
    ),
    Capability.DNC_LIST: "FlashAI's API does not offer this (no do-not-call list interface)",
    Capability.DNC_ADD: "FlashAI's API does not offer this (no do-not-call list interface)",
    Capability.DNC_REMOVE: "FlashAI's API does not offer this (no do-not-call list interface)",
}
