"""Django's admin is for technical administrators only: every URL × every persona."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core import testing

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


@pytest.fixture
def with_devices(personas):
    for user in (personas.alice, personas.bob, personas.charlie):
        TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    return personas


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("url", URLS)
def test_admin_access_matrix(client, with_devices, persona, url):
    user = with_devices.all()[persona]
    if user is not None:
        testing.sign_in(client, user)
    response = client.get(url)
    index, model = EXPECTED[persona]
    assert response.status_code == (index if url == "/admin/" else model)
    if response.status_code == LOGIN:
        assert response["Location"].startswith("/admin/login/")


def test_the_admin_needs_the_second_factor_too(client, with_devices):
    client.force_login(with_devices.alice)  # password only
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    form = client.get(response["Location"]).content.decode()
    assert 'name="otp_token"' in form


def test_the_county_cannot_be_changed_in_the_admin(client, with_devices):
    """It comes from the profile folder; an edit in the admin would be overwritten."""
    from portal.county.models import County

    testing.sign_in(client, with_devices.alice)
    county = County.objects.get()
    assert client.get(f"/admin/county/county/{county.pk}/change/").status_code == 200
    response = client.post(f"/admin/county/county/{county.pk}/change/", {"name": "Anders"})
    assert response.status_code == 403
    county.refresh_from_db()
    assert county.name == "Alb-Donau-Kreis"
