"""Request middleware of the platform's own."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import check_for_language

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language with the switch.

    Django's own middleware follows the browser's Accept-Language header; a bureau's
    staff should see the same Chinese pages whatever their browser was set to, so only
    the language cookie written by the switch counts.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not (chosen and chosen in dict(settings.LANGUAGES) and check_for_language(chosen)):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseRefusalMiddleware:
    """The last guard: a database refusal that no form or use case caught (a uniqueness
    race nobody foresaw, a value out of a column's range) becomes a calm page that says
    nothing was saved, instead of a server error. Each one is logged as the bug it is:
    the forms and use cases should have refused first, with the user's typing kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, IntegrityError):
            status = 409
        elif isinstance(exception, DataError):
            status = 400
        else:
            return None
        logger.error("Database refusal on %s", request.path, exc_info=exception)
        return render(request, "database_refusal.html", {"conflict": status == 409}, status=status)
