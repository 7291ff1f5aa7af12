"""The Django project package: settings, URL configurations, entry points and the Celery app."""

from mijnbuurtje.celery import app as celery_app

__all__ = ["celery_app"]
