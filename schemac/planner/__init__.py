"""The migration planner: compare two schema versions, offline.

:func:`diff_schemas` lowers both IRs to what the database sees
(:mod:`.lower`) and returns a :class:`Plan` of ordered operations
(:mod:`.operations`), each able to produce its reverse.
"""

from schemac.planner.diff import Plan, PlanError, diff_schemas
from schemac.planner.operations import Operation

__all__ = ["Operation", "Plan", "PlanError", "diff_schemas"]
