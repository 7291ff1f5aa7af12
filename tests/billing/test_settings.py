"""Production refuses a Stripe key without a webhook secret, and a test key unless allowed."""

from __future__ import annotations

import pytest

from tests.mijnbuurtje.test_settings import SAFE_PRODUCTION, _manage

LIVE_KEY = "sk_live_" + "x" * 24
TEST_KEY = "sk_test_" + "x" * 24


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ({"STRIPE_SECRET_KEY": LIVE_KEY}, "STRIPE_WEBHOOK_SECRET must be set"),
        (
            {"STRIPE_SECRET_KEY": TEST_KEY, "STRIPE_WEBHOOK_SECRET": "whsec_x"},
            "STRIPE_SECRET_KEY is a test key",
        ),
    ],
)
def test_production_refuses_unsafe_stripe_settings(given: dict[str, str], complaint: str) -> None:
    result = _manage("check", given={**SAFE_PRODUCTION, **given})

    assert result.returncode != 0
    assert complaint in result.stderr


@pytest.mark.parametrize(
    "given",
    [
        {"STRIPE_SECRET_KEY": LIVE_KEY, "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        {
            "STRIPE_SECRET_KEY": TEST_KEY,
            "STRIPE_WEBHOOK_SECRET": "whsec_x",
            "STRIPE_ALLOW_TEST_KEY": "true",
        },
        {},
    ],
    ids=["live", "staging-with-test-key", "no-stripe"],
)
def test_production_starts_with_safe_stripe_settings(given: dict[str, str]) -> None:
    result = _manage("check", given={**SAFE_PRODUCTION, **given})

    assert result.returncode == 0, result.stderr
