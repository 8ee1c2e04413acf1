"""The obligation kinds: Python that measures records into flat facts for the rules."""

from __future__ import annotations

from .base import Context, Fact, Kind
from .deadlines import AdvanceNotice, DeadlineAfter, InvoiceWindow, MonthlyDue, PeriodicDue, ScheduledDue, ValidAt
from .periodic import Availability, Count, Presence, RecordKind

KINDS: dict[str, type[Kind]] = {
    k.name: k for k in (DeadlineAfter, AdvanceNotice, ScheduledDue, PeriodicDue, MonthlyDue, InvoiceWindow, ValidAt, RecordKind, Presence,
              Count, Availability)
}

__all__ = ["KINDS", "Context", "Fact", "Kind"]
