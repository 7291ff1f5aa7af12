"""Reads for moderation: the queue, one report, the audit trail, a member's history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from moderation.models import Decision, Report


def open_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("reporter", "target_author")
        .order_by("created_at", "id")
    )


def recent_closed_reports(limit: int = 20) -> QuerySet[Report]:
    return (
        Report.objects.exclude(status=Report.Status.OPEN)
        .select_related("reporter", "target_author", "handled_by")
        .order_by("-handled_at", "-id")[:limit]
    )


def reports_about_same(report: Report) -> QuerySet[Report]:
    return (
        Report.objects.filter(kind=report.kind, object_id=report.object_id)
        .exclude(pk=report.pk)
        .select_related("reporter")
        .order_by("created_at")
    )


def audit_trail() -> QuerySet[Decision]:
    return Decision.objects.select_related("moderator", "member", "report").order_by(
        "-created_at", "-id"
    )


def decisions_about(member: User) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(member=member)
        .select_related("moderator")
        .order_by("-created_at", "-id")
    )


def moderation_data(member: User) -> dict[str, Any]:
    """moderation's part of the data export: reports made, decisions about the member."""
    return {
        "reports_made": [
            {
                "kind": report.kind,
                "content_id": report.object_id,
                "reason": report.reason,
                "explanation": report.explanation,
                "status": report.status,
                "reported": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=member).order_by("created_at")
        ],
        "decisions_about_me": [
            {
                "action": decision.action,
                "kind": decision.kind,
                "content_id": decision.object_id,
                "reason": decision.reason,
                "when": decision.created_at.isoformat(),
            }
            for decision in Decision.objects.filter(member=member).order_by("created_at")
        ],
    }
