"""Beheer holds no task queue: the library's admin pages for it are in English and the queue is the
operators' (its failures are in the worker's log, docs/operations.md)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)
