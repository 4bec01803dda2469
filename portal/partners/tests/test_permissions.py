"""Every partner-area URL × every role → the expected answer. Another partner's entries are a
404 (they do not exist for them); a page for another role is a 403; without signing in, the
login page."""

import pytest
from django.urls import get_resolver, reverse

from portal.core import testing

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page
PEOPLE = [
    "anonymous",
    "partner_a",
    "partner_b",
    "municipality_editor",
    "county_editor",
    "county_admin",
]


def answers(anonymous=LOGIN, a=200, b=200, m=200, e=200, admin=200):
    return dict(zip(PEOPLE, [anonymous, a, b, m, e, admin], strict=True))


OWN_A = answers(a=200, b=404, m=404)  # an entry of Verein A
COUNTY = answers(a=403, b=403, m=403)
ADMIN = answers(a=403, b=403, m=403, e=403)
# (URL name, method, arguments from the test data, expected answer per person)
MATRIX = [
    ("partners:home", "get", lambda t: [], answers()),
    ("partners:account", "get", lambda t: [], answers()),
    (
        "partners:login",
        "get",
        lambda t: [],
        answers(anonymous=200, a=302, b=302, m=302, e=302, admin=302),
    ),
    ("partners:login-code", "get", lambda t: [], answers(a=302, b=302, m=302, e=302, admin=302)),
    (
        "partners:logout",
        "post",
        lambda t: [],
        answers(anonymous=302, a=302, b=302, m=302, e=302, admin=302),
    ),
    (
        "partners:two-factor-setup",
        "get",
        lambda t: [],
        answers(a=302, b=302, m=302, e=302, admin=302),
    ),
    (
        "partners:invitation",
        "get",
        lambda t: ["MQ", "falsch"],
        answers(400, 400, 400, 400, 400, 400),
    ),
    ("partners:password-reset", "get", lambda t: [], answers(anonymous=200)),
    (
        "partners:password-reset-confirm",
        "get",
        lambda t: ["MQ", "falsch"],
        answers(400, 400, 400, 400, 400, 400),
    ),
    ("partners:entry-list", "get", lambda t: ["angebote"], answers()),
    (
        "partners:entry-new",
        "post",
        lambda t: ["angebote"],
        answers(a=302, b=404, m=404, e=302, admin=302),
        lambda t: {"organisation": t.area.org_a.uuid},
    ),
    (
        "partners:entry-edit",
        "get",
        lambda t: ["angebote", t.area.offer_a.uuid],
        answers(a=302, b=404, m=404, e=302, admin=302),
    ),
    (
        "partners:entry-archive",
        "post",
        lambda t: ["angebote", t.area.offer_a.uuid],
        answers(a=302, b=404, m=404, e=302, admin=302),
    ),
    (
        "partners:entry-restore",
        "post",
        lambda t: ["angebote", t.area.offer_a.uuid],
        answers(a=302, b=404, m=404, e=302, admin=302),
    ),
    ("partners:revision-edit", "get", lambda t: [t.revision.pk], OWN_A),
    ("partners:revision-preview", "get", lambda t: [t.revision.pk], OWN_A),
    (
        "partners:revision-submit",
        "post",
        lambda t: [t.revision.pk],
        answers(a=302, b=404, m=404, e=302, admin=302),
    ),
    ("partners:review-queue", "get", lambda t: [], COUNTY),
    ("partners:review-detail", "get", lambda t: [t.revision.pk], COUNTY),
    ("partners:translation-overview", "get", lambda t: [], answers()),
    ("partners:translation-list", "get", lambda t: ["en"], answers()),
    ("partners:translate", "get", lambda t: ["en", "offer", t.area.offer_a.pk], OWN_A),
    ("partners:user-list", "get", lambda t: [], ADMIN),
    ("partners:user-invite", "get", lambda t: [], ADMIN),
    (
        "partners:user-deactivate",
        "post",
        lambda t: [t.area.partner_b.account.pk],
        answers(a=403, b=403, m=403, e=403, admin=302),
    ),
    (
        "partners:user-activate",
        "post",
        lambda t: [t.area.partner_b.account.pk],
        answers(a=403, b=403, m=403, e=403, admin=302),
    ),
    ("partners:history", "get", lambda t: [], COUNTY),
    ("partners:runder-tisch", "get", lambda t: [], COUNTY),
    ("partners:content-list", "get", lambda t: ["seiten"], COUNTY),
    ("partners:content-new", "get", lambda t: ["termine"], COUNTY),
    ("partners:content-edit", "get", lambda t: ["themen", t.area.topic.pk], COUNTY),
]
# The needs board: a partner's own needs, and a town's needs for its municipality editor.
MATRIX += [
    ("partners:need-list", "get", lambda t: [], answers()),
    ("partners:need-new", "get", lambda t: [], answers()),
    ("partners:need-edit", "get", lambda t: [t.need_a.pk], OWN_A),
    (
        "partners:need-close",
        "post",
        lambda t: [t.need_a.pk],
        answers(a=302, b=404, m=404, e=302, admin=302),
    ),
    (
        "partners:need-edit",
        "get",
        lambda t: [t.need_dornstadt.pk],
        answers(a=404, b=404, m=200, e=200, admin=200),
    ),
]
# The municipality editor's own scope: the Helferkreis and the note of Dornstadt.
MATRIX += [
    (
        "partners:entry-edit",
        "get",
        lambda t: ["gemeinden", t.area.dornstadt.uuid],
        answers(a=404, b=404, m=302, e=302, admin=302),
    ),
    (
        "partners:entry-archive",
        "post",
        lambda t: ["gemeinden", t.area.dornstadt.uuid],
        answers(a=404, b=404, m=404, e=404, admin=404),
    ),
    (
        "partners:entry-edit",
        "get",
        lambda t: ["organisationen", t.area.circle.uuid],
        answers(a=404, b=404, m=302, e=302, admin=302),
    ),
    (
        "partners:translate",
        "get",
        lambda t: ["en", "organisation", t.area.circle.pk],
        answers(a=404, b=404, m=200, e=200, admin=200),
    ),
]


class Things:
    def __init__(self, area, revision):
        self.area, self.revision = area, revision

    @property
    def need_a(self):
        return testing.need(org=self.area.org_a, answers_to=self.area.contact_a)

    @property
    def need_dornstadt(self):
        return testing.need(org=self.area.circle, municipality=self.area.dornstadt)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("row", MATRIX, ids=[f"{row[0]}-{i}" for i, row in enumerate(MATRIX)])
def test_permission_matrix(client, area, submitted, person, row):
    name, method, args, expected, *data = row
    user = area.people()[person]
    if user is not None:
        testing.sign_in(client, user)
    things = Things(area, submitted)
    url = reverse(name, args=args(things))
    response = getattr(client, method)(url, data[0](things) if data else {})
    want = expected[person]
    if want == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("partners:login")), response["Location"]
    else:
        assert response.status_code == want, (url, response.status_code)
    assert response["Cache-Control"] == "no-store"


def test_every_partner_area_url_is_in_the_matrix():
    """A new URL without matrix rows fails here."""
    names = {
        f"partners:{pattern.name}"
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "partners"
        for pattern in pattern.url_patterns
    }
    assert names == {row[0] for row in MATRIX}
