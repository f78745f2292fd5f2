"""Nobody can lock another person out, and nobody can try a password on every account (issue 16): the
sign-in limits count the client's address behind the school's proxy (never the proxy's, never what the
client wrote into X-Forwarded-For), per username and address, and per address across usernames."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from school_gov.addresses import client_address

PROXY = "10.0.0.1"
ATTACKER = "198.51.100.9"
DIRECTOR_AT = "203.0.113.7"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8


@pytest.fixture
def director_password(director):
    director.set_password("Директор-2026-сыр")
    director.save()
    return "Директор-2026-сыр"


def sign_in(client, username: str, password: str, *, at: str, forwarded: str = ""):
    """Through the proxy: it appends the address it was reached from to what the client sent."""
    header = f"{forwarded}, {at}" if forwarded else at
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=header,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_from_elsewhere_do_not_lock_the_director_out(client, director, director_password):
    for _ in range(10):
        sign_in(client, director.username, "wrong", at=ATTACKER)
    response = sign_in(client, director.username, director_password, at=DIRECTOR_AT)
    assert response.status_code == 302 and signed_in(client)


def test_the_attacker_is_locked_out_whatever_they_write_into_the_header(client, director, director_password):
    for n in range(5):
        sign_in(client, director.username, "wrong", at=ATTACKER, forwarded=f"192.0.2.{n}")
    # The right password from the attacker's address (and a new made-up header) is refused now.
    response = sign_in(client, director.username, director_password, at=ATTACKER, forwarded="192.0.2.77")
    assert response.status_code == 429 and not signed_in(client)
    assert "locked" in response.content.decode().lower()


def test_one_address_trying_many_accounts_is_locked_out(client, director, director_password, teacher):
    for n in range(8):
        response = sign_in(client, f"someone-{n}", "Password1", at=ATTACKER)
    assert response.status_code == 429  # the failure that reached the limit says so
    # Even a right password from that address is refused for an hour…
    assert sign_in(client, director.username, director_password, at=ATTACKER).status_code == 429
    assert not signed_in(client)
    # …and only that address: the director signs in from their own.
    assert sign_in(client, director.username, director_password, at=DIRECTOR_AT).status_code == 302


def test_a_class_mistyping_in_one_computer_room_stays_below_the_address_limit(
    client, director, director_password
):
    """The per-address limit is far above the per-account one: seven people's typos from one room."""
    for n in range(7):
        sign_in(client, f"pupil-{n}", "typo", at=DIRECTOR_AT)
    assert sign_in(client, director.username, director_password, at=DIRECTOR_AT).status_code == 302


def test_without_a_trusted_proxy_the_header_is_not_believed(client, settings, director, director_password):
    settings.TRUSTED_PROXIES = 0
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": director.username, "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": director.username, "password": director_password},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429 and not signed_in(client)


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy of ours: the header is the client's own writing
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left entry was written by the client
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # two proxies: two from the right
        (2, "203.0.113.7", PROXY),  # shorter than the proxies: it did not pass them
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, header, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected
