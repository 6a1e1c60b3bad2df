"""Request middleware of the platform's own."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language


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
