from django.db import models
from django.utils.translation import gettext_lazy as _


class FormAttempts(models.Model):
    """How often one address (or one email, hashed) used a public form in one window
    (``accounts.throttle``). In the database, so every process of every server counts
    into the same row, one attempt at a time."""

    scope = models.CharField(_("form"), max_length=40)
    digest = models.CharField(_("hashed address"), max_length=64)
    window_start = models.DateTimeField(_("window from"))
    count = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("public form attempts")
        verbose_name_plural = _("public form attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "digest", "window_start"],
                name="form_attempts_one_row_per_window",
                violation_error_message=_(
                    "The attempts of this address at this form are already counted for this hour."
                ),
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="form_attempts_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} ×{self.count}"
