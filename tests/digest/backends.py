"""An e-mail backend for the crash test: it delivers like locmem, then fails as a worker that
dies halfway would, after `deliveries_before_crash` messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend


class WorkerCrashed(RuntimeError):
    pass


class CrashingBackend(EmailBackend):
    deliveries_before_crash: ClassVar[int] = 0
    delivered: ClassVar[int] = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if CrashingBackend.delivered >= CrashingBackend.deliveries_before_crash:
            raise WorkerCrashed("the worker died while sending")
        CrashingBackend.delivered += len(messages)
        return super().send_messages(messages)

    @classmethod
    def crash_after(cls, count: int, **_: Any) -> None:
        cls.deliveries_before_crash = count
        cls.delivered = 0
