from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from grants import lifecycle, versions
from grants.models import BudgetCategory, BudgetLine

pytestmark = pytest.mark.django_db


def test_a_resubmission_is_a_new_frozen_version_and_the_change_is_shown(project, member, officer):
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.return_for_revision(
        project=project, by=officer, reason="细化指标", deadline=timezone.localdate() + timedelta(1)
    )
    project.goals = "每月探访2次，满意度90%以上"
    project.save()
    line = project.budget_lines.get(category=BudgetCategory.ACTIVITY)
    line.note = "含场地"
    line.save()
    lifecycle.submit_project(project=project, by=member)

    first, second = project.versions.order_by("number")
    assert first.content["fields"]["goals"] == "每月探访不少于2次，满意度不低于90%"  # frozen
    differences = {d.label: (d.before, d.after) for d in versions.compare(first, second)}
    assert set(differences) == {"目标与指标", "预算明细"}
    assert differences["目标与指标"] == (
        "每月探访不少于2次，满意度不低于90%",
        "每月探访2次，满意度90%以上",
    )
    assert "活动费 60,000.00（含场地）" in differences["预算明细"][1]


def test_editing_after_submission_never_changes_the_frozen_copy(project, member, officer):
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.return_for_revision(
        project=project, by=officer, reason="x", deadline=timezone.localdate() + timedelta(1)
    )
    BudgetLine.objects.filter(project=project).delete()
    project.title = "改了名字"
    project.save()
    version = project.versions.get()
    assert version.content["fields"]["title"] != "改了名字"
    assert len(version.content["budget_lines"]) == 3


def test_the_organisation_is_told_of_a_return_after_commit(
    project, member, officer, django_capture_on_commit_callbacks
):
    member.email = "writer@ngo.cn"
    member.save()
    lifecycle.submit_project(project=project, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.return_for_revision(
            project=project,
            by=officer,
            reason="预算说明不清",
            deadline=timezone.localdate() + timedelta(3),
        )
    assert [m.to for m in mail.outbox] == [["writer@ngo.cn"]]
    assert "预算说明不清" in mail.outbox[0].body
    assert "退回修改" in mail.outbox[0].body
