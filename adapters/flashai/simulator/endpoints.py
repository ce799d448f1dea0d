"""Every endpoint the simulated vendor serves: exactly the `**Path：**` list of flashai-saas-api.md."""

from __future__ import annotations

from typing import Final

from adapters.flashai.simulator import plans, queries
from adapters.flashai.simulator.vendor import Handler

ENDPOINTS: Final[dict[str, Handler]] = {
    "addPlan": plans.add_plan,
    "batchPlanPause": plans.pause,
    "batchPlanRestart": plans.restart,
    "batchPlanStop": plans.stop,
    "batchPhoneDelete": plans.delete_phones,
    "getBotence": queries.botence_list,
    "queryPlanParams": queries.param_list,
    "getCallLine": queries.line_list,
    "getBatchPlanCallSummary": queries.call_summary,
    "getBatchSummaryGroupByLine": queries.line_summary,
    "getBatchPlanList": queries.plan_list,
    "getBatchPlanCallList": queries.call_list,
    "getPhoneDetail": queries.phone_detail,
    "queryAgentGroup": queries.agent_groups,
    "addAgentPlan": plans.add_agent_plan,
}
