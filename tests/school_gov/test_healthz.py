def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_makes_no_database_query_even_for_a_signed_in_browser(
    client, teacher, django_assert_num_queries
):
    client.force_login(teacher)  # a session cookie would make a careless middleware load the session
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
