"""Over a whole plan cycle every person who must act is told, and nobody of their own action (MB-5.1)."""

import pytest
from django.core import mail
from django.utils import translation

from methodology.actions import plans as plan_actions
from notifications.models import Channel, Notification, Preference
from tests import steps


def _told(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind)) if kind else list(rows)


@pytest.mark.django_db
def test_a_submitted_plan_reaches_the_deputy_and_nobody_else(plan, head, teacher, deputy, director):
    steps.submit(plan, head)
    assert [n.kind for n in _told(deputy)] == ["plan_submitted"]
    assert _told(head) == [] and _told(teacher) == [] and _told(director) == []


@pytest.mark.django_db(transaction=True)
def test_the_whole_cycle_tells_each_next_actor_and_the_members(plan, head, teacher, deputy, director):
    for user in (head, teacher, deputy, director):
        user.email = f"{user.username}@school.kg"
        user.save()
    steps.submit(plan, head)
    steps.return_for_revision(plan, deputy, "Олимпиаданы кошуңуз.")
    returned = _told(head, "plan_returned")
    assert len(returned) == 1 and "Олимпиаданы кошуңуз." in str(returned[0])
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    assert len(_told(director, "plan_agreed")) == 1
    steps.approve(plan, director)
    assert len(_told(head, "plan_approved")) == 1
    assert len(_told(teacher, "plan_approved")) == 1
    assert _told(director, "plan_approved") == []  # not a member, and it was their own act
    steps.deliver()
    # E-mail at once is the staff's default for what they must act on; the approval comes in the digest.
    sent = {(m.to[0], m.subject) for m in mail.outbox}
    with translation.override("ky"):  # the accounts' language is not set: Kyrgyz
        expected = {("deputy@school.kg", str(n)) for n in _told(deputy, "plan_submitted")} | {
            ("director@school.kg", str(_told(director, "plan_agreed")[0]))
        }
        expected |= {("head@school.kg", str(_told(head, "plan_returned")[0]))}
    assert sent == expected


@pytest.mark.django_db
def test_a_comment_on_the_draft_reaches_the_head_in_the_words_written(plan, head, teacher):
    plan_actions.comment(plan, by=steps.act(teacher), text="Жума сайын отурум өткөрөлү.")
    told = _told(head, "plan_commented")
    assert len(told) == 1
    with translation.override("en"):
        assert "Жума сайын отурум өткөрөлү." in str(told[0])
    assert _told(teacher) == []


@pytest.mark.django_db
def test_the_head_commenting_on_their_own_draft_is_not_told(plan, head):
    plan_actions.comment(plan, by=steps.act(head), text="Эскертүү.")
    assert _told(head) == []


@pytest.mark.django_db
def test_a_person_who_chose_the_app_only_gets_no_email(
    plan, head, deputy, django_capture_on_commit_callbacks
):
    deputy.email = "deputy@school.kg"
    deputy.save()
    Preference.objects.create(user=deputy, kind="plan_submitted", channel=Channel.APP)
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit(plan, head)
    steps.deliver()
    assert _told(deputy, "plan_submitted")[0].channel == Channel.APP
    assert mail.outbox == []
