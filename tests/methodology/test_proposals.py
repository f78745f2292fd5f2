"""Teachers' projects and the head's proposals (MB-4.3): the head proposes to start, suspend, resume or
stop a teacher's project, an incentive or an improvement; the director or the deputy director decides,
and the project follows the decision."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from methodology.models import HeadProposal, ProjectStatus, ProposalStatus, TeacherProject
from school_gov.models import AuditEvent
from tests import steps
from tests.factories import AssociationFactory, StaffFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _new(association):
    return reverse("methodology:proposal_create", args=[association.pk])


def _decide(proposal):
    return reverse("methodology:proposal_decide", args=[proposal.pk])


def _project(association, teacher, status=ProjectStatus.ACTIVE, title="Санариптик сабак"):
    return TeacherProject.objects.create(
        association=association, teacher=teacher.staff, title=title, status=status
    )


def _propose(client, head, association, **data):
    client.force_login(head)
    return client.post(_new(association), {"text": "Негиздеме.", **data}, **EN)


def test_the_head_proposes_a_new_project_and_the_director_starts_it(
    client, association, head, teacher, director
):
    response = _propose(
        client, head, association, kind="start_project", teacher=teacher.staff.pk, title="Робототехника"
    )
    proposal = HeadProposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert (proposal.status, proposal.author) == (ProposalStatus.SUBMITTED, head.staff)
    assert AuditEvent.objects.filter(action="methodology.proposal.submitted").exists()

    client.force_login(director)
    client.post(_decide(proposal), {"outcome": "accept", "decision": ""})
    proposal.refresh_from_db()
    project = TeacherProject.objects.get()
    assert (proposal.status, proposal.project, proposal.decided_by) == (
        ProposalStatus.ACCEPTED,
        project,
        director.staff,
    )
    assert (project.title, project.teacher, project.status) == (
        "Робототехника",
        teacher.staff,
        ProjectStatus.ACTIVE,
    )


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("suspend_project", ProjectStatus.ACTIVE, ProjectStatus.SUSPENDED),
        ("resume_project", ProjectStatus.SUSPENDED, ProjectStatus.ACTIVE),
        ("stop_project", ProjectStatus.SUSPENDED, ProjectStatus.STOPPED),
    ],
)
def test_the_project_follows_an_accepted_proposal(
    client, association, head, teacher, deputy, kind, before, after
):
    project = _project(association, teacher, status=before)
    _propose(client, head, association, kind=kind, project=project.pk)
    client.force_login(deputy)
    client.post(_decide(HeadProposal.objects.get()), {"outcome": "accept"})
    project.refresh_from_db()
    assert project.status == after


def test_a_declined_proposal_says_why_and_changes_no_project(client, association, head, teacher, director):
    project = _project(association, teacher)
    _propose(client, head, association, kind="stop_project", project=project.pk)
    proposal = HeadProposal.objects.get()
    client.force_login(director)
    refused = client.post(_decide(proposal), {"outcome": "decline", "decision": ""}, **EN)
    assert "Write why the proposal is declined." in refused.text
    client.post(_decide(proposal), {"outcome": "decline", "decision": "Долбоор уланат."})
    proposal.refresh_from_db()
    project.refresh_from_db()
    assert (proposal.status, proposal.decision) == (ProposalStatus.DECLINED, "Долбоор уланат.")
    assert project.status == ProjectStatus.ACTIVE


def test_a_proposal_is_decided_once(client, association, head, teacher, director, deputy):
    _propose(client, head, association, kind="incentive", teacher=teacher.staff.pk)
    proposal = HeadProposal.objects.get()
    client.force_login(director)
    client.post(_decide(proposal), {"outcome": "accept"})
    client.force_login(deputy)
    again = client.post(_decide(proposal), {"outcome": "decline", "decision": "Жок."}, follow=True, **EN)
    assert "This proposal has been decided already." in again.text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert AuditEvent.objects.filter(action__startswith="methodology.proposal.").count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "stop_project"}, "project", "Choose the project this proposal is about."),
        ({"kind": "incentive"}, "teacher", "Choose the teacher this proposal is about."),
        ({"kind": "start_project", "title": ""}, "title", "Give the new project a title."),
        ({"kind": "resume_project", "project": "active"}, "project", "this proposal does not apply to it"),
        (
            {"kind": "improvement", "project": "active"},
            "project",
            "Only a proposal to suspend, resume or stop",
        ),
        ({"kind": "perhaps"}, "kind", "Select a valid choice."),
    ],
)
def test_bad_proposals_are_refused_with_a_message(client, association, head, teacher, data, field, message):
    active = _project(association, teacher)
    data = {**data}
    if data.get("project") == "active":
        data["project"] = active.pk
    if data.get("kind") == "start_project":
        data["teacher"] = teacher.staff.pk
    response = _propose(client, head, association, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not HeadProposal.objects.exists()


def test_a_project_of_another_association_is_not_offered(client, association, head, teacher, school):
    other = _project(AssociationFactory(school=school), teacher, title="Башка")
    response = _propose(client, head, association, kind="stop_project", project=other.pk)
    assert "Select a valid choice." in " ".join(response.context["form"].errors["project"])


@pytest.mark.parametrize(
    ("who", "status"), [("teacher", 403), ("deputy", 403), ("student", 403), ("outsider", 404)]
)
def test_only_the_head_proposes(request, client, association, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_new(association), {"kind": "improvement", "text": "Т."}).status_code == status
    assert not HeadProposal.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("head", 403), ("teacher", 403), ("methodologist", 403), ("outsider", 404)]
)
def test_only_the_schools_administration_decides(request, client, association, head, who, status):
    client.force_login(head)
    client.post(_new(association), {"kind": "improvement", "text": "Т."})
    proposal = HeadProposal.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.post(_decide(proposal), {"outcome": "accept"}).status_code == status
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_members_and_leaders_read_proposals_and_other_staff_do_not(
    client, association, head, teacher, methodologist, school
):
    client.force_login(head)
    client.post(_new(association), {"kind": "improvement", "text": "Т."})
    proposal = HeadProposal.objects.get()
    for user in (teacher, methodologist):
        client.force_login(user)
        assert client.get(proposal.get_absolute_url()).status_code == 200
    stranger = UserFactory(username="stranger")
    StaffFactory(school=school, user=stranger)
    client.force_login(stranger)
    assert client.get(proposal.get_absolute_url()).status_code == 403
    assert 'id="projects"' not in client.get(association.get_absolute_url()).text


def test_the_directors_dashboard_lists_the_proposals_waiting(client, association, head, director):
    client.force_login(head)
    client.post(_new(association), {"kind": "improvement", "text": "Т."})
    client.force_login(director)
    page = client.get(reverse("dashboard"), **EN)
    assert page.text.count('class="proposal-to-decide"') == 1
    client.post(_decide(HeadProposal.objects.get()), {"outcome": "accept"})
    assert 'class="proposal-to-decide"' not in client.get(reverse("dashboard"), **EN).text


def test_an_accepted_proposal_names_the_project_it_started_and_stays_valid(
    client, association, head, teacher, director
):
    _propose(client, head, association, kind="start_project", teacher=teacher.staff.pk, title="Долбоор")
    client.force_login(director)
    client.post(_decide(HeadProposal.objects.get()), {"outcome": "accept"})
    proposal = HeadProposal.objects.get()
    assert proposal.project == TeacherProject.objects.get()
    proposal.full_clean()


def test_a_decided_proposal_stays_valid_after_the_project_moved_on(
    client, association, head, teacher, director
):
    project = _project(association, teacher)
    _propose(client, head, association, kind="suspend_project", project=project.pk)
    client.force_login(director)
    client.post(_decide(HeadProposal.objects.get()), {"outcome": "accept"})
    HeadProposal.objects.get().full_clean()  # the project is suspended now: the decided proposal still holds


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "improvement", "teacher": "teacher"}, "teacher", "names a teacher"),
        (
            {"kind": "improvement", "title": "Аталыш"},
            "title",
            "Only a proposal to start a project has a title",
        ),
    ],
)
def test_a_proposal_names_only_what_its_kind_uses(client, association, head, teacher, data, field, message):
    data = {**data}
    if data.get("teacher") == "teacher":
        data["teacher"] = teacher.staff.pk
    response = _propose(client, head, association, **data)
    assert message in " ".join(response.context["form"].errors[field])
    assert not HeadProposal.objects.exists()


def test_a_head_whose_appointment_ended_after_the_page_loaded_cannot_propose(association, head):
    from methodology.actions import projects
    from methodology.permissions import can_propose
    from school_gov.refusals import Refused

    assert can_propose(steps.act(head), association)  # the page asked; the object remembers the answer
    association.head_appointments.update(ends_on=datetime.date(2021, 1, 1))
    with pytest.raises(Refused):
        projects.submit_proposal(
            HeadProposal(association=association, kind="improvement", text="Т."), by=steps.act(head)
        )
