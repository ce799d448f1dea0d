"""FlashAI (flashai-saas-api.md): signed-JSON outbound batches, their results, scripts and lines.

Only the adapter class is imported here; the simulator is loaded on demand by
`FlashAIAdapter.simulator()`.
"""

from adapters.flashai.adapter import FlashAIAdapter

__all__ = ["FlashAIAdapter"]
