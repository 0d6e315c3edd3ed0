"""CACHE_URL: Redis for several app servers, one process's memory without it, a clear stop otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.caches import cache_settings, progress_cache_settings
from core.code_version import code_version

BASE_DIR = Path(settings.BASE_DIR)


def test_without_cache_url_each_process_keeps_its_own_memory_cache():
    chosen = cache_settings("", max_entries=500)
    assert chosen["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert chosen["OPTIONS"] == {"MAX_ENTRIES": 500}


@pytest.mark.parametrize("url", ["redis://cache.internal:6379/0", "rediss://:secret@cache.internal:6380/1"])
def test_a_redis_url_selects_djangos_own_redis_cache(url):
    chosen = cache_settings(url, max_entries=500, key_prefix="release-42")
    assert chosen["BACKEND"] == "config.cache_backends.ForgivingRedisCache"
    assert chosen["LOCATION"] == url
    assert chosen["KEY_PREFIX"] == "release-42"
    assert chosen["OPTIONS"]["socket_timeout"] > 0  # a dead Redis fails fast, never hangs a worker


def test_a_tasks_progress_is_kept_where_worker_and_web_both_read_it(tmp_path):
    """Never one process's memory: a file per key on this machine, or the shared Redis."""
    on_disk = progress_cache_settings("", folder=tmp_path)
    assert on_disk == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path),
    }
    shared = progress_cache_settings("redis://cache.internal:6379/0", folder=tmp_path)
    assert shared["BACKEND"] == "config.cache_backends.ForgivingRedisCache"
    assert shared["LOCATION"] == "redis://cache.internal:6379/0" and shared["KEY_PREFIX"] == "voortgang"


def test_redis_keys_start_with_the_code_version_unless_a_prefix_is_set():
    chosen = cache_settings("redis://localhost:6379/0", max_entries=500, base_dir=BASE_DIR)
    assert chosen["KEY_PREFIX"] == code_version(BASE_DIR) != ""


def test_the_code_version_changes_with_a_template(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>{{ plan.name }}</p>")
    before = code_version(tmp_path)
    assert code_version(tmp_path) == before
    template.write_text("<p>{{ plan.name }} ({{ plan.period }})</p>")
    assert code_version(tmp_path) != before


def test_the_code_version_changes_with_the_code_of_any_app_also_one_added_later(tmp_path):
    app = tmp_path / "drafting"
    app.mkdir()
    (app / "apps.py").write_text("")
    view = app / "views.py"
    view.write_text("SHOWN = 1")
    before = code_version(tmp_path)
    view.write_text("SHOWN = 2")
    assert code_version(tmp_path) != before


@pytest.mark.parametrize("url", ["memcached://cache:11211", "http://user:geheim@cache:6379", "cache:6379"])
def test_a_wrong_scheme_is_refused_without_showing_the_url(url):
    with pytest.raises(
        ImproperlyConfigured, match=r"CACHE_URL must start with redis:// or rediss://"
    ) as refused:
        cache_settings(url, max_entries=500)
    assert "geheim" not in str(refused.value)


def test_a_wrong_cache_url_stops_the_application_at_start():
    environment = {**os.environ, "CACHE_URL": "memcached://user:geheim@cache:11211", "SECRET_KEY": "x"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    started = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert started.returncode != 0
    assert "CACHE_URL must start with redis:// or rediss://" in started.stderr
    assert "geheim" not in started.stderr


def test_sessions_are_in_the_database_so_every_app_server_reads_them():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
