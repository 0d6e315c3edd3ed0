"""Test settings: the normal settings with a fixed key, fast hashing and plain static storage."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = False  # the test server speaks HTTP
SECURE_HSTS_SECONDS = 0
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Stored outputs in a folder of this test run, removed at its end.
_RUN_FOLDER = Path(tempfile.mkdtemp(prefix="plan-test-"))
atexit.register(shutil.rmtree, _RUN_FOLDER, ignore_errors=True)
OUTPUT_ROOT = Path(os.environ.get("OUTPUT_ROOT") or _RUN_FOLDER / "uitvoer")  # a worker process: its test's
STORAGES["outputs"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": OUTPUT_ROOT},
}
# Uploads are parsed in the test's own process; tests/uploads/test_confined.py turns the child on.
PARSE_APART = False
# Tasks run at once, in the test's thread (after its commit: ``django_capture_on_commit_callbacks``);
# tests/core/test_task_worker.py runs them through a real worker process on each database.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}

# pytest-xdist: each worker has a database of its own (pytest-django) and, on Redis, a Redis database
# of its own, since a test empties the whole cache.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_CACHE = CACHES["default"]  # noqa: F405
# A test's tasks run in its own thread: the progress they report stays in its memory.
CACHES["progress"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "voortgang"}  # noqa: F405
if _WORKER and _CACHE["BACKEND"].endswith("RedisCache"):  # Django's, or ours forgiving
    _CACHE["LOCATION"] = urlsplit(_CACHE["LOCATION"])._replace(path=f"/{int(_WORKER[2:]) + 1}").geturl()
