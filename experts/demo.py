"""Demo expert pool: a profile for each of demo_expert1…15, across fields, with declared
ties that create real conflicts of interest."""

from accounts.models import SocialOrganisation, User
from experts.models import Expert, ExpertField, ExpertTie, TieKind

F = ExpertField
PROFILES = [
    ("南京大学社会学院", "教授", [F.SOCIAL_WORK, F.GOVERNANCE]),
    ("河海大学公共管理学院", "副教授", [F.GOVERNANCE, F.POVERTY]),
    ("江苏省老年学学会", "研究员", [F.ELDERLY]),
    ("南京审计大学", "副教授", [F.FINANCE]),
    ("雨花台区青少年宫", "高级教师", [F.YOUTH]),
    ("南京市残疾人康复中心", "主任医师", [F.DISABILITY]),
    ("江苏天衡会计师事务所", "注册会计师", [F.FINANCE]),
    ("江苏法德永衡律师事务所", "律师", [F.LAW]),
    ("南京市社会工作协会", "高级社工师", [F.SOCIAL_WORK, F.ELDERLY]),
    ("东南大学人文学院", "讲师", [F.YOUTH, F.SOCIAL_WORK]),
    ("南京市慈善总会", "项目总监", [F.POVERTY]),
    ("江苏苏亚金诚会计师事务所", "注册会计师", [F.FINANCE, F.GOVERNANCE]),
    ("南京师范大学", "副教授", [F.ELDERLY, F.DISABILITY]),
    ("雨花台区社会组织服务中心", "主任", [F.GOVERNANCE]),
    ("雨花台区心桥心理健康服务中心", "心理咨询师", [F.YOUTH, F.SOCIAL_WORK]),
]
TIES = [
    (3, "雨花台区阳光助老服务中心", TieKind.BOARD, "担任理事"),
    (5, "雨花台区彩虹青少年成长服务中心", TieKind.OTHER, "曾为该机构督导"),
    (9, "雨花台区春晖社会工作服务中心", TieKind.RELATIVE, "配偶任该机构项目主管"),
]


def seed(*, stdout, options: dict) -> None:
    for number, (affiliation, title, fields) in enumerate(PROFILES, start=1):
        user = User.objects.get(username=f"demo_expert{number}")
        Expert.objects.update_or_create(
            user=user,
            defaults={
                "name": user.full_name,
                "affiliation": affiliation,
                "title": title,
                "fields": list(fields),
                "email": user.email,
                "phone": f"1390000{number:04d}",
            },
        )
    for number, organisation, kind, note in TIES:
        expert = Expert.objects.get(user__username=f"demo_expert{number}")
        ExpertTie.objects.get_or_create(
            expert=expert,
            organisation=SocialOrganisation.objects.get(name=organisation),
            defaults={"kind": kind, "note": note},
        )
    stdout.write(f"experts: {Expert.objects.count()} experts, {ExpertTie.objects.count()} ties")
