from django.conf import settings
from django.urls import reverse


def test_pages_speak_kyrgyz_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="ky"' in response.text
    assert "Кирүү" in response.text


def test_the_sign_in_page_offers_the_three_languages(client, db):
    response = client.get(reverse("login"))
    for name in ["Кыргызча", "Русский", "English"]:
        assert name in response.text


def test_switching_language_sets_a_lasting_cookie_and_returns_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ru"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    assert 'lang="ru"' in client.get(reverse("login")).text


def test_the_choice_is_kept_on_the_account_and_restored_at_the_next_sign_in(client, teacher):
    client.force_login(teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    teacher.refresh_from_db()
    assert teacher.language == "en"

    fresh = client.__class__()
    response = fresh.post(reverse("login"), {"username": "teacher", "password": "demo-password"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_is_refused_with_a_message_and_changes_nothing(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"}, follow=True)
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies or (
        client.cookies[settings.LANGUAGE_COOKIE_NAME].value != "xx"
    )
    teacher.refresh_from_db()
    assert teacher.language == ""
    messages = [str(m) for m in response.context["messages"]]
    assert any("xx" in m for m in messages)


def test_a_foreign_next_address_is_not_followed(client, db):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switching_needs_post(client, db):
    assert client.get(reverse("set_language")).status_code == 405
