"""The base of every record that is kept: a version raised on every save, and saves only through
the one write path (``core/changes.py``)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

_writing = ContextVar("write_path", default=False)


@contextmanager
def write_path():
    """Open only by ``core/changes.py``, around the saves it has prepared."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


class WriteOutsideChanges(RuntimeError):
    """A kept record was saved without ``core/changes.py``: no version, sort key or history
    reason would be set. Call ``changes.save`` (or ``create_many``/``update_many``) instead."""


class Versioned(models.Model):
    """A number raised on every save (by ``core/changes.py``), so an edit made on an outdated copy
    can be refused. Not in history, so reverting a version never restores an old number."""

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not _writing.get():
            raise WriteOutsideChanges(f"{type(self).__name__} saved outside core.changes")
        super().save(*args, **kwargs)

    # Uniqueness is checked as the database holds it, over the whole installation (a name unique per
    # organisation has the organisation in its constraint): in an organisation's scope the check would
    # miss another organisation's row, and the save would fail in the database instead of saying why.
    def validate_unique(self, exclude=None) -> None:
        with scopes_disabled():
            super().validate_unique(exclude)

    def validate_constraints(self, exclude=None) -> None:
        with scopes_disabled():
            super().validate_constraints(exclude)
