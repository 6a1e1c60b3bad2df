"""Adding experts from an Excel sheet (the template is ``template_workbook``).

The upload is checked and read by ``grants.sheets`` (size, zip bomb and XML bomb safety).
Each bad row is reported with its row number and reason; good rows are kept.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import User
from experts import services
from experts.models import Expert, ExpertField
from grants import sheets

HEADERS = ["用户名", "姓名", "工作单位", "职称", "专业领域（用顿号分隔）", "电话", "电子邮箱"]
FIELD_BY_LABEL = {
    "养老": ExpertField.ELDERLY,
    "青少年": ExpertField.YOUTH,
    "助残": ExpertField.DISABILITY,
    "济困": ExpertField.POVERTY,
    "社区治理": ExpertField.GOVERNANCE,
    "财务": ExpertField.FINANCE,
    "法律": ExpertField.LAW,
    "社工": ExpertField.SOCIAL_WORK,
}


def template_workbook() -> bytes:
    return sheets.template_workbook(
        title="专家",
        headers=HEADERS,
        example=[
            "expert_wang",
            "王明",
            "南京大学",
            "教授",
            "养老、社工",
            "13800000000",
            "wang@example.cn",
        ],
        widths=[16, 10, 24, 12, 24, 16, 24],
    )


@dataclass
class ImportReport:
    created: list[Expert] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_experts(upload, *, by: User) -> ImportReport:
    report = ImportReport()
    with sheets.sheet_rows(upload, width=len(HEADERS)) as rows:
        for number, values in rows:
            problems = _row_problems(values)
            if not problems:
                try:
                    report.created.append(_create(values, by=by))
                except ValidationError as refused:  # e.g. the account is already in the pool
                    problems = [
                        _("%(field)s: %(problem)s") % {"field": values[0], "problem": message}
                        for message in refused.messages
                    ]
            if problems:
                report.problems.append(
                    _("Row %(row)s: %(problems)s")
                    % {"row": number, "problems": "；".join(problems)}
                )
    return report


def _row_problems(values: list[str]) -> list[str]:
    username, name, affiliation, _title, fields, _phone, email = values
    problems = []
    if not username:
        problems.append(_("the username is missing"))
    if not name:
        problems.append(_("the name is missing"))
    if not affiliation:
        problems.append(_("the affiliation is missing"))
    unknown = [label for label in _labels(fields) if label not in FIELD_BY_LABEL]
    if unknown:
        problems.append(
            _("unknown fields %(fields)s (use %(known)s)")
            % {"fields": "、".join(unknown), "known": "、".join(FIELD_BY_LABEL)}
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("%(email)s is not an email address") % {"email": email})
    return problems


def _labels(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.replace("，", "、").replace(",", "、").split("、")
        if part.strip()
    ]


def _create(values: list[str], *, by: User) -> Expert:
    """A new account has no usable password: the administrator sets a first one."""
    username, name, affiliation, title, fields, phone, email = values
    return services.create_expert(
        by=by,
        username=username,
        name=name,
        affiliation=affiliation,
        title=title,
        phone=phone,
        email=email,
        fields=[FIELD_BY_LABEL[label] for label in _labels(fields)],
    )
