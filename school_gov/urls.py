from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from school_gov import accounts, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("school/", views.school_detail, name="school_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/invitation/", accounts.invitation_code, name="invitation_code"),
    path("accounts/invitation/<str:secret>/", accounts.invitation_accept, name="invitation_accept"),
    path("methodology/", include("methodology.urls")),
    path("parliament/", include("parliament.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

# An error no view answered: a page that asks nothing of the database, 503 when the database is the cause.
handler500 = "school_gov.views.server_error"
