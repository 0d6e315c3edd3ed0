"""Test settings: the normal settings with a fixed key, fast hashing and plain static storage."""

import os

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
