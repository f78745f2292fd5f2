"""Query budgets (STYLE 16) of the pages people read and the forms they fill, walked over the demo
school as the person each page is for: the page answers 200 within its budget. Lists and pages whose
size grows with the data have their own flat-budget tests (2 rows against many) beside their app's tests;
these hold the rest to a fixed number, so a query per row or per field cannot slip in unnoticed."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse


def _first(label: str, **lookup):
    return apps.get_model(label).objects.filter(**lookup).order_by("pk").first().pk


HEAD = {"head_appointments__staff__user__username": "head"}
# (url name, demo user, the record in the address (model label and lookup), budget: the page's queries
# as measured, session and user included, and the unread notifications' count in the navigation)
PAGES = [
    (
        "methodology:observation_detail",
        "teacher",
        ("methodology.LessonObservation", {"teacher__user__username": "teacher"}),
        7,
    ),
    (
        "methodology:observation_edit",
        "head",
        (
            "methodology.LessonObservation",
            {"observer__user__username": "head", "acknowledged_at__isnull": True},
        ),
        7,
    ),
    ("methodology:observation_create", "head", ("methodology.Association", HEAD), 8),
    (
        "methodology:meeting_detail",
        "head",
        ("methodology.AssociationMeeting", {f"association__{k}": v for k, v in HEAD.items()}),
        9,
    ),
    ("methodology:meeting_create", "head", ("methodology.Association", HEAD), 10),
    ("methodology:proposal_detail", "director", ("methodology.HeadProposal", {"status": "submitted"}), 9),
    ("methodology:proposal_create", "head", ("methodology.Association", HEAD), 9),
    ("parliament:election_vote", "student", ("parliament.Election", {}), 7),
    ("methodology:growth_overview", "deputy", None, 9),
    ("methodology:teacher_growth", "teacher", ("school_gov.Staff", {"user__username": "teacher"}), 12),
    ("methodology:course_create", "teacher", ("school_gov.Staff", {"user__username": "teacher"}), 7),
    ("methodology:self_education_edit", "teacher", ("school_gov.Staff", {"user__username": "teacher"}), 10),
    ("methodology:attestation_create", "deputy", ("school_gov.Staff", {"user__username": "head"}), 8),
    ("methodology:attestation_opinion", "head", ("methodology.Attestation", {"decision": ""}), 8),
    ("methodology:attestation_decision", "deputy", ("methodology.Attestation", {"decision": ""}), 7),
    ("methodology:plan_grid", "deputy", None, 10),
    ("methodology:observation_print", "teacher", ("methodology.LessonObservation", {}), 5),
    ("methodology:meeting_print", "head", ("methodology.AssociationMeeting", {}), 8),
    (
        "methodology:meeting_edit",
        "head",
        (
            "methodology.AssociationMeeting",
            {"signed_at__isnull": True, **{f"association__{k}": v for k, v in HEAD.items()}},
        ),
        12,
    ),
    ("parliament:candidate_register", "president", ("parliament.Election", {}), 7),
    ("parliament:event_create", "president", None, 10),
    # The demo `student` organises the first event (only its organisers, the adviser and the leaders edit it)
    ("parliament:event_edit", "student", ("parliament.Event", {}), 12),
    ("parliament:duty_create", "director", None, 5),
    ("parliament:poll_create", "director", None, 6),
    ("parliament:proposal_create", "student", None, 7),
    ("parliament:meeting_create", "president", None, 10),
    ("parliament:appeal_create", "student", None, 5),
    ("parliament:club_create", "director", None, 7),
    # The district's lists, with each row's school and the school filter (issue 13, part 5)
    ("methodology:association_list", "methodologist", None, 10),
    ("methodology:observation_list", "methodologist", None, 9),
    ("methodology:plan_list", "methodologist", None, 12),
    ("admin:methodology_workplan_changelist", "methodologist", None, 10),
    # The school's calendar of deadlines (issue 13, part 7)
    ("admin:school_gov_holiday_changelist", "deputy", None, 11),
    ("admin:school_gov_holiday_add", "deputy", None, 8),
    ("admin:school_gov_school_changelist", "director", None, 10),
    # The audit trail, each row's actor by name and the actions by their verbs (issue 15)
    ("admin:school_gov_auditevent_changelist", "director", None, 12),
    ("admin:school_gov_auditevent_change", "director", ("school_gov.AuditEvent", {}), 12),
]


@pytest.mark.parametrize(("name", "username", "record", "budget"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_answers_within_its_query_budget(
    client, db, demo_school, name, username, record, budget, django_assert_max_num_queries
):
    args = [_first(record[0], **record[1])] if record else []
    client.force_login(get_user_model().objects.get(username=username))
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
