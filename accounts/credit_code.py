"""The unified social credit code 统一社会信用代码 (GB 32100-2015).

Eighteen characters from the code set 0-9 and the capitals without I, O, S, V, Z:

    position 1      registration authority 登记管理部门代码
    position 2      organisation category within that authority 机构类别代码
    positions 3-8   administrative division of the registering office (GB/T 2260)
    positions 9-17  subject identifier 主体标识码, an organisation code whose last
                    character is its own GB 11714 check character
    position 18     check character over positions 1-17, weights 3^(i-1) mod 31

``credit_code_problems`` lists every rule a value breaks, so a form can say all of
them at once; ``validate_credit_code`` is the model-field validator built on it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_VALUES = {character: value for value, character in enumerate(CODE_SET)}
_WEIGHTS = [pow(3, index, 31) for index in range(17)]

# Categories each registration authority may issue (GB 32100-2015, appendix A).
AUTHORITY_CATEGORIES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直接管理的群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管（工商）: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}

# First two digits of GB/T 2260 province-level divisions.
PROVINCE_PREFIXES = frozenset(
    {
        "10",  # national bodies
        *("11", "12", "13", "14", "15"),  # 华北
        *("21", "22", "23"),  # 东北
        *("31", "32", "33", "34", "35", "36", "37"),  # 华东
        *("41", "42", "43", "44", "45", "46"),  # 中南
        *("50", "51", "52", "53", "54"),  # 西南
        *("61", "62", "63", "64", "65"),  # 西北
        *("71", "81", "82"),  # 台湾, 香港, 澳门
    }
)

_ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORGANISATION_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def credit_code_check_character(first_seventeen: str) -> str:
    """The 18th character for the given first 17 (all from CODE_SET)."""
    total = sum(_CODE_VALUES[c] * w for c, w in zip(first_seventeen, _WEIGHTS, strict=True))
    return CODE_SET[(31 - total % 31) % 31]


def organisation_code_check_character(first_eight: str) -> str:
    """The 9th character of a GB 11714 organisation code for its first 8."""
    total = sum(
        _ORGANISATION_CODE_ALPHABET.index(c) * w
        for c, w in zip(first_eight, _ORGANISATION_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_problems(value: str) -> list[str]:
    """Every GB 32100-2015 rule the value breaks, as sentences for the user."""
    if len(value) != 18:
        return [
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(value)}
        ]
    bad_characters = sorted({c for c in value if c not in _CODE_VALUES})
    if bad_characters:
        return [
            _(
                "A unified social credit code uses only digits and capital letters other "
                "than I, O, S, V and Z; not allowed here: %(characters)s."
            )
            % {"characters": " ".join(bad_characters)}
        ]
    problems = []
    authority, category = value[0], value[1]
    if authority not in AUTHORITY_CATEGORIES:
        problems.append(
            _("The first character (registration authority) cannot be %(char)s.")
            % {"char": authority}
        )
    elif category not in AUTHORITY_CATEGORIES[authority]:
        problems.append(
            _(
                "The second character (organisation category) cannot be %(char)s for "
                "registration authority %(authority)s."
            )
            % {"char": category, "authority": authority}
        )
    division = value[2:8]
    if not division.isdigit() or division[:2] not in PROVINCE_PREFIXES:
        problems.append(
            _(
                "Characters 3 to 8 must be the six-digit administrative division code of "
                "the registering office; %(division)s is not one."
            )
            % {"division": division}
        )
    subject = value[8:17]
    if subject[8] != organisation_code_check_character(subject[:8]):
        problems.append(
            _(
                "Characters 9 to 17 must be an organisation code whose last character "
                "checks (GB 11714); %(subject)s does not."
            )
            % {"subject": subject}
        )
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        problems.append(_("The check character (the 18th) does not match the first 17 characters."))
    return problems


def validate_credit_code(value: str) -> None:
    problems = credit_code_problems(value)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="invalid_credit_code") for problem in problems]
        )
