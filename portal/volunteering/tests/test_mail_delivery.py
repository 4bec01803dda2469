"""With the mail server down during the whole flow nothing is lost; once it is back,
`send_outbox` delivers every mail exactly once, as text and HTML with List-Unsubscribe."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.core import testing
from portal.core.models import OutboxMessage
from portal.core.testing import running_smtp_server
from portal.directory.models import Contact, Municipality
from portal.volunteering.models import SignUp

from .test_bad_input import relay_data
from .test_signup import URL, form_data

pytestmark = pytest.mark.django_db


def test_smtp_down_for_the_whole_flow_then_up_delivers_each_mail_exactly_once(
    client, smtp_down, settings
):
    testing.contact(
        municipalities=[Municipality.objects.get(slug="ehingen-donau")],
        kind=Contact.Kind.VOLUNTEER_COORDINATION,
        email="hk@example.org",
    )
    need = testing.need(answers_to=testing.contact(email="gesuch@example.org"))
    assert client.post(URL, form_data()).status_code == 302
    call_command("send_outbox", verbosity=0)  # the server is down: the mail waits
    [request] = OutboxMessage.objects.all()
    assert request.status == OutboxMessage.Status.PENDING and request.attempts == 1
    confirm = re.search(r"http://testserver(/de/mithelfen/bestaetigen/[^/\s]+/)", request.body)
    assert client.get(confirm.group(1)).status_code == 200
    assert client.post(need.get_absolute_url(), relay_data()).status_code == 302
    call_command("send_outbox", verbosity=0)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 0
    assert OutboxMessage.objects.count() == 4  # request, coordinator, confirmation, relay
    assert SignUp.objects.get().confirmed_at is not None

    with running_smtp_server(settings) as inbox:
        OutboxMessage.objects.update(next_attempt_at=request.created_at)  # the pause is over
        call_command("send_outbox", verbosity=0)
        call_command("send_outbox", verbosity=0)  # a second run sends nothing again
    assert OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).count() == 0
    received = sorted((m["To"], m["Subject"]) for m in inbox.messages)
    assert len(received) == 4 == len(set(received))
    by_recipient = {m["To"]: m for m in inbox.messages if m["To"] != "erika@example.org"}
    assert set(by_recipient) == {"hk@example.org", "gesuch@example.org"}
    assert by_recipient["hk@example.org"]["Reply-To"] == "erika@example.org"
    assert by_recipient["gesuch@example.org"]["Reply-To"] == "max@example.org"
    to_volunteer = [m for m in inbox.messages if m["To"] == "erika@example.org"]
    assert len(to_volunteer) == 2
    for message in to_volunteer:
        assert (
            message["List-Unsubscribe"]
            .strip()
            .startswith("<http://testserver/de/mithelfen/abmelden/")
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        kinds = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in kinds and "text/html" in kinds
    assert reverse("web:volunteer-sent")  # (the flow above went through the real views)
