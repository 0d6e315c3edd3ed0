"""Settings of the cluster load run: the project's settings, with the cache shared through Redis
when CACHE_URL says redis://… (several app servers then share one cache)."""

import os

import dj_database_url

from config.settings import *  # noqa: F403

if os.environ.get("CACHE_URL", "").startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "config.cache_backends.ForgivingRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }

# The run's throwaway users log in with a cheap hash: 70 logins at once on two cores would
# otherwise hold the CPU for the whole ramp-up (make loadtest measures the real login).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Measured:
    """load/cluster.py's page medians: every query of the test client to the database named in
    ``alias``, so the same plan is asked alone and among many organisations in turn."""

    alias = "default"

    def db_for_read(self, model, **hints):
        return self.alias

    db_for_write = db_for_read

    def allow_relation(self, *args, **hints):
        return True


if os.environ.get("LOAD_SINGLE_DATABASE_URL"):
    DATABASES["single"] = dj_database_url.parse(os.environ["LOAD_SINGLE_DATABASE_URL"])  # noqa: F405
    DATABASE_ROUTERS = ["load.settings_cluster.Measured"]
