"""Sobot call service open API V6 (sobot-callservice-v6-api.txt): agents, skill groups, outbound
tasks, forbidden numbers, relay numbers and IVR flows, with the company/agent token flow of
notes-other-vendors.md §1.

Only the adapter class is imported here; the simulator is loaded on demand by
`SobotAdapter.simulator()`.
"""

from adapters.sobot.adapter import SobotAdapter

__all__ = ["SobotAdapter"]
