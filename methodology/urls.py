from django.urls import path

from methodology import printing, views
from methodology.views import circulars, documents, meetings, observations, projects

app_name = "methodology"

urlpatterns = [
    path("", views.association_list, name="association_list"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
    path("associations/<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path("associations/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/comments/", views.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/items/<int:item_pk>/completion/", views.item_mark, name="item_mark"),
    path("plans/<int:pk>/print/", printing.plan_print, name="plan_print"),
    path("plans/<int:pk>/pdf/", printing.plan_pdf, name="plan_pdf"),
    path(
        "associations/<int:pk>/observations/new/", observations.observation_create, name="observation_create"
    ),
    path("associations/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("associations/<int:pk>/proposals/new/", projects.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", projects.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/decide/", projects.proposal_decide, name="proposal_decide"),
    path("observations/", observations.observation_list, name="observation_list"),
    path("observations/<int:pk>/", observations.observation_detail, name="observation_detail"),
    path("observations/<int:pk>/edit/", observations.observation_edit, name="observation_edit"),
    path("observations/<int:pk>/read/", observations.observation_acknowledge, name="observation_acknowledge"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/new/", documents.document_request_create, name="document_request_create"),
    path(
        "associations/<int:pk>/documents/new/",
        documents.document_request_create,
        name="association_document_request_create",
    ),
    path("documents/<int:pk>/", documents.document_request_detail, name="document_request_detail"),
    path("documents/<int:pk>/close/", documents.document_request_close, name="document_request_close"),
    path("document-parts/<int:pk>/", documents.submission_detail, name="submission_detail"),
    path("document-parts/<int:pk>/upload/", documents.submission_upload, name="submission_upload"),
    path("document-parts/<int:pk>/review/", documents.submission_review, name="submission_review"),
    path("document-versions/<int:pk>/file/", documents.version_download, name="version_download"),
    path("circulars/", circulars.circular_list, name="circular_list"),
    path("circulars/new/", circulars.circular_create, name="circular_create"),
    path("circulars/<int:pk>/", circulars.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/read/", circulars.circular_acknowledge, name="circular_acknowledge"),
    path("circular-files/<int:pk>/", circulars.circular_file, name="circular_file"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/print/", printing.report_print, name="report_print"),
    path("reports/<int:pk>/pdf/", printing.report_pdf, name="report_pdf"),
]
