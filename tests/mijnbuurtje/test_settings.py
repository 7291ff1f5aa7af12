"""Production mode refuses unsafe configuration and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAFE_PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "z" * 20,
    "DJANGO_ALLOWED_HOSTS": "mijnbuurtje.nl,.mijnbuurtje.nl",
    "PLATFORM_DOMAIN": "mijnbuurtje.nl",
}


def _manage(*args: str, given: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py with exactly the DJANGO_/PLATFORM_ variables in `given`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PLATFORM_", "SENTRY_"))
    }
    environment.update(given)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_safe_production_settings_pass_the_deployment_checks() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", given=SAFE_PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"PLATFORM_DOMAIN": None}, "PLATFORM_DOMAIN must be set"),
    ],
)
def test_production_refuses_unsafe_settings(change: dict[str, str | None], complaint: str) -> None:
    given = {**SAFE_PRODUCTION, **change}
    result = _manage("check", given={k: v for k, v in given.items() if v is not None})

    assert result.returncode != 0
    assert "Unsafe production settings" in result.stderr
    assert complaint in result.stderr


def test_development_starts_with_no_configuration_at_all() -> None:
    result = _manage("check", given={"DJANGO_ENV": "development"})

    assert result.returncode == 0, result.stderr


def test_gunicorn_loads_the_production_configuration() -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PLATFORM_", "SENTRY_"))
    }
    environment.update(SAFE_PRODUCTION)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "infra" / "gunicorn.conf.py"),
            "--check-config",
            "mijnbuurtje.wsgi:application",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
