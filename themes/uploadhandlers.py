"""Stop reading an upload as soon as it passes its limit, instead of after storing all of it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class UploadLimitHandler(FileUploadHandler):
    """Skips a file once it grows past the limit of its field; the form then says so.

    Runs first among the handlers; what it lets through goes on to Django's own handlers.
    """

    def __init__(self, request: HttpRequest, limits: Mapping[str, int]) -> None:
        super().__init__(request)
        self.limits = limits
        self.too_large: set[str] = set()
        self._limit: int | None = None
        self._received = 0

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        self._limit = self.limits.get(field_name)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._limit is not None and self._received > self._limit:
            self.too_large.add(self.field_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
