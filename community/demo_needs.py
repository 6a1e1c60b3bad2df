"""A year of demo needs for ``seed_demo`` (called by ``community.demo`` after the grants
demo: the needs trace to its call's guide list and projects).

Every need goes through the real use cases, so its log is consistent: communities record
and report them, streets forward or return them, the officer screens them into drafts
that answer the call's guide items (linked to the items the call already lists, so the
seeded projects that took those items trace back to needs), merges a repeat, refers some
to departments and declines one. Some stay with the street (雨花街道's await demo_street),
some forwarded ones await screening, and demo_community has drafts and a returned need.
"""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from accounts.models import Community, Role, Street, User, UserRole
from community import needs, screening
from community.models import Department, GuideItemDraft, Need, NeedChannel
from grants.demo import demo_call
from grants.models import GuideCategory, GuideItem

C = NeedChannel
G = GuideCategory

DEPARTMENTS = [
    ("区卫生健康委员会", [G.ELDERLY], "老龄健康科 025-52400000"),
    ("区教育局", [G.YOUTH], "基础教育科 025-52400001"),
    ("区残疾人联合会", [G.DISABLED], "康复部 025-52400002"),
    ("区人力资源和社会保障局", [G.NEEDY], "就业促进科 025-52400003"),
    ("区住房和城乡建设局", [G.GOVERNANCE], "物业管理科 025-52400004"),
    ("区城市管理局", [G.GOVERNANCE], "市容科 025-52400005"),
]

# For each guide item of the call (by title): the needs it answers — (community, channel,
# title, description, people, who).
SCREENED = {
    "独居老人结对探访": [
        (
            "雨花新村社区",
            C.VISITS,
            "独居老人无人照应",
            "走访发现12户独居老人子女不在身边，突发疾病无人知晓。",
            12,
            "独居老人",
        ),
        (
            "花神庙社区",
            C.GRID,
            "空巢老人精神慰藉",
            "网格员反映空巢老人长期独处，情绪低落。",
            20,
            "空巢老人",
        ),
        (
            "共青团路社区",
            C.HOTLINE,
            "高龄老人定期探视",
            "12345工单：希望社区定期上门看望高龄老人。",
            15,
            "80岁以上老人",
        ),
    ],
    "四点半课堂": [
        (
            "小行社区",
            C.WECHAT,
            "放学后孩子无人看管",
            "公众号留言：双职工家庭孩子放学后无处可去。",
            45,
            "双职工家庭小学生",
        ),
        (
            "虹苑社区",
            C.VISITS,
            "课后作业辅导",
            "走访中家长反映孩子课后作业无人辅导。",
            30,
            "小学生",
        ),
    ],
    "残疾人居家康复支持": [
        (
            "春江新城社区",
            C.GRID,
            "残疾人居家康复训练",
            "持证残疾人反映康复机构远，居家训练缺少指导。",
            18,
            "持证残疾人",
        ),
        (
            "大定坊社区",
            C.APP,
            "残疾人家属喘息服务",
            "掌上社区APP反映照护者长期无休。",
            10,
            "残疾人家属",
        ),
    ],
    "困境家庭帮扶": [
        (
            "岱山东社区",
            C.HOTLINE,
            "因病致困家庭帮扶",
            "12345工单：家庭成员重病，生活困难。",
            8,
            "因病致困家庭",
        ),
    ],
    "楼道自治与邻里议事": [
        (
            "新林社区",
            C.GRID,
            "老旧小区楼道堆物",
            "楼道堆物多，居民自治意识弱。",
            300,
            "老旧小区居民",
        ),
        ("板桥社区", C.VISITS, "公共事务无人议", "小区公共收益使用无人商议。", 500, "小区居民"),
    ],
    "社区助餐点运营": [
        (
            "梅山二村社区",
            C.WECHAT,
            "高龄老人吃饭难",
            "公众号留言：附近没有助餐点，高龄老人做饭难。",
            60,
            "高龄老人",
        ),
    ],
}
# A repeat of a screened need, merged into it.
REPEAT = (
    "雨花新村社区",
    C.HOTLINE,
    "独居老人无人照应问题",
    "12345工单：独居老人无人照应。",
    5,
    "独居老人",
)
# Screened into a new draft the officer has not yet placed in a call.
UNPLACED = [
    ("梅府社区", C.VISITS, "老年人助浴", "失能老人洗澡难，家属无力协助。", 25, "失能老人"),
    (
        "西善花苑社区",
        C.GRID,
        "失能老人上门助浴",
        "网格员反映失能老人长期无法洗浴。",
        18,
        "失能老人",
    ),
]
NEW_DRAFT = {
    "title": "失能老人上门助浴",
    "category": G.ELDERLY,
    "target_group": "西善桥街道居家失能、半失能老人约40人",
    "need_statement": "老人洗澡难，家属缺少助浴设备和技能",
    "service": "专业助浴车上门助浴、家属照护培训",
    "goal": "每位老人每月助浴不少于2次，家属培训不少于40人次",
    "suggested_budget": Decimal("120000.00"),
}
REFERRED = [
    (
        "雄风社区",
        C.HOTLINE,
        G.GOVERNANCE,
        "小区路灯损坏",
        "12345工单：多处路灯不亮，夜间出行不便。",
        200,
        "小区居民",
        "区城市管理局",
        "属市政设施维护",
    ),
    (
        "丰盛社区",
        C.APP,
        G.YOUTH,
        "暑期托管需求",
        "掌上社区APP反映暑期孩子无人照看。",
        35,
        "学龄儿童",
        "区教育局",
        "纳入暑期托管服务",
    ),
    (
        "凤台南路社区",
        C.VISITS,
        G.NEEDY,
        "失业人员再就业",
        "走访发现多名失业人员有就业意愿。",
        14,
        "失业人员",
        "区人力资源和社会保障局",
        "纳入就业援助",
    ),
]
DECLINED = (
    "尹西社区",
    C.OTHER,
    G.GOVERNANCE,
    "小区增设停车位",
    "居民希望增设停车位。",
    80,
    "有车居民",
    "不属于社区公益服务范围，已告知居民向物业反映",
)
# Forwarded, awaiting the district's screening.
FORWARDED = [
    (
        "西春社区",
        C.WECHAT,
        G.YOUTH,
        "青少年心理疏导",
        "公众号留言：青少年学业压力大，缺少心理疏导。",
        50,
        "中学生",
    ),
    (
        "梅山四村社区",
        C.GRID,
        G.ELDERLY,
        "老年人防诈骗",
        "网格员反映老年人多次遭遇电信诈骗。",
        120,
        "老年人",
    ),
    (
        "虹苑社区",
        C.VISITS,
        G.DISABLED,
        "无障碍出行",
        "轮椅使用者反映小区出入口有台阶。",
        9,
        "轮椅使用者",
    ),
]
# Reported, awaiting the street's review (雨花街道's are demo_street's).
REPORTED = [
    (
        "花神庙社区",
        C.HOTLINE,
        G.ELDERLY,
        "老年人智能手机使用",
        "12345工单：老人不会用手机挂号、缴费。",
        40,
        "老年人",
    ),
    (
        "共青团路社区",
        C.WECHAT,
        G.YOUTH,
        "青少年周末活动场地",
        "公众号留言：周末缺少青少年活动场地。",
        60,
        "青少年",
    ),
    (
        "雨花新村社区",
        C.GRID,
        G.GOVERNANCE,
        "电动车楼道充电",
        "网格员发现多处电动车楼道充电，存在隐患。",
        150,
        "居民",
    ),
    (
        "尹西社区",
        C.APP,
        G.NEEDY,
        "低保家庭子女助学",
        "掌上社区APP反映低保家庭子女学习用品短缺。",
        11,
        "低保家庭子女",
    ),
]
# demo_community's own: drafts to report, and one the street returned.
COMMUNITY_DRAFTS = [
    (C.VISITS, G.ELDERLY, "独居老人助浴", "走访中独居老人反映洗澡不便。", 6, "独居老人"),
    (
        C.HOTLINE,
        G.GOVERNANCE,
        "小区垃圾分类指导",
        "12345工单：垃圾分类投放不规范。",
        400,
        "小区居民",
    ),
]
RETURNED = (
    C.WECHAT,
    G.YOUTH,
    "儿童游乐设施",
    "公众号留言：小区游乐设施老旧。",
    30,
    "儿童",
    "请补充设施照片和受益儿童人数的核实情况",
)
HOME = "雨花新村社区"


def seed(*, stdout, keeper: Callable[[Community], User]) -> None:
    """``keeper`` gives a community's staff member (``community.demo`` makes them)."""
    if not Need.objects.exists():
        _seed_needs(keeper)
    stdout.write(
        f"community: {Need.objects.count()} needs, "
        f"{GuideItemDraft.objects.count()} guide-item drafts, "
        f"{Department.objects.count()} departments"
    )


def _seed_needs(keeper: Callable[[Community], User]) -> None:
    call = demo_call()
    officer = User.objects.get(username="demo_officer")
    departments = {
        name: Department.objects.get_or_create(
            name=name, defaults={"categories": categories, "contact": contact}
        )[0]
        for name, categories, contact in DEPARTMENTS
    }
    communities = {c.name: c for c in Community.objects.select_related("street")}
    days = cycle(range(0, 300, 7))

    def record(spec, category=None, state_to="forwarded") -> Need:
        name, channel, title, description, people, who = spec
        community = communities[name]
        found = _found_on(next(days))
        need = needs.create_need(
            need=Need(
                community=community,
                channel=channel,
                category=category,
                title=title,
                description=description,
                people_affected=people,
                affected_group=who,
                found_on=found,
            ),
            by=keeper(community),
        )
        if state_to == "draft":
            return need
        needs.report_needs(needs=[need], by=keeper(community))
        if state_to == "reported":
            return need
        needs.forward_needs(needs=[need], by=_street_staff(community.street), comment="")
        return need

    items = {item.title: item for item in call.guide_items.all()}
    screened_first = None
    for title, specs in SCREENED.items():
        item = items[title]
        answered = [record(spec, item.category) for spec in specs]
        draft = screening.screen_needs(needs=answered, draft=_draft_of(item), by=officer)
        screening.place_draft(draft=draft, call=call, existing=item, by=officer)
        screened_first = screened_first or answered[0]
    repeat = record(REPEAT, G.ELDERLY)
    needs.merge_need(need=repeat, into=screened_first, by=officer, comment="与工单重复")
    unplaced = [record(spec, G.ELDERLY) for spec in UNPLACED]
    street = communities[UNPLACED[0][0]].street
    screening.screen_needs(
        needs=unplaced, draft=GuideItemDraft(street=street, **NEW_DRAFT), by=officer
    )
    for name, channel, category, title, text, people, who, department, note in REFERRED:
        need = record((name, channel, title, text, people, who), category)
        needs.refer_need(need=need, department=departments[department], note=note, by=officer)
    name, channel, category, title, text, people, who, reason = DECLINED
    declined = record((name, channel, title, text, people, who), category)
    needs.decline_need(need=declined, reason=reason, by=officer)
    for name, channel, category, title, text, people, who in FORWARDED:
        record((name, channel, title, text, people, who), category)
    for name, channel, category, title, text, people, who in REPORTED:
        record((name, channel, title, text, people, who), category, state_to="reported")
    for channel, category, title, text, people, who in COMMUNITY_DRAFTS:
        record((HOME, channel, title, text, people, who), category, state_to="draft")
    channel, category, title, text, people, who, reason = RETURNED
    returned = record((HOME, channel, title, text, people, who), category, state_to="reported")
    home = communities[HOME]
    needs.return_needs(needs=[returned], by=_street_staff(home.street), reason=reason)


def _found_on(days_ago: int) -> date:
    """A day this year, spread over the year so far."""
    today = timezone.localdate()
    return max(today - timedelta(days=days_ago), today.replace(month=1, day=1))


def _draft_of(item: GuideItem) -> GuideItemDraft:
    """A draft describing a guide item the call lists (its description reads
    "对象：…；需求：…；服务：…；目标：…")."""
    parts = {}
    for part in item.description.rstrip("。").split("；"):
        label, _colon, text = part.partition("：")
        parts[label] = text
    return GuideItemDraft(
        title=item.title,
        category=item.category,
        street=item.street,
        community=item.community,
        target_group=parts.get("对象", ""),
        need_statement=parts.get("需求", ""),
        service=parts.get("服务", ""),
        goal=parts.get("目标", ""),
        suggested_budget=Decimal("150000.00"),
    )


def _street_staff(street: Street) -> User:
    """demo_street for 雨花街道, else a street colleague who cannot log in."""
    staff = User.objects.filter(street=street, role_assignments__role=Role.STREET_STAFF).first()
    if staff is not None:
        return staff
    user = User.objects.create(
        username=f"street{street.pk:03d}_staff", street=street, full_name=f"{street.name}工作人员"
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    UserRole.objects.create(user=user, role=Role.STREET_STAFF)
    return user
