"""Safe defaults: debug only on request, no secret key in the code, SITE_URL required."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOW = "import config.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECRET_KEY)"


def settings_with(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_asked_for_and_then_site_url_is_required(tmp_path):
    result = settings_with({"DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")})
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_without_a_secret_key_one_is_generated_once_and_kept_private(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    env = {"SITE_URL": "https://portal.example.org", "DJANGO_SECRET_KEY_FILE": str(key_file)}
    first = settings_with(env)
    assert first.returncode == 0, first.stderr
    debug, ssl_redirect, key = first.stdout.split()
    assert (debug, ssl_redirect) == ("False", "True")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key == key_file.read_text().strip() and len(key) >= 50
    assert settings_with(env).stdout.split()[2] == key  # the same key in every process


def test_a_given_secret_key_is_used_and_no_file_is_written(tmp_path):
    key_file = tmp_path / "secret_key"
    env = {
        "SITE_URL": "https://portal.example.org",
        "DJANGO_SECRET_KEY": "k" * 60,
        "DJANGO_SECRET_KEY_FILE": str(key_file),
    }
    result = settings_with(env)
    assert result.stdout.split()[2] == "k" * 60
    assert not key_file.exists()


def test_an_unusable_secret_key_file_is_refused(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("short")
    key_file.chmod(0o600)
    result = settings_with(
        {"SITE_URL": "https://x.example.org", "DJANGO_SECRET_KEY_FILE": str(key_file)}
    )
    assert result.returncode != 0
    assert "no usable secret key" in result.stderr


def test_malformed_values_stop_the_start_with_a_clear_message(tmp_path):
    key = {"DJANGO_SECRET_KEY_FILE": str(tmp_path / "key")}
    result = settings_with({**key, "DJANGO_DEBUG": "maybe"})
    assert "DJANGO_DEBUG must be true or false, not 'maybe'" in result.stderr
    result = settings_with({**key, "SITE_URL": "portal.example.org"})
    assert "SITE_URL must start with http:// or https://" in result.stderr


def test_no_secret_key_is_written_in_the_code():
    settings_file = (ROOT / "config" / "settings.py").read_text()
    assert "insecure" not in settings_file
    assert "SECRET_KEY = secret_key()" in settings_file


def test_a_secret_key_file_others_can_read_is_refused(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 60)
    key_file.chmod(0o644)
    result = settings_with(
        {"SITE_URL": "https://x.example.org", "DJANGO_SECRET_KEY_FILE": str(key_file)}
    )
    assert result.returncode != 0
    assert "can be read by other users" in result.stderr


def test_an_outbox_without_pauses_is_refused(tmp_path):
    env = {"DJANGO_SECRET_KEY_FILE": str(tmp_path / "key"), "DJANGO_DEBUG": "true"}
    result = settings_with({**env, "OUTBOX_BACKOFF_MAX_MINUTES": "0"})
    assert "OUTBOX_BACKOFF_MAX_MINUTES must be at least 1, not 0" in result.stderr
