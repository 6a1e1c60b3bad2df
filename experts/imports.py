"""Adding experts from an Excel sheet (the template is ``template_workbook``).

The upload is refused before parsing unless it is a real xlsx package of reasonable size:
a zip whose members unpack to at most 50 MB, none compressed suspiciously well, holding
``xl/workbook.xml``. openpyxl parses it with defusedxml installed, which refuses entity
expansion (XML bombs). Each bad row is reported with its row number and reason; good rows
are kept.
"""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from accounts.models import User
from experts import services
from experts.models import Expert, ExpertField

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200  # a member shrunk more than 200× is a bomb, not a spreadsheet
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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家"
    sheet.append(HEADERS)
    sheet.append(
        ["expert_wang", "王明", "南京大学", "教授", "养老、社工", "13800000000", "wang@example.cn"]
    )
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", [16, 10, 24, 12, 24, 16, 24], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_package(upload) -> None:
    """Refuse anything that is not a plausible xlsx, before openpyxl reads it."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
            ratio_ok = all(
                member.file_size <= max(member.compress_size, 1) * MAX_RATIO for member in members
            )
    except zipfile.BadZipFile as error:
        raise ValidationError(_("This is not an Excel workbook (.xlsx).")) from error
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError(_("This is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES or not ratio_ok:
        raise ValidationError(_("This workbook unpacks to more than 50 MB and is refused."))


@dataclass
class ImportReport:
    created: list[Expert] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_experts(upload, *, by: User) -> ImportReport:
    check_package(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl and defusedxml raise many kinds
        raise ValidationError(
            _("The workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    report = ImportReport()
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    for number, row in enumerate(rows, start=2):
        values = [("" if cell is None else str(cell).strip()) for cell in (row or ())][:7]
        values += [""] * (7 - len(values))
        if not any(values):
            continue
        problems = _row_problems(values)
        if not problems:
            try:
                report.created.append(_create(values, by=by))
            except ValidationError:  # the account is already in the pool
                problems = [
                    _("%(username)s is already in the expert pool") % {"username": values[0]}
                ]
        if problems:
            report.problems.append(
                _("Row %(row)s: %(problems)s") % {"row": number, "problems": "；".join(problems)}
            )
    workbook.close()
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
