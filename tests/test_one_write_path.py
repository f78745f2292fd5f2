"""One path for every write (school_gov.actions): the source itself is walked, so a view, a form, the
admin, a command or a dashboard that opens its own transaction, locks rows or writes the audit trail
fails here, and so does an action that forgets its keyword-only `by`."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from school_gov.actions import discover

ROOT = Path(__file__).resolve().parent.parent
APPS = ("school_gov", "methodology", "parliament")

# Writing a made-up past (backdated plans, minutes, votes) is the demo builder's whole job, and it
# writes no governance change of a real school: `seed_demo` refuses production unless forced.
NOT_CALLERS = {
    "school_gov/management/commands/seed_demo.py",
    "methodology/demo.py",
    "parliament/demo.py",
}


def _callers() -> list[Path]:
    """Every module that is not an action, a model, a migration, the audit trail itself or the demo."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "actions" in parts or "models" in parts:
                continue
            if relative in NOT_CALLERS or relative.endswith(("/models.py", "/audit.py")):
                continue
            found.append(path)
    return found


def _writes_of_their_own(path: Path) -> list[str]:
    """What in the module opens a transaction, locks a row or writes the audit trail itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = {alias.name for alias in node.names}
            if node.module == "django.db.transaction" and names & {"atomic", "set_rollback"}:
                found.append(f"line {node.lineno}: imports from django.db.transaction")
            if node.module == "school_gov.audit" and "record" in names:
                found.append(f"line {node.lineno}: imports school_gov.audit.record")
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if node.attr in ("atomic", "set_rollback") and owner == "transaction":
                found.append(f"line {node.lineno}: transaction.{node.attr}")
            elif node.attr == "select_for_update":
                found.append(f"line {node.lineno}: select_for_update")
            elif node.attr == "record" and owner == "audit":
                found.append(f"line {node.lineno}: audit.record")
            elif node.attr == "create" and isinstance(node.value, ast.Attribute):
                inner = node.value.value
                if isinstance(inner, ast.Name) and inner.id == "AuditEvent":
                    found.append(f"line {node.lineno}: AuditEvent.objects.create")
    return found


CALLERS = _callers()


def test_the_walk_finds_the_views_and_the_admins():
    names = {path.relative_to(ROOT).as_posix() for path in CALLERS}
    assert {"methodology/views/__init__.py", "parliament/views/events.py", "school_gov/admin.py"} <= names
    assert "methodology/admin/workflow.py" in names


@pytest.mark.parametrize("path", CALLERS, ids=[p.relative_to(ROOT).as_posix() for p in CALLERS])
def test_no_caller_opens_a_transaction_locks_a_row_or_writes_the_audit(path):
    assert _writes_of_their_own(path) == []


def test_the_walk_would_catch_a_view_writing_on_its_own(tmp_path):
    """The walk itself can fail: a view in the old style (its own transaction and audit line) is caught."""
    view = tmp_path / "views.py"
    view.write_text(
        "from django.db import transaction\n"
        "from school_gov import audit\n"
        "def plan_edit(request):\n"
        "    with transaction.atomic():\n"
        "        plan = WorkPlan.objects.select_for_update().get(pk=1)\n"
        "        audit.record(request.person, 'methodology.plan.edited', plan)\n",
        encoding="utf-8",
    )
    assert len(_writes_of_their_own(view)) == 3


def test_every_action_is_in_an_actions_package_and_takes_by_keyword_only():
    actions = discover()
    assert len(actions) >= 30
    for name, function in actions.items():
        assert ".actions." in name, name
        by = inspect.signature(function.__wrapped__).parameters["by"]
        assert by.kind is inspect.Parameter.KEYWORD_ONLY, name


def test_an_action_refuses_an_account_where_a_person_is_due(db, director):
    from methodology.actions import plans
    from methodology.models import WorkPlan

    with pytest.raises(TypeError, match="Person"):
        plans.agree(WorkPlan(), by=director)


def test_every_admin_write_goes_through_the_actions():
    """The admin's own saves (a record, its inline rows, a deletion) are the records actions, for every
    registered model that is not read-only: none keeps Django's writing save_model/save_formset."""
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    from school_gov.admin import SchoolScopedAdmin

    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SchoolScopedAdmin):
            continue  # accounts and districts: the superuser's, outside the schools' governance
        for hook in ("save_model", "save_formset", "delete_model", "delete_queryset"):
            assert getattr(type(model_admin), hook) is not getattr(ModelAdmin, hook), (model, hook)
