"""What a plan and a report share as records with a workflow (DESIGN §4). The steps themselves are
actions (methodology.actions.plans, methodology.actions.reports, on methodology.actions.workflow)."""

from __future__ import annotations


class Workflow:
    """Mixin of WorkPlan and YearEndReport: the pieces the workflow's actions read."""

    audit_name: str  # "plan", "report": the middle of the audit action "methodology.plan.agreed"
    lock_related: tuple[str, ...] = ("association__school",)

    def state_refusal(self, verb: str) -> str:
        """Why the record, in its current state, cannot be `verb` (e.g. a second click on Agree)."""
        raise NotImplementedError
