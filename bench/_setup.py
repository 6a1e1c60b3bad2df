"""Shared start of the benchmark scripts: Django on the database DATABASE_URL names."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# The benches measure pages, not the second login factor.
os.environ.setdefault("GONGYI_TWO_FACTOR_ROLES", "")

import django

django.setup()
