"""Helpers for browser tests of the partner area: signing in with a fresh TOTP code, and
moving through pages with the keyboard only."""

import base64
import json
import sqlite3
import time
from urllib.parse import urlsplit

from django_otp.oath import totp

from .test_keyboard import tab_to


def database(served) -> sqlite3.Connection:
    return sqlite3.connect(served.env["DATABASE_URL"].removeprefix("sqlite:///"))


def codes(key: str) -> list[str]:
    """The code of this 30-second step and of the next."""
    secret = base64.b32decode(key)
    return [f"{totp(secret, drift=drift):06d}" for drift in (0, 1)]


def fresh_code(served, email: str, key: str) -> str:
    """A code the account has not used yet: each counts once, and after a wrong one the
    device pauses (throttling), so the test must not guess."""
    (last_t,) = (
        database(served)
        .execute(
            "SELECT d.last_t FROM otp_totp_totpdevice d JOIN auth_user u ON u.id = d.user_id "
            "WHERE u.email = ?",
            [email],
        )
        .fetchone()
    )
    step = int(time.time()) // 30
    if step + 1 <= last_t:  # both codes of this window used: wait for the next one
        time.sleep(30 - time.time() % 30 + 0.5)
        step += 1
    return codes(key)[0] if step > last_t else codes(key)[1]


LIMIT = 400  # tab stops: the invitation form lists every organisation and municipality


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, f"el => el.id === '{element_id}'", LIMIT)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press_button(page, label: str) -> None:
    tab_to(page, f"el => el.tagName === 'BUTTON' && el.textContent.includes('{label}')", LIMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_link(page, text: str) -> None:
    tab_to(
        page, f"el => el.tagName === 'A' && el.textContent.trim().startsWith({json.dumps(text)})"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in(page, served, email: str, key: str) -> None:
    page.goto(f"{served.url}/partnerbereich/anmelden/")
    type_into(page, "id_username", email)
    type_into(page, "id_password", "Demo-Zugang-2026")
    press_button(page, "Weiter")
    type_into(page, "id_code", fresh_code(served, email, key))
    press_button(page, "Anmelden")
    assert urlsplit(page.url).path == "/partnerbereich/", f"{email} could not sign in"
