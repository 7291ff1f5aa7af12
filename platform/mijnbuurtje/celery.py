"""The Celery app. Tasks run in the schema of the buurtsite that enqueued them."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mijnbuurtje.settings")

app = CeleryApp("mijnbuurtje")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
