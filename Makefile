# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Apache ECharts (the 需求响应 chart) from the npm registry, copied into our static files and
# committed, so the product runs offline and never loads a script from a CDN. The file is
# made only when missing; `make vendor` fetches the pinned version again and checks it.
ECHARTS_VERSION := 6.1.0
ECHARTS_SHA256 := b66b25aeb4df84e33199dc21694014d336d222cbd9deb0e5a7c14bd6aa0d0fd0
ECHARTS := static/vendor/echarts/echarts.min.js

# Debian packages: a CJK font and Pango (WeasyPrint) for PDFs; Chromium for browser tests.
RUN_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium

.PHONY: install run serve backup test test-multiserver lint format check-migrations typecheck messages system-run system-test vendor

install: $(INSTALLED) system-run $(ECHARTS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

$(ECHARTS):
	@command -v npm >/dev/null || { echo "npm is needed to vendor ECharts: sudo apt-get install npm"; exit 1; }
	rm -rf .vendor-tmp && mkdir -p .vendor-tmp $(@D)
	cd .vendor-tmp && npm pack --silent echarts@$(ECHARTS_VERSION) >/dev/null
	tar -xzf .vendor-tmp/echarts-$(ECHARTS_VERSION).tgz -C .vendor-tmp package/dist/echarts.min.js package/LICENSE
	echo "$(ECHARTS_SHA256)  .vendor-tmp/package/dist/echarts.min.js" | sha256sum -c --quiet
	cp .vendor-tmp/package/dist/echarts.min.js $@
	cp .vendor-tmp/package/LICENSE $(@D)/LICENSE
	rm -rf .vendor-tmp

vendor:
	rm -f $(ECHARTS)
	$(MAKE) $(ECHARTS)

system-run:
	@PACKAGES="$(RUN_PACKAGES)" sh .ci/system-packages.sh

system-test:
	@PACKAGES="$(TEST_PACKAGES)" sh .ci/system-packages.sh

# The demo accounts have no authenticator app, so `make run` asks nobody for a second
# factor (GONGYI_TWO_FACTOR_ROLES empty; setting it up stays open on 账户安全). To try it:
# `GONGYI_TWO_FACTOR_ROLES=admin,officer,finance make run`. Production keeps the default.
run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py seed_demo
	@echo "Background worker and web server: http://$(HOST):$(PORT) (Ctrl-C stops both)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	GONGYI_TWO_FACTOR_ROLES=$${GONGYI_TWO_FACTOR_ROLES-} \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production stack on one machine, as the README's "Deploying on a government server"
# describes: DJANGO_DEBUG=0, the deploy check, migrations, collectstatic, then the task
# worker and gunicorn (config/gunicorn.py) together; Ctrl-C stops both. The values come
# from the environment, or from $(ENV_FILE) when it exists (KEY=value lines, no spaces).
ENV_FILE ?= .env
serve: install
	@set -a; [ ! -f "$(ENV_FILE)" ] || . "$(abspath $(ENV_FILE))"; set +a; \
	export DJANGO_DEBUG=0; \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	{ $(BIN)/python manage.py run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn -c config/gunicorn.py; }

# A backup of the database and the uploaded files (see `manage.py backup --help`).
backup: $(INSTALLED)
	@set -a; [ ! -f "$(ENV_FILE)" ] || . "$(abspath $(ENV_FILE))"; set +a; \
	$(BIN)/python manage.py backup

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(INSTALLED)
	$(BIN)/python manage.py makemigrations --check --dry-run

# mypy with django-stubs on the use cases and the policy and permission modules: the
# modules and the strictness are in pyproject.toml ([tool.mypy]).
typecheck: $(INSTALLED)
	$(BIN)/mypy

test: $(INSTALLED) system-test lint check-migrations typecheck
	$(BIN)/pytest

# Two gunicorn servers, Redis and an RQ worker on one PostgreSQL (DATABASE_URL): .ci/run
# runs it after `make test`; it needs redis-server and the PostgreSQL client tools.
test-multiserver: $(INSTALLED)
	$(BIN)/pytest -m multiserver tests/operations/test_multiserver.py

# Refresh the translation catalogue after changing user-facing text, then translate
# the new entries in locale/zh_Hans/LC_MESSAGES/django.po and run this again.
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "staticfiles/*" --ignore "var/*"
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"
