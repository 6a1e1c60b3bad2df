"""A small limit on how often one address (or one email) may use a public form: the
organisation registration and the password reset. Counted in the database (one row per
form, address and window: ``FormAttempts``), which every worker process of every server
shares, one attempt at a time; the windows are fixed (whole hours for an hour's limit),
and a window's row goes once the window is over."""

import hashlib
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import FormAttempts


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind our nginx (``DJANGO_BEHIND_PROXY``) it is the last
    entry of X-Forwarded-For, which nginx appends itself; anything before it was sent by
    the client and is not trusted. django-axes asks this too (``AXES_CLIENT_IP_CALLABLE``),
    so the login lock and these limits see the same address."""
    if settings.BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


def allow(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one more attempt of ``scope`` by ``key``; False once ``limit`` attempts were
    made in the window. The key is hashed: an email address is never stored."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
    now = timezone.now().timestamp()
    window_start = datetime.fromtimestamp(now - now % window_seconds, tz=UTC)
    FormAttempts.objects.filter(scope=scope, window_start__lt=window_start).delete()  # over
    row = FormAttempts.objects.filter(scope=scope, digest=digest, window_start=window_start)
    with transaction.atomic():
        FormAttempts.objects.get_or_create(scope=scope, digest=digest, window_start=window_start)
        # One statement: attempts through other processes wait for this one, none is lost.
        row.update(count=F("count") + 1)
        count = row.values_list("count", flat=True).get()
    return count <= limit
