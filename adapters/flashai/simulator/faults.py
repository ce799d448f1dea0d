"""The simulated vendor's error answers: FlashAI's codes with the vendor's own descriptions.

Codes and texts from the lineage server's `ThirdApiExceptionEnum` (notes-other-vendors.md §3.4).
"""

from __future__ import annotations

from typing import Final

DESCRIPTIONS: Final[dict[str, str]] = {
    "1000": "鉴权参数缺失或不合法",
    "1001": "请求已过期",
    "1002": "重复请求",
    "1003": "验签失败",
    "1004": "系统处理异常",
    "1005": "查询无结果",
    "1006": "查询数量超限或不合法",
    "1007": "加签失败",
    "1008": "暂不支持的签名算法",
    "1009": "无此用户",
    "1010": "业务参数不合法",
    "101001": "添加策略失败",
    "101002": "查询策略失败",
    "101003": "添加批次失败",
    "101004": "批量暂停失败",
    "101005": "批量停止失败",
    "101006": "批量重启失败",
    "101007": "批次名已存在",
    "101008": "任务数量超限",
}

# Codes the lineage server's gateway pre-check answers (before the business code runs).
PRE_CHECK_CODES: Final = frozenset({"1000", "1001", "1002", "1003", "1008", "1009"})
# Codes whose ThirdApiExceptionEnum entry carries success 0 although they report a failure.
SUCCESS_FLAGGED_CODES: Final = frozenset({"1005"})


class VendorFault(Exception):
    """An error answer of the simulated vendor (HTTP 200 with success false)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{code} {DESCRIPTIONS[code]}")
        self.code = code
        self.description = DESCRIPTIONS[code]
