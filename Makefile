# The two commands: `make run` and `make test`. Both work on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check-deploy test-sqlite test-postgres test-redis install lint check demo messages clean bench bench-postgres loadtest loadtest-cluster backup restore lighthouse loadtest-citizens

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# A local run's own secret key, made once (var/ is not in git): sessions survive a restart.
LOCAL_SECRET_KEY := var/local-secret-key
$(LOCAL_SECRET_KEY):
	@mkdir -p $(dir $@)
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

## run: install, migrate, load the demo and serve it on http://127.0.0.1:8000 as in production
##      (DEBUG off: the product's own 404/500 pages, static files collected and served by whitenoise),
##      with two task workers beside gunicorn, one per queue (Ctrl-C stops all three),
##      over plain HTTP on this machine only. `DEBUG=1 make run`: Django's runserver with DEBUG on.
##      The links in its e-mails start with SITE_URL: http://$(HOST):$(PORT) unless set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
ifneq ($(filter 1 true yes on,$(DEBUG)),)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with a demo user above (DEBUG on)."
	DEBUG=1 scripts/with_worker.sh $(BIN)/python $(BIN)/python manage.py runserver $(HOST):$(PORT)
else
run: export DEBUG = 0
run: export SECURE_COOKIES = 0
run: install $(LOCAL_SECRET_KEY)
	SECRET_KEY=$$(cat $(LOCAL_SECRET_KEY)) $(BIN)/python manage.py migrate --noinput
	SECRET_KEY=$$(cat $(LOCAL_SECRET_KEY)) $(BIN)/python manage.py load_demo
	SECRET_KEY=$$(cat $(LOCAL_SECRET_KEY)) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Open http://$(HOST):$(PORT)/ and log in with a demo user above."
	SECRET_KEY=$$(cat $(LOCAL_SECRET_KEY)) scripts/with_worker.sh $(BIN)/python \
		$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -
endif

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo

## test: every test on SQLite, then again on a throwaway PostgreSQL cluster (with the browser journeys
##       and the page walks, which run once), then the cache tests on a throwaway Redis; on both cores (pytest-xdist).
##       With REQUIRE_SERVICES=1 (CI) a missing Chromium, LibreOffice, pdftotext, PostgreSQL server or
##       redis-server fails the run and names it; without it, those tests are skipped with a NOTE.
test: install test-sqlite test-postgres test-redis

# pytest-xdist workers: one database (and one Redis database) per worker.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --durations=20
HAVE_POSTGRES := $(shell scripts/postgres_bindir.sh >/dev/null 2>&1 && echo yes)
REQUIRED := $(filter 1 true yes on,$(REQUIRE_SERVICES))

## check-deploy: Django's deployment checks with production settings (DEBUG off, HTTPS), warnings fail
check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=plan.example.be SITE_URL=https://plan.example.be $(BIN)/python manage.py check --deploy --fail-level WARNING

# The browser journeys and the walks of every page per role run once: on PostgreSQL, the production
# database; on SQLite only where this machine has no PostgreSQL server.
test-sqlite: install
	@echo "== Tests on SQLite =="
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null 2>&1 || echo "NOTE: WeasyPrint (the verslag's PDF) needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
	$(PYTEST) $(if $(HAVE_POSTGRES),-m "not browser and not walk")

test-postgres: install
	@echo "== Tests on PostgreSQL =="
	@scripts/with_postgres.sh $(PYTEST); rc=$$?; \
	if [ $$rc -eq 3 ] && [ -n "$(REQUIRED)" ]; then echo "FAILED: REQUIRE_SERVICES is set and this machine has no PostgreSQL server (apt-get install postgresql)."; exit 1; \
	elif [ $$rc -eq 3 ]; then echo "NOTE: PostgreSQL tests SKIPPED: no PostgreSQL server binaries on this machine (apt-get install postgresql)."; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

# The tests marked redis, and the pages that cache (overview, dashboard, status rows), on Redis.
REDIS_TESTS := tests/caching tests/plans/test_pages.py tests/reporting/test_dashboard.py \
	tests/indicators/test_dashboard_overview_search.py

test-redis: install
	@echo "== Cache tests on Redis =="
	@scripts/with_redis.sh $(PYTEST) $(REDIS_TESTS); rc=$$?; \
	if [ $$rc -eq 3 ] && [ -n "$(REQUIRED)" ]; then echo "FAILED: REQUIRE_SERVICES is set and this machine has no redis-server (apt-get install redis-server)."; exit 1; \
	elif [ $$rc -eq 3 ]; then echo "NOTE: Redis tests SKIPPED: no redis-server on this machine (apt-get install redis-server)."; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

## lint: ruff and the migrations check
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint $(BIN)/python manage.py makemigrations --check --dry-run

check: lint test

## messages: recompile the Dutch translations of library strings (locale/)
messages: install
	cd locale && for po in */LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po"; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

## bench: build a large plan in a scratch database and print the measurements (not a test)
bench: install
	$(BIN)/python bench/run.py

## lighthouse: Lighthouse 12 (pinned: tools/lighthouse/package-lock.json) in Debian's Chromium on every public
##             page template, the demo's (accessibility) and the big plan's (performance too), served as
##             `make run` serves them (docs/lighthouse/: the table and the reports; about 15 minutes)
LIGHTHOUSE_DIR := tools/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "Lighthouse needs Node.js and npm: apt-get install -y nodejs npm"; exit 3; }
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: install $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	@command -v $${CHROME_PATH:-chromium} >/dev/null || { echo "Lighthouse runs in Debian's Chromium: apt-get install -y chromium"; exit 3; }
	CHROME_PATH=$${CHROME_PATH:-$$(command -v chromium)} $(BIN)/python scripts/lighthouse.py

## backup: a backup of the configured database (pg_dump, or SQLite's online backup) into backups/
backup: install
	$(BIN)/python manage.py backup_database $(if $(FILE),$(FILE),)

## restore: replace the configured database by a backup: make restore FILE=backups/plan-….backup
restore: install
	@test -n "$(FILE)" || { echo "Give the backup: make restore FILE=backups/plan-….backup"; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)"

## loadtest: the big plan on PostgreSQL behind gunicorn under locust: the saturation and realistic profiles (load/last.md), then the realistic profile beside the citizens (load/last-citizens.md); LOAD_PROFILES= picks some
loadtest: install
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	scripts/with_postgres.sh $(BIN)/python load/run.py

## loadtest-citizens: the realistic profile alone, then beside 300 anonymous citizens reading the public site
##                    and the API, on the same big plan (load/last-citizens.md; about 10 minutes)
loadtest-citizens: install
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	LOAD_PROFILES=realistic,citizens scripts/with_postgres.sh $(BIN)/python load/run.py

## loadtest-cluster: 300 organisations on two gunicorn app servers, one PostgreSQL, one Redis (load/last-cluster.md)
loadtest-cluster: install
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	@command -v redis-server >/dev/null || { echo "SKIPPED: no redis-server (apt-get install -y redis-server); the cluster run did not happen."; exit 3; }
	nice scripts/with_postgres.sh $(BIN)/python load/cluster.py

## bench-postgres: the same on a throwaway PostgreSQL cluster (bench/last-postgresql.md)
bench-postgres: install
	scripts/with_postgres.sh $(BIN)/python bench/run.py
