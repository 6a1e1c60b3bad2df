"""Demo district, organisations and one account per role, for ``seed_demo``.

Names are invented but sound like the real 雨花台区 of Nanjing. Credit codes are built
by the GB 32100-2015 rules, so every one of them validates.
"""

from datetime import date
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.credit_code import credit_code_check_character, organisation_code_check_character
from accounts.models import (
    Community,
    District,
    InspectionResult,
    OrganisationMembership,
    OrganisationStatus,
    OrganisationType,
    Role,
    SocialOrganisation,
    Street,
    StreetKind,
    User,
    UserRole,
    Verification,
)

DEMO_PASSWORD = "gongyi-demo-2026"  # noqa: S105 - published demo password, seeded on request only
DISTRICT = ("雨花台区", "320114")
REGISTRATION_AUTHORITY = "南京市雨花台区民政局"

STREETS = {
    ("雨花街道", StreetKind.STREET): ["雨花新村社区", "花神庙社区", "共青团路社区"],
    ("赛虹桥街道", StreetKind.STREET): ["小行社区", "虹苑社区", "凤台南路社区"],
    ("铁心桥街道", StreetKind.STREET): ["春江新城社区", "大定坊社区", "尹西社区"],
    ("西善桥街道", StreetKind.STREET): ["岱山东社区", "西善花苑社区", "梅府社区"],
    ("板桥街道", StreetKind.STREET): ["新林社区", "板桥社区", "雄风社区"],
    ("梅山街道", StreetKind.STREET): ["梅山二村社区", "梅山四村社区"],
    ("软件谷（园区）", StreetKind.PARK): ["西春社区", "丰盛社区"],
}

SOCIAL_SERVICE = OrganisationType.SOCIAL_SERVICE
SOCIAL_GROUP = OrganisationType.SOCIAL_GROUP
FOUNDATION = OrganisationType.FOUNDATION

# name, type, home community, legal representative, contact, status, inspection result
ORGANISATIONS = [
    ("雨花台区阳光助老服务中心", SOCIAL_SERVICE, "雨花新村社区", "王秀英", "李晓燕"),
    ("雨花台区彩虹青少年成长服务中心", SOCIAL_SERVICE, "花神庙社区", "陈志刚", "周佳"),
    ("雨花台区邻里和谐调解协会", SOCIAL_GROUP, "共青团路社区", "刘建华", "孙莉"),
    ("雨花台区安康居家养老服务中心", SOCIAL_SERVICE, "小行社区", "张桂兰", "吴婷"),
    ("雨花台区春晖社会工作服务中心", SOCIAL_SERVICE, "虹苑社区", "赵国庆", "郑敏"),
    ("雨花台区同心助残服务社", SOCIAL_SERVICE, "凤台南路社区", "钱永明", "冯雪"),
    ("雨花台区益邻社区发展基金会", FOUNDATION, "春江新城社区", "孙立新", "蒋丽"),
    ("雨花台区微光志愿者协会", SOCIAL_GROUP, "大定坊社区", "李卫东", "沈洁"),
    ("雨花台区乐龄文化服务中心", SOCIAL_SERVICE, "尹西社区", "周美华", "韩梅"),
    ("雨花台区心桥心理健康服务中心", SOCIAL_SERVICE, "岱山东社区", "吴海燕", "杨帆"),
    ("雨花台区暖心济困服务社", SOCIAL_SERVICE, "西善花苑社区", "郑建国", "朱琳"),
    ("雨花台区梅府邻里互助会", SOCIAL_GROUP, "梅府社区", "王建军", "秦雯"),
    ("雨花台区新林四点半课堂服务中心", SOCIAL_SERVICE, "新林社区", "冯晓东", "许静"),
    ("雨花台区板桥老年协会", SOCIAL_GROUP, "板桥社区", "陈淑珍", "何琪"),
    ("雨花台区雄风社区营造中心", SOCIAL_SERVICE, "雄风社区", "褚红梅", "吕静"),
    ("雨花台区梅山银龄互助服务中心", SOCIAL_SERVICE, "梅山二村社区", "卫明", "施怡"),
    ("雨花台区梅山四村青少年活动中心", SOCIAL_SERVICE, "梅山四村社区", "蒋红", "张颖"),
    ("雨花台区西春慈善救助协会", SOCIAL_GROUP, "西春社区", "沈国平", "孔洁"),
    ("雨花台区丰盛社区治理研究中心", SOCIAL_SERVICE, "丰盛社区", "韩立", "曹敏"),
    ("雨花台区花神庙家庭服务中心", SOCIAL_SERVICE, "花神庙社区", "杨丽华", "严芳"),
    ("雨花台区小行社区睦邻服务中心", SOCIAL_SERVICE, "小行社区", "朱建平", "华蕾"),
    ("雨花台区春江助学公益基金会", FOUNDATION, "春江新城社区", "秦志强", "金玲"),
]

# Organisations in an unusual standing, so screening has something to catch.
RATINGS = ["4A", "3A", "", "5A", "2A"]  # the evaluation grades, in turn
ABNORMAL = {"雨花台区暖心济困服务社"}
DEREGISTERED = {"雨花台区雄风社区营造中心"}
INSPECTION_FAILED = {"雨花台区梅府邻里互助会"}

# username, full name, roles, scope (street, community or organisations)
STAFF_USERS = [
    ("demo_admin", "王磊", [Role.ADMIN], {}),
    ("demo_officer", "陈静", [Role.OFFICER], {}),
    ("demo_finance", "李娜", [Role.FINANCE], {}),
    ("demo_street", "张伟", [Role.STREET_STAFF], {"street": "雨花街道"}),
    ("demo_community", "刘洋", [Role.COMMUNITY_STAFF], {"community": "雨花新村社区"}),
]
APPLICANTS = [
    ("demo_applicant1", "赵敏", ["雨花台区阳光助老服务中心", "雨花台区花神庙家庭服务中心"]),
    ("demo_applicant2", "孙浩", ["雨花台区阳光助老服务中心"]),
    ("demo_applicant3", "周婷", ["雨花台区彩虹青少年成长服务中心"]),
    ("demo_applicant4", "吴强", ["雨花台区春晖社会工作服务中心"]),
    ("demo_applicant5", "郑丽", ["雨花台区暖心济困服务社"]),
]
EXPERT_NAMES = [
    "黄建国",
    "何晓梅",
    "林志远",
    "高红",
    "罗明",
    "梁静怡",
    "宋立",
    "谢文华",
    "唐敏",
    "韩雪松",
    "冯宇",
    "邓丽君",
    "曹阳",
    "彭晓光",
    "曾凡",
]
# An organisation that registered itself (issue 12) and awaits the bureau's check, with
# its first user: it may draft, not submit, until demo_officer confirms it.
SELF_REGISTERED = ("雨花台区向日葵社区志愿服务中心", SOCIAL_SERVICE, "雨花新村社区", "钱丽", "郑洁")
SELF_REGISTERED_USER = ("demo_applicant6", "郑洁")
# An expert who also works for an organisation: a conflict of interest, not an error.
EXPERT_ALSO_APPLICANT = {"demo_expert15": "雨花台区心桥心理健康服务中心"}


def demo_credit_code(index: int, org_type: str) -> str:
    category = {SOCIAL_GROUP: "1", SOCIAL_SERVICE: "2", FOUNDATION: "3"}[org_type]
    body = f"MJ{501000 + index * 37:06d}"
    subject = body + organisation_code_check_character(body)
    first_seventeen = f"5{category}{DISTRICT[1]}{subject}"
    return first_seventeen + credit_code_check_character(first_seventeen)


@transaction.atomic
def seed(*, stdout, options: dict) -> None:
    communities = _seed_regions()
    organisations = _seed_organisations(communities)
    _seed_users(communities, organisations)
    _seed_self_registered(communities)
    stdout.write(
        f"accounts: {Street.objects.count()} streets, {Community.objects.count()} communities, "
        f"{SocialOrganisation.objects.count()} organisations, {User.objects.count()} users"
    )


def _seed_regions() -> dict[str, Community]:
    district, _ = District.objects.get_or_create(
        division_code=DISTRICT[1], defaults={"name": DISTRICT[0]}
    )
    communities = {}
    for (street_name, kind), community_names in STREETS.items():
        street, _ = Street.objects.update_or_create(
            district=district, name=street_name, defaults={"kind": kind}
        )
        for name in community_names:
            communities[name], _ = Community.objects.get_or_create(street=street, name=name)
    return communities


def _seed_organisations(communities: dict[str, Community]) -> dict[str, SocialOrganisation]:
    organisations = {}
    for index, (name, org_type, community, legal, contact) in enumerate(ORGANISATIONS):
        status = OrganisationStatus.ACTIVE
        if name in ABNORMAL:
            status = OrganisationStatus.ABNORMAL
        elif name in DEREGISTERED:
            status = OrganisationStatus.DEREGISTERED
        result = (
            InspectionResult.UNQUALIFIED
            if name in INSPECTION_FAILED
            else InspectionResult.QUALIFIED
        )
        defaults = {
            "credit_code": demo_credit_code(index, org_type),
            "org_type": org_type,
            "registration_authority": REGISTRATION_AUTHORITY,
            "registration_date": date(2014 + index % 9, 1 + index % 12, 1 + index % 27),
            "legal_representative": legal,
            "contact_person": contact,
            "contact_phone": f"025-5288{index:04d}",
            "address": f"南京市雨花台区{communities[community].street.name}{community}",
            "home_community": communities[community],
            "status": status,
            "inspection_year": timezone.localdate().year - 1,
            "inspection_result": result,
            "rating": RATINGS[index % len(RATINGS)],
            "verification": Verification.CONFIRMED,
        }
        organisations[name], _ = SocialOrganisation.objects.update_or_create(
            name=name,
            defaults=defaults,
            # Entered by the bureau: confirmed when added (issue 12).
            create_defaults={**defaults, "verified_at": timezone.now()},
        )
    return organisations


def _seed_users(
    communities: dict[str, Community], organisations: dict[str, SocialOrganisation]
) -> None:
    streets = {street.name: street for street in Street.objects.all()}
    for username, full_name, roles, scope in STAFF_USERS:
        user = _demo_user(
            username,
            full_name,
            roles,
            street=streets.get(scope.get("street")),
            community=communities.get(scope.get("community")),
        )
        if Role.ADMIN in roles and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    for username, full_name, organisation_names in APPLICANTS:
        user = _demo_user(username, full_name, [Role.APPLICANT])
        for name in organisation_names:
            OrganisationMembership.objects.get_or_create(
                user=user, organisation=organisations[name]
            )
    for number, full_name in enumerate(EXPERT_NAMES, start=1):
        username = f"demo_expert{number}"
        organisation = EXPERT_ALSO_APPLICANT.get(username)
        roles = [Role.EXPERT, Role.APPLICANT] if organisation else [Role.EXPERT]
        user = _demo_user(username, full_name, roles)
        if organisation:
            OrganisationMembership.objects.get_or_create(
                user=user, organisation=organisations[organisation]
            )


def _seed_self_registered(communities: dict[str, Community]) -> None:
    """Left as registered: an officer's confirmation (or rejection) survives a re-run."""
    name, org_type, community, legal, contact = SELF_REGISTERED
    organisation, _ = SocialOrganisation.objects.get_or_create(
        name=name,
        defaults={
            "credit_code": demo_credit_code(len(ORGANISATIONS), org_type),
            "org_type": org_type,
            "registration_authority": REGISTRATION_AUTHORITY,
            "registration_date": date(timezone.localdate().year - 1, 9, 1),
            "legal_representative": legal,
            "contact_person": contact,
            "contact_phone": "13851234567",
            "home_community": communities[community],
            "verification": Verification.PENDING,
        },
    )
    username, full_name = SELF_REGISTERED_USER
    user = _demo_user(username, full_name, [Role.APPLICANT])
    OrganisationMembership.objects.get_or_create(user=user, organisation=organisation)


@cache
def demo_password_hash() -> str:
    """The demo password hashed once for all the demo accounts (hashing is slow on
    purpose: 25 accounts took most of ``seed_demo``'s time). The accounts share one salt,
    which is harmless for a password the README publishes."""
    return make_password(DEMO_PASSWORD)


def _demo_user(username: str, full_name: str, roles: list[str], **scope) -> User:
    user, created = User.objects.update_or_create(
        username=username,
        defaults={"full_name": full_name, "email": f"{username}@example.cn", **scope},
    )
    if created:
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    for role in roles:
        UserRole.objects.get_or_create(user=user, role=role)
    return user
