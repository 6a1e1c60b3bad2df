"""Writing a proposal: create it, save a draft with who changed what, attach files."""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext as _

from accounts.models import SocialOrganisation, User
from grants import permissions
from grants.models import (
    Attachment,
    BudgetLine,
    Call,
    GuideItem,
    Indicator,
    Project,
    ProjectChange,
)
from grants.refusals import NotAvailable, Refused, refuse_invalid, refuse_invalid_values
from grants.transitions import lock
from grants.uploads import storage_token


@transaction.atomic
def start_proposal(
    *,
    call: Call,
    organisation: SocialOrganisation,
    title: str,
    by: User,
    guide_item: GuideItem | None = None,
) -> Project:
    """A draft in ``call`` for ``organisation``, answering ``guide_item`` if one is chosen:
    it serves the item's community when the item names one, else the organisation's own."""
    if not by.memberships.filter(organisation=organisation).exists():
        raise PermissionDenied
    refuse_invalid_values(Project, title=title)
    if guide_item is not None and guide_item.call_id != call.pk:
        raise Refused(
            [_("The guide item “%(item)s” belongs to another call.") % {"item": guide_item.title}]
        )
    community = organisation.home_community
    if guide_item is not None and guide_item.community is not None:
        community = guide_item.community
    project: Project = Project.objects.create(  # annotated: see [tool.mypy] in pyproject.toml
        call=call,
        organisation=organisation,
        community=community,
        guide_item=guide_item,
        title=title,
        created_by=by,
        contact_person=by.display_name,
        contact_phone=by.phone,
    )
    ProjectChange.objects.create(project=project, user=by, fields=["created"])
    return project


@transaction.atomic
def save_draft(
    *,
    form: "ModelForm[Project]",
    budget_formset: "BaseInlineFormSet[BudgetLine, Project, ModelForm[BudgetLine]]",
    by: User,
    indicator_formset: "BaseInlineFormSet[Indicator, Project, ModelForm[Indicator]] | None" = None,
) -> Project:
    """Save the proposal form, its budget lines and its indicators as they are; guards
    wait for submit."""
    # The state the form was shown in: a draft returned or submitted meanwhile is a change.
    locked = lock(form.instance, seen_state=form.instance.state)
    if not locked.is_editable:
        raise NotAvailable(locked)
    if not permissions.may_edit_proposal(locked, by):
        raise PermissionDenied
    changed = list(form.changed_data)
    if budget_formset.has_changed():
        changed.append("budget_lines")
    if indicator_formset is not None and indicator_formset.has_changed():
        changed.append("indicators")
    project = form.save()
    budget_formset.instance = project
    budget_formset.save()
    if indicator_formset is not None:
        indicator_formset.instance = project
        indicator_formset.save()
    if changed:
        ProjectChange.objects.create(project=project, user=by, fields=changed)
    return project


@transaction.atomic
def attach(*, project: Project, kind: str, upload: File, by: User) -> Attachment:
    """Store an already checked upload under a random name."""
    token = storage_token()
    name = upload.name or ""
    attachment = Attachment(
        project=project,
        kind=kind,
        original_name=PurePath(name).name[:200],
        extension=PurePath(name).suffix.lower(),
        storage_token=token,
        size=upload.size,
        uploaded_by=by,
    )
    refuse_invalid(attachment, exclude=["file"])
    attachment.file.save(name, upload, save=False)
    attachment.save()
    ProjectChange.objects.create(project=project, user=by, fields=[f"attachment:{kind}"])
    return attachment
