"""A buurtsite's life after provisioning: suspend, resume, archive, hold, export and delete.

Export works at the application level (every table of the schema as JSON, and its media files),
not with pg_dump, which reads the whole catalog and slows down with thousands of schemas.
Deleting needs an export first and the slug typed as confirmation; the registry keeps a
tombstone so the name and its history are never silently reused.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from provisioning import schemas
from provisioning.models import BuurtsiteExport
from tenants.actions import set_buurtsite_status
from tenants.models import Buurtsite, Domain

logger = logging.getLogger(__name__)

Status = Buurtsite.Status

# Which status may become which, by which action.
_ALLOWED = {
    "suspend": {Status.ACTIVE, Status.ARCHIVED},
    "resume": {Status.SUSPENDED},
    "archive": {Status.ACTIVE, Status.SUSPENDED},
    "hold": {Status.ACTIVE},
    "release": {Status.ON_HOLD},
}


def _change_status(buurtsite: Buurtsite, *, action: str, to: str) -> Buurtsite:
    buurtsite.refresh_from_db(fields=["status"])
    if buurtsite.status not in _ALLOWED[action]:
        raise ValidationError(
            _("A buurtsite that is %(status)s cannot be changed this way.")
            % {"status": buurtsite.get_status_display().lower()}
        )
    return set_buurtsite_status(buurtsite, status=to)


def suspend_buurtsite(buurtsite: Buurtsite) -> Buurtsite:
    """Closed for a while: visitors see a friendly notice; nothing is deleted."""
    return _change_status(buurtsite, action="suspend", to=Status.SUSPENDED)


def resume_buurtsite(buurtsite: Buurtsite) -> Buurtsite:
    return _change_status(buurtsite, action="resume", to=Status.ACTIVE)


def archive_buurtsite(buurtsite: Buurtsite) -> Buurtsite:
    """Read-only: everything stays readable, nothing can be added or changed."""
    return _change_status(buurtsite, action="archive", to=Status.ARCHIVED)


def hold_buurtsite_for_payment(buurtsite: Buurtsite) -> Buurtsite:
    """Unpaid past the grace period: read-only with a notice to members; nothing is deleted.

    Only an active buurtsite is put on hold: one an operator suspended or archived stays so.
    Returns the buurtsite unchanged when it is not active (billing's job may run twice).
    """
    buurtsite.refresh_from_db(fields=["status"])
    if buurtsite.status not in _ALLOWED["hold"]:
        return buurtsite
    return set_buurtsite_status(buurtsite, status=Status.ON_HOLD)


def release_payment_hold(buurtsite: Buurtsite) -> Buurtsite:
    """Paid: open again. A buurtsite that is not on hold is left as it is."""
    buurtsite.refresh_from_db(fields=["status"])
    if buurtsite.status not in _ALLOWED["release"]:
        return buurtsite
    return set_buurtsite_status(buurtsite, status=Status.ACTIVE)


def export_root() -> Path:
    return Path(settings.EXPORT_ROOT)


def export_buurtsite(buurtsite: Buurtsite) -> BuurtsiteExport:
    """Write one zip archive: every table of the schema as JSON, and the buurtsite's media."""
    if buurtsite.status == Status.DELETED:
        raise ValidationError(_("A deleted buurtsite cannot be exported."))
    started = timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        tables = _write_tables(archive, buurtsite)
        media_files = _write_media(archive, buurtsite)
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "buurtsite": buurtsite.name,
                    "slug": buurtsite.slug,
                    "schema": buurtsite.schema_name,
                    "municipality": buurtsite.municipality.cbs_code,
                    "exported_at": started.isoformat(),
                    "tables": tables,
                    "media_files": media_files,
                },
                indent=2,
                ensure_ascii=False,
            ),
        )
    data = buffer.getvalue()
    folder = export_root() / buurtsite.schema_name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{buurtsite.slug}-{started:%Y%m%d-%H%M%S}.zip"
    path.write_bytes(data)
    export = BuurtsiteExport.objects.create(
        buurtsite=buurtsite,
        path=str(path.relative_to(export_root())),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        table_count=len(tables),
    )
    logger.info(
        "Buurtsite exported",
        extra={"buurtsite_id": buurtsite.pk, "export_id": export.pk, "bytes": len(data)},
    )
    return export


def _write_tables(archive: zipfile.ZipFile, buurtsite: Buurtsite) -> dict[str, int]:
    """Every table in the buurtsite's schema, read with plain SQL: apps need not know exports."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [buurtsite.schema_name],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT row_to_json(t)::text FROM "{buurtsite.schema_name}"."{table}" t'  # noqa: S608
            )
            rows = [json.loads(row) for (row,) in cursor.fetchall()]
            archive.writestr(
                f"tables/{table}.json",
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            )
            counts[table] = len(rows)
    return counts


def _write_media(archive: zipfile.ZipFile, buurtsite: Buurtsite) -> int:
    media = Path(settings.MEDIA_ROOT) / buurtsite.schema_name
    count = 0
    if media.is_dir():
        for file in sorted(media.rglob("*")):
            if file.is_file() and not file.is_symlink():
                archive.write(file, f"media/{file.relative_to(media)}")
                count += 1
    return count


def delete_buurtsite(buurtsite: Buurtsite, *, confirmation: str) -> Buurtsite:
    """Drop the schema, release the domains, keep a tombstone. Needs an export and the slug."""
    if confirmation.strip() != buurtsite.slug:
        raise ValidationError(
            _("Type the short name %(slug)s exactly to confirm.") % {"slug": buurtsite.slug}
        )
    if not BuurtsiteExport.objects.filter(buurtsite=buurtsite).exists():
        raise ValidationError(_("Export the buurtsite first: deleting cannot be undone."))
    with transaction.atomic():
        buurtsite = Buurtsite.objects.select_for_update().get(pk=buurtsite.pk)
        if buurtsite.status == Status.DELETED:
            return buurtsite
        released = Domain.objects.filter(tenant=buurtsite).count()
        Domain.objects.filter(tenant=buurtsite).delete()
        schemas.drop_schema(buurtsite.schema_name)
        buurtsite.status = Status.DELETED
        buurtsite.deleted_at = timezone.now()
        buurtsite.save(update_fields=["status", "deleted_at"])
    _remove_media(buurtsite)
    logger.warning(
        "Buurtsite deleted",
        extra={"buurtsite_id": buurtsite.pk, "domains_released": released},
    )
    return buurtsite


def _remove_media(buurtsite: Buurtsite) -> None:
    import shutil

    media = Path(settings.MEDIA_ROOT) / buurtsite.schema_name
    if media.is_dir():
        shutil.rmtree(media)
