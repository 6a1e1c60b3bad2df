"""A small limit on how often one address (or one email) may use a public form: the
organisation registration and the password reset. Counted in Django's cache (files that
every process of the machine shares, or Redis shared by several servers when
``GONGYI_CACHE_URL`` is set), in a fixed window that starts at the first attempt."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
    made in the window. The key is hashed: an email address never lands in the cache."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
    cache_key = f"throttle:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
