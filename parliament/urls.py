"""Every address of the parliament's pages, in one place (the views: one module per area)."""

from django.urls import path

from parliament.views import appeals, clubs, elections, events, home, meetings, polls, proposals

app_name = "parliament"

urlpatterns = [
    # The public face (SP-1.1): the home page and the ministries.
    path("", home.home, name="home"),
    path("ministries/<int:pk>/", home.ministry_detail, name="ministry_detail"),
    # The presidential election (SP-1.4).
    path("elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("elections/<int:pk>/can-i-vote/", elections.election_can_i_vote, name="election_can_i_vote"),
    path("elections/<int:pk>/vote/", elections.election_vote, name="election_vote"),
    path("elections/<int:pk>/vote-with-code/", elections.election_code_vote, name="election_code_vote"),
    path("elections/<int:pk>/stand/", elections.candidate_register, name="candidate_register"),
    path("elections/<int:pk>/stage/", elections.election_stage, name="election_stage"),
    path(
        "elections/<int:pk>/codes/<int:grade>/<str:letter>/", elections.election_codes, name="election_codes"
    ),
    path(
        "elections/<int:pk>/codes/reissue/<int:student_pk>/",
        elections.election_code_reissue,
        name="election_code_reissue",
    ),
    path("elections/<int:pk>/count/", elections.election_count, name="election_count"),
    path("elections/<int:pk>/publish/", elections.election_publish, name="election_publish"),
    path("candidates/<int:pk>/check/", elections.candidate_check, name="candidate_check"),
    # Events, the calendar and the duty roster (SP-1.6, SP-1.7, SP-2.3–2.6).
    path("calendar/", events.calendar, name="calendar"),
    path("calendar.ics", events.calendar_ics, name="calendar_ics"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/join/", events.event_join, name="event_join"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("duty/", events.duty_list, name="duty_list"),
    path("duty/new/", events.duty_create, name="duty_create"),
    path("duty/<int:pk>/mark/", events.duty_mark, name="duty_mark"),
    # Polls and proposals (SP-3.1, SP-3.2).
    path("polls/", polls.poll_list, name="poll_list"),
    path("polls/new/", polls.poll_create, name="poll_create"),
    path("polls/<int:pk>/", polls.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/answer/", polls.poll_answer, name="poll_answer"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/support/", proposals.proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/answer/", proposals.proposal_answer, name="proposal_answer"),
    # Weekly meetings (SP-4.2), confidential appeals (SP-3.3), clubs (SP-4.2).
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("appeals/", appeals.appeal_list, name="appeal_list"),
    path("appeals/new/", appeals.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", appeals.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/update/", appeals.appeal_update, name="appeal_update"),
    path("clubs/", clubs.club_list, name="club_list"),
    path("clubs/new/", clubs.club_create, name="club_create"),
    path("clubs/<int:pk>/", clubs.club_detail, name="club_detail"),
    path("clubs/<int:pk>/join/", clubs.club_join, name="club_join"),
    path("clubs/<int:pk>/decide/", clubs.club_decide, name="club_decide"),
]
