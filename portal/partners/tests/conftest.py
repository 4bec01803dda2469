import pytest

from portal.core import testing
from portal.review import services
from portal.review.editables import OFFER


@pytest.fixture
def area(db):
    return testing.partner_area()


@pytest.fixture
def submitted(area):
    """Partner A has proposed a new title for the published offer and submitted it."""
    revision = services.open_revision(OFFER, area.offer_a, area.org_a, area.partner_a)
    data = {**revision.data, "title_de": "Sprachkurs A am Abend"}
    revision = services.save_draft(revision, data, area.partner_a, revision.version)
    services.submit(revision, area.partner_a, "/partnerbereich/pruefung/")
    revision.refresh_from_db()
    return revision
