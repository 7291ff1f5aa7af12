"""E-mail to members, sent from background tasks inside the buurtsite's schema."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation


def buurtsite_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return str(getattr(tenant, "name", "Mijnbuurtje"))


def absolute_url(path: str) -> str:
    """A link to `path` on the active buurtsite's primary host."""
    tenant = getattr(connection, "tenant", None)
    domain = tenant.get_primary_domain() if tenant is not None else None
    host = domain.domain if domain is not None else settings.PLATFORM_DOMAIN
    port = f":{settings.EMAIL_LINK_PORT}" if settings.EMAIL_LINK_PORT else ""
    return f"{settings.EMAIL_LINK_SCHEME}://{host}{port}{path}"


def send_member_email(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    """Plain-text e-mail in Dutch, the buurtsite's language, rendered from `template`."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"buurtsite_name": buurtsite_name(), "site_url": absolute_url("/"), **context}
        )
        send_mail(
            subject=f"{subject} – {buurtsite_name()}",
            message=body,
            from_email=None,
            recipient_list=[to],
        )
