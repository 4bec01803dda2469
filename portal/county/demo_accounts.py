"""One partner-area account per role for trying the portal out, with a known password and an
authenticator key printed by `load_demo`. Only with DJANGO_DEBUG=true: never in production."""

import base64
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Account
from portal.directory.models import Municipality, Organisation

PASSWORD = "Demo-Zugang-2026"  # noqa: S105 (demo accounts, debug mode only, printed anyway)


@dataclass
class DemoAccount:
    email: str
    role: str
    organisations: tuple = ()
    municipalities: tuple = ()


ACCOUNTS = [
    DemoAccount("demo-partner@example.org", Account.Role.EDITOR, ("volkshochschule-ehingen",)),
    DemoAccount("demo-gemeinde@example.org", Account.Role.EDITOR, (), ("dornstadt",)),
    DemoAccount("demo-redaktion@example.org", Account.Role.COUNTY_EDITOR),
    DemoAccount("demo-zugaenge@example.org", Account.Role.COUNTY_ADMIN),
]


@transaction.atomic
def create_demo_accounts() -> list[tuple[DemoAccount, TOTPDevice]]:
    """Create the accounts that are missing; keep existing ones (and their keys)."""
    users = get_user_model().objects
    result = []
    for demo in ACCOUNTS:
        user = users.filter(username=demo.email).first()
        if user is None:
            user = users.create_user(demo.email, demo.email, PASSWORD)
            account = Account.objects.create(user=user, role=demo.role)
            account.organisations.set(Organisation.objects.filter(slug__in=demo.organisations))
            account.municipalities.set(Municipality.objects.filter(slug__in=demo.municipalities))
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
        result.append((demo, device))
    return result


def key_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()
