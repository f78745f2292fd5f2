"""Every transition × every role (DESIGN §4, MB-5.1, MB-1.2), and transitions from the wrong state."""

import pytest
from django.utils import translation

from methodology.models import PlanStatus
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests import steps


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the app's default language is Kyrgyz."""
    with translation.override("en"):
        yield


def _advance(plan, head, deputy, director, to):
    if to in ("submitted", "agreed", "approved", "returned"):
        steps.submit(plan, head)
    if to in ("agreed", "approved"):
        steps.agree(plan, deputy)
    if to == "approved":
        steps.approve(plan, director)
    if to == "returned":
        steps.return_for_revision(plan, deputy, "Олимпиаданы кошуңуз.")
    assert plan.status == to


ALLOWED = {
    # (action, state it starts from) -> the role allowed to take it
    ("submit", "draft"): "head",
    ("submit", "returned"): "head",
    ("agree", "submitted"): "deputy",
    ("approve", "agreed"): "director",
    ("return", "submitted"): "deputy",
    ("return", "agreed"): "director",
}
ACTORS = ["head", "teacher", "deputy", "director", "outsider", "student", "methodologist", "superuser"]


def _do(plan, action, user):
    if action == "return":
        steps.return_for_revision(plan, user, "Мөөнөттөрдү тактаңыз.")
    else:
        getattr(steps, action)(plan, user)


@pytest.mark.parametrize(("action", "state"), list(ALLOWED))
@pytest.mark.parametrize("actor", ACTORS)
def test_each_transition_is_taken_only_by_its_role(
    request, plan, head, deputy, director, action, state, actor
):
    _advance(plan, head, deputy, director, state)
    user = request.getfixturevalue(actor)
    before = AuditEvent.objects.count()
    if ALLOWED[(action, state)] == actor:
        _do(plan, action, user)
        plan.refresh_from_db()
        expected = {"submit": "submitted", "agree": "agreed", "approve": "approved", "return": "returned"}
        assert plan.status == expected[action]
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.latest("id")
        assert event.actor == user
        assert event.data["from_status"] == state
    else:
        with pytest.raises(Refused):
            _do(plan, action, user)
        plan.refresh_from_db()
        assert plan.status == state
        assert AuditEvent.objects.count() == before


WRONG_STATES = [
    ("submit", "submitted"),
    ("submit", "agreed"),
    ("submit", "approved"),
    ("agree", "draft"),
    ("agree", "agreed"),
    ("agree", "approved"),
    ("agree", "returned"),
    ("approve", "draft"),
    ("approve", "submitted"),
    ("approve", "approved"),
    ("return", "draft"),
    ("return", "returned"),
    ("return", "approved"),
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATES)
def test_a_transition_from_the_wrong_state_is_refused_with_a_message(
    plan, head, deputy, director, action, state
):
    _advance(plan, head, deputy, director, state)
    actor = {"submit": head, "agree": deputy, "approve": director, "return": deputy}[action]
    with pytest.raises(Refused) as error:
        _do(plan, action, actor)
    assert error.value.message
    plan.refresh_from_db()
    assert plan.status == state


def test_approving_a_plan_that_is_not_yet_agreed_says_so(plan, head, director):
    steps.submit(plan, head)
    with pytest.raises(Refused) as error:
        steps.approve(plan, director)
    assert "agreed" in error.value.message or "макулдаш" in error.value.message


def test_a_second_click_on_agree_names_who_agreed(plan, head, deputy):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    with pytest.raises(Refused) as error:
        steps.agree(plan, deputy)
    assert deputy.staff.short_name in error.value.message


def test_a_return_needs_a_comment(plan, head, deputy):
    steps.submit(plan, head)
    with pytest.raises(Refused):
        steps.return_for_revision(plan, deputy, "   ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.return_comment == ""


def test_a_returned_plan_is_edited_and_resubmitted_and_must_be_agreed_again(plan, head, deputy, director):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.return_for_revision(plan, director, "Тапшырмаларды тактаңыз.")
    assert plan.agreed_by is None
    assert plan.return_comment == "Тапшырмаларды тактаңыз."
    assert plan.is_editable
    steps.submit(plan, head)
    assert plan.status == PlanStatus.SUBMITTED
    with pytest.raises(Refused):
        steps.approve(plan, director)


def test_submitting_a_plan_without_activities_is_refused(plan, head):
    plan.items.all().delete()
    with pytest.raises(Refused) as error:
        steps.submit(plan, head)
    assert "activities" in error.value.message or "иш-чара" in error.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submitting_a_plan_without_theme_and_aim_is_refused(plan, head):
    plan.theme = ""
    plan.save()
    with pytest.raises(Refused):
        steps.submit(plan, head)


def test_approval_stamps_the_people_for_the_printed_form(plan, head, deputy, director):
    _advance(plan, head, deputy, director, "approved")
    assert plan.agreed_by == deputy.staff
    assert plan.approved_by == director.staff
    assert plan.submitted_by == head.staff
    assert plan.approved_at >= plan.agreed_at >= plan.submitted_at
