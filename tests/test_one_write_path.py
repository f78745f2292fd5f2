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
APPS = ("school_gov", "methodology", "parliament", "notifications")

# Writing a made-up past (backdated plans, minutes, votes) is the demo builder's whole job, and it
# writes no governance change of a real school: `seed_demo` refuses production unless forced.
NOT_CALLERS = {
    "school_gov/management/commands/seed_demo.py",
    "methodology/demo.py",
    "parliament/demo.py",
    "notifications/demo.py",
    # Wrong codes counted to stop guessing, as django-axes counts wrong passwords: security bookkeeping,
    # no governance state and no audit line; an action keeps one through `Refused(keep=…)`.
    "school_gov/guesses.py",
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


# Writing methods of the ORM: a caller that saves, deletes or bulk-writes a row itself skips the action.
ORM_WRITES = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# ... and, on a manager or a queryset (`X.objects…`), create and update too.
QUERYSET_WRITES = {"create", "update", "delete"}
# What a caller may still write itself, each for its reason.
ALLOWED_WRITES = {
    # The interface language is the account's preference, not governance state.
    ("school_gov/views.py", "save"),
    # The role groups are the roles table applied (migrations and `sync_roles`), not a school's record.
    ("school_gov/roles.py", "get_or_create"),
    # The helper actions save a row holding a new file with, inside their transaction (the stored file
    # goes again if the row cannot be written).
    ("school_gov/files.py", "save"),
    # openpyxl writes the workbook into memory for a download.
    ("school_gov/roster.py", "save"),
    # A reader's own read marks on their notifications: not governance state, no audit line.
    ("notifications/views.py", "update"),
    # The notifications an event makes: called by the audit trail inside the action's own transaction
    # (and by the sweep's action), never on their own.
    ("notifications/emit.py", "bulk_create"),
    # The e-mail outbox's bookkeeping (queued, sent, failed, tried again) and the notifications' "e-mailed"
    # stamp: delivery, not a school's record; each a single conditional UPDATE that is safe to repeat.
    ("school_gov/mail.py", "create"),
    ("school_gov/mail.py", "update"),
    ("notifications/tasks.py", "update"),
}


def _chain(node: ast.AST) -> list[str]:
    """`a.b(c).d` → ["d", "b", "a"]: the attribute names from the outside in, the root name last."""
    names = []
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        else:
            node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
    return names


def _writes_of_their_own(path: Path) -> list[str]:
    """What in the module opens a transaction, locks a row, writes the audit trail or a row itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    transaction_names, audit_names, action_names = {"transaction"}, {"audit"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "django.db.transaction" and alias.asname:
                    transaction_names.add(alias.asname)
                if alias.name == "school_gov.audit" and alias.asname:
                    audit_names.add(alias.asname)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                bound = alias.asname or alias.name
                if node.module == "django.db" and alias.name == "transaction":
                    transaction_names.add(bound)
                elif node.module == "school_gov" and alias.name == "audit":
                    audit_names.add(bound)
                elif (node.module or "").endswith(".actions") or ".actions." in (node.module or ""):
                    action_names.add(bound)  # an actions module or function: calling it is the point
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = {alias.name for alias in node.names}
            if node.module == "django.db.transaction" and names & {"atomic", "set_rollback"}:
                found.append(f"line {node.lineno}: imports from django.db.transaction")
            if node.module == "school_gov.audit" and "record" in names:
                found.append(f"line {node.lineno}: imports school_gov.audit.record")
        elif isinstance(node, ast.Attribute):
            chain = _chain(node)
            root = chain[-1] if chain else None
            if node.attr in ("atomic", "set_rollback") and root in transaction_names:
                found.append(f"line {node.lineno}: transaction.{node.attr}")
            elif node.attr == "select_for_update":
                found.append(f"line {node.lineno}: select_for_update")
            elif node.attr == "record" and root in audit_names:
                found.append(f"line {node.lineno}: audit.record")
            elif "AuditEvent" in chain and node.attr in ORM_WRITES | QUERYSET_WRITES:
                found.append(f"line {node.lineno}: AuditEvent.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, chain = node.func.attr, _chain(node.func)
            root = chain[-1] if chain else None
            calls_super = any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "super"
                for n in ast.walk(node.func)
            )
            if calls_super or root in action_names or "storage" in " ".join(chain).lower():
                continue  # the admin's own hook, an action, or a file in the storage
            if (relative, method) in ALLOWED_WRITES or "AuditEvent" in chain:
                continue
            if method in ORM_WRITES or (method in QUERYSET_WRITES and "objects" in chain):
                found.append(f"line {node.lineno}: .{method}() writes a row")
    return found


CALLERS = _callers()


def test_the_walk_finds_the_views_and_the_admins():
    names = {path.relative_to(ROOT).as_posix() for path in CALLERS}
    assert {"methodology/views/__init__.py", "parliament/views/events.py", "school_gov/admin.py"} <= names
    assert "methodology/admin/workflow.py" in names


@pytest.mark.parametrize("path", CALLERS, ids=[p.relative_to(ROOT).as_posix() for p in CALLERS])
def test_no_caller_opens_a_transaction_locks_a_row_or_writes_the_audit(path):
    assert _writes_of_their_own(path) == []


def test_the_walk_would_catch_a_direct_write_and_an_alias(tmp_path):
    """A view that saves a comment itself, or reaches the trail and the transaction by another name."""
    view = tmp_path / "views.py"
    view.write_text(
        "import django.db.transaction as tx\n"
        "from school_gov import audit as trail\n"
        "def plan_comment(request, plan, form):\n"
        "    with tx.atomic():\n"
        "        trail.record(request.person, 'methodology.plan.commented', plan)\n"
        "    comment = form.save(commit=False)\n"
        "    comment.save()\n"
        "    PlanComment.objects.create(plan=plan, text='x')\n"
        "    AuditEvent.objects.bulk_create([])\n",
        encoding="utf-8",
    )
    found = _writes_of_their_own(view)
    assert sum(".save() writes a row" in f for f in found) == 2  # form.save and comment.save
    assert any(".create() writes a row" in f for f in found)
    assert any("AuditEvent.bulk_create" in f for f in found)
    assert any("transaction.atomic" in f for f in found) and any("audit.record" in f for f in found)


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
