"""A person's own notifications: the list, opening one (marked read), the email switches.
Nobody sees another's: someone else's notification is a 404."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import services
from notifications.kinds import Kind, kinds_for
from notifications.models import EmailOptOut, Notification

PER_PAGE = 20


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": Notification.objects.filter(user=request.user).unread().count()},
    )


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


class EmailSettingsForm(forms.Form):
    emailed = forms.MultipleChoiceField(
        label=gettext_lazy("Send me an email for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kinds: list[Kind], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emailed"].choices = [(kind.value, kind.label) for kind in kinds]


@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    kinds = kinds_for(user.roles) or list(Kind)
    muted = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    initial = {"emailed": [kind.value for kind in kinds if kind.value not in muted]}
    data = request.POST if request.method == "POST" else None
    form = EmailSettingsForm(data, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_email_kinds(
            user=user, emailed=form.cleaned_data["emailed"], offered=[k.value for k in kinds]
        )
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(user.email)},
        status=400 if request.method == "POST" else 200,
    )
