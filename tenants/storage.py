"""Uploaded files: each buurtsite's in a folder of its own under MEDIA_ROOT (its schema name)."""

from __future__ import annotations

from typing import Any

from django_tenants.files.storage import TenantFileSystemStorage


class BuurtsiteFileStorage(TenantFileSystemStorage):
    """django-tenants' storage, which forgets its cached media root when MEDIA_ROOT or
    MEDIA_URL change (for the tests' temporary folders), as Django's own storage does.

    django-tenants forgets them only when MULTITENANT_RELATIVE_MEDIA_ROOT changes, so a root
    first read under one MEDIA_ROOT would stay in use under the next one.
    """

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting in {"MEDIA_ROOT", "MEDIA_URL"}:
            self.__dict__.pop("relative_media_root", None)
            self.__dict__.pop("relative_media_url", None)
