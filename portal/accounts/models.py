"""Who may edit what: the roles of partner-area users and the organisations and
municipalities they are responsible for. The partner area is German (DESIGN.md), so its
labels are not in the interface catalogues."""

from django.conf import settings
from django.db import models

from portal.directory.models import Municipality, Organisation


class Account(models.Model):
    """The partner-area side of a user: role and scope. Django's superusers (technical
    administrators) need none; everyone in the partner area has one."""

    class Role(models.TextChoices):
        COUNTY_ADMIN = "county_admin", "Landratsamt: Zugänge und Redaktion"
        COUNTY_EDITOR = "county_editor", "Landratsamt: Redaktion"
        EDITOR = "editor", "Redaktion einer Organisation oder Gemeinde"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField("Rolle", max_length=20, choices=Role.choices, default=Role.EDITOR)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name="Organisationen",
        blank=True,
        related_name="editors",
        help_text="Angebote, Orte, Ansprechpersonen und Profil dieser Organisationen.",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name="zuständig für",
        blank=True,
        related_name="editors",
        help_text=(
            "Ansprechpersonen, Helferkreise und Hinweise dieser Städte und Gemeinden "
            "(zum Beispiel für das Integrationsmanagement)."
        ),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="eingeladen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField("eingeladen am", null=True, blank=True)
    ended_at = models.DateTimeField(
        "Zugang beendet am",
        null=True,
        blank=True,
        help_text="Die Zugangsdaten werden ACCOUNT_RETENTION_DAYS danach gelöscht.",
    )

    class Meta:
        verbose_name = "Zugang"
        verbose_name_plural = "Zugänge"

    def __str__(self):
        return self.user.get_username()

    @property
    def is_county(self) -> bool:
        return self.role in (self.Role.COUNTY_ADMIN, self.Role.COUNTY_EDITOR)

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.COUNTY_ADMIN
