"""The admin, where the deputy and the director work every day, reads as Kyrgyz on every page (issue 15):
each registered model's list, its add page and the change page of a demo record, as the director, the
deputy and the district methodologist — the same checks as the site's pages (a capitalised month inside a
date, an American date, an English word from the list), in Kyrgyz, and no English in Russian."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.test_kyrgyz_pages import kyrgyz_problems, russian_problems

pytestmark = pytest.mark.django_db

PEOPLE = ["director", "deputy", "methodologist"]


def admin_paths() -> list[str]:
    """Every registered model's list and add page, and the change page of its first record."""
    paths = []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        paths.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return paths


def _admin_pages(client, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    users = {user.username: user for user in get_user_model().objects.filter(username__in=PEOPLE)}
    paths = admin_paths()
    seen = 0
    for who in PEOPLE:
        client.force_login(users[who])
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                continue
            seen += 1
            yield who, path, response.content.decode()
    assert seen > 60  # the walk reached the admin's pages, not only its refusals


def test_every_admin_page_in_kyrgyz_writes_dates_as_kyrgyz_does_and_has_no_english(client, demo_school):
    problems = [
        f"{who} {path}: {problem}"
        for who, path, page in _admin_pages(client, "ky")
        for problem in kyrgyz_problems(page)
    ]
    assert problems == []


def test_every_admin_page_in_russian_has_no_english(client, demo_school):
    problems = [
        f"{who} {path}: {problem}"
        for who, path, page in _admin_pages(client, "ru")
        for problem in russian_problems(page)
    ]
    assert problems == []
