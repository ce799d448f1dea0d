"""Huawei CEC (AICC 2.5.0.0, huawei-cec-2.5-api-reference.txt): agents, skill queues, outbound
campaigns (CC-iSales), bidirectional calls, recordings and the outbound blacklist.

Only the adapter class is imported here; the simulator is loaded on demand by
`HuaweiCecAdapter.simulator()`.
"""

from adapters.huawei_cec.adapter import HuaweiCecAdapter

__all__ = ["HuaweiCecAdapter"]
