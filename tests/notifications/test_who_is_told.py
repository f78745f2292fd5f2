"""Every kind of notification an event makes reaches exactly the right people and nobody else: a table
of events (each taken through its action, as the site takes it) and, for each, who of the school's cast
is told. Nobody is told of their own action; nobody of another school is told anything."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from methodology.actions import observations, projects, reports
from methodology.actions import plans as plan_actions
from notifications.models import Notification
from parliament.actions import appeals, events, polls, proposals
from parliament.actions import elections as votes
from parliament.forms.events import DutyAssignmentForm
from parliament.models import Appeal, Poll
from school_gov.models import Role
from tests import steps
from tests.factories import (
    AppointmentFactory,
    CandidateFactory,
    ElectionFactory,
    LessonObservationFactory,
    ProposalFactory,
    StaffFactory,
    UserFactory,
    YearEndReportFactory,
)

CAST = (
    "director",
    "deputy",
    "head",
    "teacher",
    "methodologist",
    "adviser",
    "social_pedagogue",
    "class_teacher",
    "president",
    "student",
    "pupil",
    "outsider",
)


@pytest.fixture
def class_teacher(school):
    """The class teacher of 7-А (the cast's `student` is in 7-А)."""
    user = UserFactory(username="class_teacher")
    staff = StaffFactory(school=school, user=user)
    AppointmentFactory(staff=staff, role=Role.CLASS_TEACHER, class_grade=7, class_letter="А")
    return user


@pytest.fixture
def cast(
    request,
    director,
    deputy,
    head,
    teacher,
    methodologist,
    adviser,
    social_pedagogue,
    class_teacher,
    president,
    student,
    pupil,
    outsider,
    association,
    term,
):
    given = locals()
    return {name: given[name] for name in CAST}


def _report(association, school_year, head, status="draft"):
    return YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        status=status,
        aims_met="Максаттар аткарылды.",
        conclusions="Жыйынтыктар.",
        next_year_tasks="Милдеттер.",
    )


def _submitted(plan, cast):
    steps.submit(plan, cast["head"])


def _agreed(plan, cast):
    _submitted(plan, cast)
    steps.agree(plan, cast["deputy"])


# (the event, what makes it given the cast and the records, the kind, who is told)
def plan_submitted(c, r):
    steps.submit(r["plan"], c["head"])


def plan_agreed(c, r):
    _submitted(r["plan"], c)
    Notification.objects.all().delete()
    steps.agree(r["plan"], c["deputy"])


def plan_returned(c, r):
    _submitted(r["plan"], c)
    Notification.objects.all().delete()
    steps.return_for_revision(r["plan"], c["deputy"], "Тактаңыз.")


def plan_approved(c, r):
    _agreed(r["plan"], c)
    Notification.objects.all().delete()
    steps.approve(r["plan"], c["director"])


def plan_commented(c, r):
    plan_actions.comment(r["plan"], by=steps.act(c["teacher"]), text="Сунуш.")


def report_submitted(c, r):
    reports.submit(_report(r["association"], r["school_year"], c["head"]), by=steps.act(c["head"]))


def report_accepted(c, r):
    reports.accept(
        _report(r["association"], r["school_year"], c["head"], "submitted"), by=steps.act(c["deputy"])
    )


def report_returned(c, r):
    report = _report(r["association"], r["school_year"], c["head"], "submitted")
    reports.return_for_revision(report, by=steps.act(c["deputy"]), comment="Толуктаңыз.")


def observation_recorded(c, r):
    observation = LessonObservationFactory.build(
        association=r["association"], teacher=c["teacher"].staff, observer=c["head"].staff
    )
    observations.save(observation, by=steps.act(c["head"]))


def proposal_decided(c, r):
    from methodology.models import HeadProposal

    proposal = HeadProposal(
        association=r["association"], kind="incentive", teacher=c["teacher"].staff, text="Мугалимди сыйлоо."
    )
    proposal = projects.submit_proposal(proposal, by=steps.act(c["head"]))
    Notification.objects.all().delete()
    projects.decide_proposal(proposal, by=steps.act(c["director"]), accept=False, decision="Кийинки жылы.")


def _documents_asked(c, r):
    from methodology.actions import documents
    from methodology.models import DocumentRequest

    request = DocumentRequest(
        school=r["school"], association=r["association"], kind="work_programme", due_on=timezone.localdate()
    )
    documents.request_documents(request, teachers=[c["teacher"].staff], by=steps.act(c["head"]))
    return request.submissions.get()


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from methodology.demo import demo_pdf

    return SimpleUploadedFile("Программа.pdf", demo_pdf("v1"), content_type="application/pdf")


def _document_sent(c, r):
    from methodology.actions import documents

    part = _documents_asked(c, r)
    documents.upload_document(part, upload=_pdf(), by=steps.act(c["teacher"]))
    return part


def document_requested(c, r):
    _documents_asked(c, r)


def document_sent(c, r):
    from methodology.actions import documents

    part = _documents_asked(c, r)
    Notification.objects.all().delete()
    documents.upload_document(part, upload=_pdf(), by=steps.act(c["teacher"]))


def document_returned(c, r):
    from methodology.actions import documents

    part = _document_sent(c, r)
    Notification.objects.all().delete()
    documents.review_document(part, accept=False, correction="Оңдоңуз.", by=steps.act(c["head"]))


def document_accepted(c, r):
    from methodology.actions import documents

    part = _document_sent(c, r)
    Notification.objects.all().delete()
    documents.review_document(part, accept=True, by=steps.act(c["head"]))


def circular_published(c, r):
    from methodology.actions import documents
    from methodology.models import Circular

    circular = Circular(school=r["school"], kind="order", title="Буйрук", text="Текст", audience="heads")
    documents.publish_circular(circular, by=steps.act(c["deputy"]))


def _attestation(c, r):
    from methodology.actions import growth
    from methodology.models import Attestation

    attestation = Attestation(staff=c["teacher"].staff, category="first", held_on=timezone.localdate())
    return growth.open_attestation(attestation, by=steps.act(c["deputy"]))


def attestation_prepared(c, r):
    _attestation(c, r)


def attestation_decided(c, r):
    from methodology.actions import growth

    attestation = _attestation(c, r)
    Notification.objects.all().delete()
    growth.decide_attestation(
        attestation, decision="assigned", decided_on=timezone.localdate(), by=steps.act(c["deputy"])
    )


def parliament_proposal_answered(c, r):
    proposal = ProposalFactory(school=r["school"], author=c["student"].student)
    proposals.answer_proposal(proposal, by=steps.act(c["director"]), status="accepted", answer="Макул.")


def appeal_filed(c, r):
    appeals.file_appeal(Appeal(subject="Жашыруун тема", text="Жашыруун текст"), by=steps.act(c["student"]))


def election_opened(c, r):
    election = ElectionFactory(
        term=r["term"],
        stage="campaign",
        voter_from_grade=5,
        voting_opens_at=timezone.now() - datetime.timedelta(hours=1),
        voting_closes_at=timezone.now() + datetime.timedelta(days=1),
        supervisor=c["adviser"].staff,
    )
    CandidateFactory(election=election, student=c["president"].student, status="approved")
    votes.move_to_stage(election=election, stage="voting", by=steps.act(c["adviser"]))


def poll_opened(c, r):
    poll = Poll(
        school=r["school"],
        term=r["term"],
        question="Ашкана?",
        audience_from_grade=5,
        audience_to_grade=9,
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    polls.create_poll(poll, by=steps.act(c["director"]), options=["Ооба", "Жок"])


def duty_assigned(c, r):
    form = DutyAssignmentForm(
        {
            "date": timezone.localdate().isoformat(),
            "area_kind": "classroom",
            "area": "12",
            "grade": 7,
            "class_letter": "А",
        },
        school=r["school"],
    )
    assert form.is_valid(), form.errors
    events.assign_duty(form, by=steps.act(c["director"]), school=r["school"])


TABLE = [
    (plan_submitted, "plan_submitted", {"deputy"}),
    (plan_agreed, "plan_agreed", {"director"}),
    (plan_returned, "plan_returned", {"head"}),
    (plan_approved, "plan_approved", {"head", "teacher"}),
    (plan_commented, "plan_commented", {"head"}),
    (report_submitted, "report_submitted", {"deputy"}),
    (report_accepted, "report_accepted", {"head"}),
    (report_returned, "report_returned", {"head"}),
    (observation_recorded, "observation_recorded", {"teacher"}),
    (proposal_decided, "proposal_decided", {"head"}),
    (document_requested, "document_requested", {"teacher"}),
    (document_sent, "document_sent", {"head"}),
    (document_returned, "document_returned", {"teacher"}),
    (document_accepted, "document_accepted", {"teacher"}),
    (circular_published, "circular_published", {"head"}),
    (attestation_prepared, "attestation_prepared", {"teacher", "head"}),  # the head writes the opinion
    (attestation_decided, "attestation_decided", {"teacher"}),
    (parliament_proposal_answered, "proposal_answered", {"student"}),
    (appeal_filed, "appeal_received", {"deputy", "social_pedagogue", "adviser"}),
    (election_opened, "election_opened", {"president", "student"}),  # grades 11 and 7; not the pupil (3)
    (poll_opened, "poll_opened", {"student"}),  # grades 5 to 9
    (duty_assigned, "duty_assigned", {"class_teacher"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "kind", "told"), TABLE, ids=[row[1] for row in TABLE])
def test_each_event_tells_exactly_the_people_who_must_know(
    cast, plan, association, school_year, school, term, make, kind, told
):
    records = {
        "plan": plan,
        "association": association,
        "school_year": school_year,
        "school": school,
        "term": term,
    }
    make(cast, records)
    reached = {n.recipient.username: n.kind for n in Notification.objects.select_related("recipient")}
    assert set(reached) == told
    assert set(reached.values()) == {kind}


@pytest.mark.django_db
def test_an_appeals_notification_never_carries_its_subject_text_or_author(cast, school, term):
    appeal_filed(cast, {})
    notifications = list(Notification.objects.all())
    assert notifications
    author = cast["student"].student
    for notification in notifications:
        for language in ("ky", "ru", "en"):
            with translation.override(language):
                text = str(notification)
            assert "Жашыруун" not in text
            assert author.surname not in text and author.name not in text
        assert notification.data == {}


@pytest.mark.django_db
def test_an_account_that_is_deactivated_is_not_told(plan, head, deputy):
    deputy.is_active = False
    deputy.save()
    steps.submit(plan, head)
    assert not Notification.objects.exists()
