"""Reporting content and the buurtverbinder's decisions. Every decision is kept (Decision)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members import actions as member_actions
from members.models import NoticeKind
from moderation import registry
from moderation.models import ContentState, Decision, Report

logger = logging.getLogger(__name__)

EXCERPT_LENGTH = 1000
CONTENT_DECISIONS: dict[str, str] = {
    Decision.Action.HIDE: ContentState.HIDDEN,
    Decision.Action.RESTORE: ContentState.VISIBLE,
    Decision.Action.REMOVE: ContentState.REMOVED,
}


class NotReportable(Exception):
    """The content does not exist, or this member cannot see it."""


@transaction.atomic
def report_content(
    *, kind: str, object_id: int, reason: str, explanation: str = "", acting_user: User
) -> Report:
    """A member reports something. A second report of the same by the same member while the
    first is open changes nothing."""
    moderatable = registry.get(kind)
    target = moderatable.get(object_id) if moderatable else None
    if moderatable is None or target is None or not moderatable.visible_to(acting_user, target):
        raise NotReportable(kind)
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})

    existing = Report.objects.filter(
        kind=kind, object_id=object_id, reporter=acting_user, status=Report.Status.OPEN
    ).first()
    if existing is not None:
        return existing
    author = moderatable.author(target)
    report = Report.objects.create(
        reporter=acting_user,
        kind=kind,
        object_id=object_id,
        target_author=author,
        snapshot=moderatable.excerpt(target)[:EXCERPT_LENGTH],
        reason=reason,
        explanation=explanation.strip(),
    )
    logger.info(
        "Content reported",
        extra={"report_id": report.pk, "kind": kind, "object_id": object_id},
    )
    return report


@transaction.atomic
def decide_on_report(report: Report, *, action: str, reason: str, acting_user: User) -> Decision:
    """Hide, remove or leave the reported content; every open report about it is closed.

    The author is told what happened and why; the members who reported it hear it was handled.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise ValidationError(_("This report has been handled already."))
    if action not in {Decision.Action.HIDE, Decision.Action.REMOVE, Decision.Action.DISMISS}:
        raise ValidationError({"action": _("Choose what you want to do.")})
    reason = reason.strip()
    if action != Decision.Action.DISMISS and not reason:
        raise ValidationError({"reason": _("Write down why: the author will read this.")})

    moderatable = registry.get(report.kind)
    target = moderatable.get(report.object_id) if moderatable else None
    if action in CONTENT_DECISIONS and moderatable is not None and target is not None:
        moderatable.set_state(target, CONTENT_DECISIONS[action], acting_user)

    decision = Decision.objects.create(
        moderator=acting_user,
        action=action,
        kind=report.kind,
        object_id=report.object_id,
        member=report.target_author,
        report=report,
        reason=reason,
    )
    same_target = Report.objects.select_for_update(of=("self",)).filter(
        kind=report.kind, object_id=report.object_id, status=Report.Status.OPEN
    )
    reporters = [r.reporter for r in same_target.select_related("reporter") if r.reporter]
    status = Report.Status.DISMISSED if action == Decision.Action.DISMISS else Report.Status.HANDLED
    same_target.update(status=status, handled_at=timezone.now(), handled_by=acting_user)

    if action != Decision.Action.DISMISS and report.target_author is not None:
        _tell_author(report.target_author, action=action, label=moderatable, reason=reason)
    for reporter in {r.pk: r for r in reporters}.values():
        member_actions.notify(
            reporter,
            kind=NoticeKind.MODERATION,
            title=_("Thank you: the buurtverbinder has looked at what you reported"),
            email=False,
        )
    _log(decision)
    return decision


@transaction.atomic
def restore_content(*, kind: str, object_id: int, reason: str, acting_user: User) -> Decision:
    """Show hidden content again (removed content is gone for good)."""
    moderatable = registry.get(kind)
    target = moderatable.get(object_id) if moderatable else None
    if moderatable is None or target is None:
        raise ValidationError(_("This content no longer exists."))
    if moderatable.state(target) != ContentState.HIDDEN:
        raise ValidationError(_("Only hidden content can be shown again."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why: the author will read this.")})
    moderatable.set_state(target, ContentState.VISIBLE, acting_user)
    author = moderatable.author(target)
    decision = Decision.objects.create(
        moderator=acting_user,
        action=Decision.Action.RESTORE,
        kind=kind,
        object_id=object_id,
        member=author,
        reason=reason,
    )
    if author is not None:
        _tell_author(author, action=Decision.Action.RESTORE, label=moderatable, reason=reason)
    _log(decision)
    return decision


def _tell_author(
    author: User, *, action: str, label: registry.Moderatable | None, reason: str
) -> None:
    what = str(label.label) if label is not None else _("content")
    titles: dict[str, str] = {
        Decision.Action.HIDE: _("The buurtverbinder has hidden your %(what)s"),
        Decision.Action.REMOVE: _("The buurtverbinder has removed your %(what)s"),
        Decision.Action.RESTORE: _("The buurtverbinder shows your %(what)s again"),
    }
    member_actions.notify(
        author,
        kind=NoticeKind.MODERATION,
        title=titles[action] % {"what": what},
        body=_("Reason: %(reason)s") % {"reason": reason},
        url="/meldingen/",
    )


@transaction.atomic
def warn_member(member: User, *, reason: str, acting_user: User) -> Decision:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why: the member will read this.")})
    if member.pk == acting_user.pk:
        raise ValidationError(_("You cannot warn yourself."))
    decision = Decision.objects.create(
        moderator=acting_user, action=Decision.Action.WARN, member=member, reason=reason
    )
    member_actions.notify(
        member,
        kind=NoticeKind.MODERATION,
        title=_("A warning from the buurtverbinder"),
        body=reason,
        url="/huisregels/",
    )
    _log(decision)
    return decision


@transaction.atomic
def block_member(member: User, *, reason: str, acting_user: User) -> Decision:
    """The member can no longer sign in, and hears why by e-mail (they cannot read notices)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why: the member will read this.")})
    member_actions.block_member(member, acting_user=acting_user)
    decision = Decision.objects.create(
        moderator=acting_user, action=Decision.Action.BLOCK, member=member, reason=reason
    )
    from moderation.tasks import email_block_decision

    email_block_decision.delay_on_commit(decision.pk)
    _log(decision)
    return decision


@transaction.atomic
def unblock_member(member: User, *, reason: str, acting_user: User) -> Decision:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why.")})
    member_actions.unblock_member(member, acting_user=acting_user)
    decision = Decision.objects.create(
        moderator=acting_user, action=Decision.Action.UNBLOCK, member=member, reason=reason
    )
    member_actions.notify(
        member,
        kind=NoticeKind.MODERATION,
        title=_("You can use the buurtsite again"),
        body=reason,
        url="/",
    )
    _log(decision)
    return decision


def _log(decision: Decision) -> None:
    logger.info(
        "Moderation decision",
        extra={
            "decision_id": decision.pk,
            "action": decision.action,
            "kind": decision.kind,
            "object_id": decision.object_id,
            "member_id": decision.member_id,
            "moderator_id": decision.moderator_id,
        },
    )


def erase_moderation_data(member: User) -> None:
    """Leaving: reports keep existing for the record, without the member's own words."""
    Report.objects.filter(reporter=member).update(reporter=None, explanation="")
    Report.objects.filter(target_author=member).update(target_author=None, snapshot="")
    Decision.objects.filter(member=member).update(member=None)
