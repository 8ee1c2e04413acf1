"""Which findings a letter states as violations, and why each other one is left out.

In: ``fail`` findings whose numbers come from the contract (basis ``contract``) or the user
(``user``); ``default``-based ones only when the settings confirm that obligation's parameter
(``confirmed_defaults``); ``ambiguous`` ones only when a ruling names the reading that applies
and that reading is violated (the ruling is cited in the letter). Never ``info``, ``unknown``,
``pending``, ``waived`` or ``pass``; never a duty of the buyer itself (topic ``payment``: 甲方's
payments — the letter goes from the buyer to the vendor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import BUYER_TOPICS, Finding
from .settings import NoticeSettings, Ruling

_NEVER = {
    "info": "info：属分类信息，不构成违约",
    "unknown": "unknown：数据不足，无法判断",
    "pending": "pending：期限未届满",
    "waived": "waived：已豁免",
    "pass": "pass：符合约定",
}


@dataclass(frozen=True)
class Chosen:
    finding: Finding
    ruling: Ruling | None = None  # set for an ambiguous finding decided by a ruling
    confirmed_default: bool = False  # a default-based finding whose parameter the user confirmed


@dataclass
class Selection:
    chosen: list[Chosen] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (finding key, reason)


def _reading_ok(f: Finding, reading: str) -> bool | None:
    """Whether the finding passes under a reading: ``ok_a`` / ``ok_b`` (提前N个工作日) or
    ``window_ok`` / ``lead_ok`` (an invoice window)."""
    for name in (f"ok_{reading}", f"{reading}_ok"):
        v = f.facts.get(name)
        if isinstance(v, bool):
            return v
    return None


def reading_label(reading: str, f: Finding | None = None) -> str:
    """A reading as the letter names it: （甲）, （乙）; an invoice window's in words, with its
    dates where the finding has them (（提前：发票应不晚于2026-07-24开具）)."""
    facts = f.facts if f is not None else {}
    start, node = facts.get("window_start"), facts.get("node")
    if reading == "window":
        return f"（窗口：发票应在{start}至{node}之间开具）" if start and node else "（窗口）"
    if reading == "lead":
        return f"（提前：发票应不晚于{start}开具）" if start else "（提前）"
    return "（甲）" if reading == "a" else "（乙）"


# topics whose duty lies with the buyer (甲方), the sender of the letter
_BUYER_TOPICS = {t: "甲方的付款义务，不是乙方的违约，不列入致乙方的整改通知" for t in BUYER_TOPICS}


def select_findings(findings: list[Finding], settings: NoticeSettings) -> Selection:
    sel = Selection()
    confirmed = set(settings.confirmed_defaults)
    for f in findings:
        if f.status in _NEVER:
            sel.left_out.append((f.key, _NEVER[f.status]))
            continue
        if f.topic in _BUYER_TOPICS and f.status in ("fail", "ambiguous"):
            sel.left_out.append((f.key, f"{f.status}，但属{_BUYER_TOPICS[f.topic]}"))
            continue
        if f.status == "ambiguous":
            ruling = settings.rulings.get(f.key)
            if ruling is None:
                sel.left_out.append((f.key, "ambiguous：两种读法结论不同，尚无认定（settings: rulings）"))
                continue
            ok = _reading_ok(f, ruling.reading)
            label = reading_label(ruling.reading)
            if ok is None:
                sel.left_out.append((f.key, f"ambiguous：已认定读法{label}，但该结论未记录各读法的判定（无 ok_{ruling.reading}），"
                                            "请人工写入"))
                continue
            if ok:
                sel.left_out.append((f.key, f"ambiguous：按{ruling.by}认定的读法{label}为符合约定，不构成违约"))
                continue
            if f.basis == "default" and f.obligation not in confirmed:
                sel.left_out.append((f.key, _default_reason(f)))
                continue
            sel.chosen.append(Chosen(f, ruling, f.basis == "default"))
            continue
        if f.status != "fail":
            sel.left_out.append((f.key, f"{f.status}：不是违约结论"))
            continue
        if f.basis == "default":
            if f.obligation not in confirmed:
                sel.left_out.append((f.key, _default_reason(f)))
                continue
            sel.chosen.append(Chosen(f, None, True))
            continue
        sel.chosen.append(Chosen(f))
    return sel


def _default_reason(f: Finding) -> str:
    return (f"fail，但依据本规则的默认参数而非合同约定的数字（basis: default）；"
            f"甲方确认该参数后可列入（settings: confirmed_defaults: [{f.obligation}]）")
