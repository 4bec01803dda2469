"""Django's admin is for technical administrators only: every URL × every persona."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN = 302  # sent to the admin's login page
URLS = [
    "/admin/",
    "/admin/core/outboxmessage/",
    "/admin/directory/offer/",
    "/admin/county/county/",
    "/admin/content/accessibilityreport/",
]
EXPECTED = {
    # persona: status for the index, status for every model page
    "anonymous": (LOGIN, LOGIN),
    "alice": (200, 200),
    "bob": (200, 403),  # staff without any permission: an empty index, no model
    "charlie": (LOGIN, LOGIN),
}


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("url", URLS)
def test_admin_access_matrix(client, personas, persona, url):
    user = personas.all()[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    index, model = EXPECTED[persona]
    assert response.status_code == (index if url == "/admin/" else model)
    if response.status_code == LOGIN:
        assert response["Location"].startswith("/admin/login/")


def test_the_county_cannot_be_changed_in_the_admin(client, personas):
    """It comes from the profile folder; an edit in the admin would be overwritten."""
    from portal.county.models import County

    client.force_login(personas.alice)
    county = County.objects.get()
    assert client.get(f"/admin/county/county/{county.pk}/change/").status_code == 200
    response = client.post(f"/admin/county/county/{county.pk}/change/", {"name": "Anders"})
    assert response.status_code == 403
    county.refresh_from_db()
    assert county.name == "Alb-Donau-Kreis"
