"""Work on content that has side effects: each function is one transaction."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.core.mail import queue_mail

from .models import AccessibilityReport


@transaction.atomic
def submit_accessibility_report(data: dict, language: str) -> AccessibilityReport:
    """Store a "Barriere melden" report and queue the notification to the county.

    The mail goes through the outbox, so a mail server that is down delays it but the
    report itself is never lost."""
    report = AccessibilityReport.objects.create(
        page_url=data.get("page_url", ""),
        message=data["message"],
        name=data.get("name", ""),
        email=data.get("email", ""),
        language=language,
    )
    with override(settings.LANGUAGE_CODE):
        subject = _("Barriere gemeldet: %(page)s") % {"page": report.page_url or "-"}
        body = "\n".join(
            [
                _("Über das Integrationsportal wurde eine Barriere gemeldet."),
                "",
                f"{_('Seite')}: {report.page_url or '-'}",
                f"{_('Sprache der Oberfläche')}: {language}",
                f"{_('Name')}: {report.name or '-'}",
                f"{_('E-Mail')}: {report.email or '-'}",
                "",
                report.message,
            ]
        )
    queue_mail(settings.FEEDBACK_RECIPIENTS, subject, body, reply_to=report.email)
    return report
