"""Who gets which page, for every URL of every app: the right role gets it, every other
role a 403, and a row outside one's scope a 404.

The first test walks the whole URLconf: a URL added anywhere fails it until it has its
entry here. Only the admin (its own permissions) and the public pages listed in
``NOT_IN_MATRIX`` are left out, each by name.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Role
from community import needs as need_cases
from community.models import Allocation, NeedState, Room
from experts.models import Expert, Stage
from grants import payments, records, spending, visits
from grants.models import Attachment, Indicator, ProjectReader, ProjectState
from reports.models import JobKind, JobStatus, ReportJob
from reviews import panels, sheets
from reviews.models import Panel
from reviews.rubrics import current_rubric
from tests.factories import (
    CommunityFactory,
    DepartmentFactory,
    FundPlanFactory,
    GuideItemDraftFactory,
    NeedFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    SpaceRegistryFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
)
from tests.grants.delivering import photo_upload

PEOPLE = [
    "member",
    "other_applicant",
    "officer",
    "admin",
    "finance",
    "expert",
    "street",
    "other_street",
    "community",
    "other_community",
    "seated_expert",
    "other_expert",
]
EVERYONE_IN_SCOPE = {"member", "officer", "admin", "finance", "street", "community"}
OUT_OF_SCOPE = {
    "other_applicant",
    "expert",
    "other_street",
    "other_community",
    "seated_expert",
    "other_expert",
}
# In the expert pool: "seated_expert" sits on the panel of a project of the member's
# organisation, "other_expert" on none; "expert" holds the role without a pool profile.
POOL_EXPERTS = {"seated_expert", "other_expert"}


def _expect(ok: set[str], forbidden_in_scope: int = 403, ok_status: int = 200) -> dict:
    """ok → ok_status; in scope but not allowed → 403; out of scope → 404."""
    return {
        person: ok_status
        if person in ok
        else (404 if person in OUT_OF_SCOPE else forbidden_in_scope)
        for person in PEOPLE
    }


OFFICERS = {"officer", "admin"}
MONEY = {"officer", "admin", "finance"}


REGION_VIEWERS = {
    "officer",
    "admin",
    "finance",
    "street",
    "other_street",
    "community",
    "other_community",
}


def _region(ok: set[str], ok_status: int = 200) -> dict:
    """A community's plan: officers, finance and the region's staff see it (403 when they may
    not act), everyone else gets a 404."""
    in_scope = {"officer", "admin", "finance", "street", "community"}
    return {
        person: ok_status if person in ok else (403 if person in in_scope else 404)
        for person in PEOPLE
    }


def _community_staff_start() -> dict:
    """Community staff start their own community's plan or registry; nobody else may."""
    return {p: 302 if p in {"community", "other_community"} else 403 for p in PEOPLE}


RECORD_VIEWERS = {"officer", "admin", "finance", "street", "community"}


def _only(ok: set[str], ok_status: int = 200) -> dict:
    """Pages that are not about one project: ok → ok_status, everyone else → 403."""
    return {person: ok_status if person in ok else 403 for person in PEOPLE}


def _own(ok: set[str]) -> dict:
    """Rows only their owner sees: ok → 200, everyone else → 404."""
    return {person: 200 if person in ok else 404 for person in PEOPLE}


def _seated(ok_status: int = 200) -> dict:
    """An expert's own panel: its seated expert gets it, another pool expert a 404, and
    everyone without a pool profile a 403."""
    return {
        person: ok_status if person == "seated_expert" else 404 if person in POOL_EXPERTS else 403
        for person in PEOPLE
    }


EVERYONE = dict.fromkeys(PEOPLE, 200)


# --- delivery (issue 15) ---
# A running project of the member's organisation that "seated_expert" reads for a panel.
READERS = EVERYONE_IN_SCOPE | {"seated_expert"}
FOLLOWERS = {"officer", "admin", "street", "other_street"}


def _read(ok: set[str], ok_status: int = 200) -> dict:
    """A running project's delivery records: ok → ok_status, the project's readers (with
    the expert seated on its panel) 403, everyone else 404."""
    return {
        person: ok_status if person in ok else (403 if person in READERS else 404)
        for person in PEOPLE
    }


# --- end of delivery ---


# --- the needs list (issue 14) ---
NEED_RECORDERS = {"street", "other_street", "community", "other_community"}
RESPONSE_READERS = {"officer", "admin", "finance", "street", "other_street"}
# The needs of "community" (in "street"): the district's roles, its street, its community.
NEED_SCOPE = {"officer", "admin", "finance", "street", "community"}


def _need_scope(ok: set[str], ok_status: int = 200) -> dict:
    """A need of "community": ok → ok_status, the rest of its scope 403, everyone else 404
    (another community, even of the same street, another street, applicants, experts)."""
    return {
        person: ok_status if person in ok else (403 if person in NEED_SCOPE else 404)
        for person in PEOPLE
    }


# --- the end of the needs list ---


# --- documents (issue 13) ---
# A project's notice, agreement, certificate and payment notices: its organisation and the
# district's roles.
NOTICE_READERS = {"member", "officer", "admin", "finance"}


def _sheet_printers() -> dict:
    """An expert's 评分表: the officers and the sheet's own expert; another pool expert
    a 404, everyone without a pool profile a 403."""
    return {
        person: 200
        if person in OFFICERS | {"seated_expert"}
        else 404
        if person in POOL_EXPERTS
        else 403
        for person in PEOPLE
    }


# --- end of documents ---


# Public pages, answered without a login (tests/test_login_required.py checks them); the
# admin namespace is left out whole: the admin checks its own permissions.
NOT_IN_MATRIX = {
    "login",
    "healthz",
    "readyz",
    "set_language",
    # --- applying (issue 12): public, checked in tests/test_login_required.py ---
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "grants:register",
    "public_choices",
}
EXCLUDED_NAMESPACES = {"admin"}

# url name: (method, object, expected status per person)
MATRIX = {
    # --- accounts and the site (config/urls.py, accounts/urls.py) ---
    "home": ("get", None, EVERYONE),
    "logout": ("post", None, dict.fromkeys(PEOPLE, 302)),
    "password_change": ("get", None, EVERYONE),
    "password_change_done": ("get", None, EVERYONE),
    "organisation_list": ("get", None, _only(REGION_VIEWERS)),
    "my_organisations": ("get", None, _only({"member", "other_applicant"})),
    "organisation_detail": ("get", "organisation", _expect(EVERYONE_IN_SCOPE)),
    # A long select's search: everyone, each finding only what they may choose.
    "choices": ("get", "chooser", EVERYONE),
    # --- two-factor authentication (issue 10): one's own account, open to everyone ---
    "two_factor:security": ("get", None, EVERYONE),
    "two_factor:enrol": ("get", None, EVERYONE),
    # Nobody here owes a code: the verify page sends them on to the home page.
    "two_factor:verify": ("get", None, dict.fromkeys(PEOPLE, 302)),
    # Not enrolled: no recovery codes to renew, nothing to turn off; back to the security page.
    "two_factor:recovery_codes": ("post", None, dict.fromkeys(PEOPLE, 302)),
    "two_factor:turn_off": ("post", None, dict.fromkeys(PEOPLE, 302)),
    # --- end of two-factor authentication ---
    # --- grants ---
    "grants:project_list": ("get", None, dict.fromkeys(PEOPLE, 200)),
    "grants:project_detail": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_versions": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "grants:version_detail": ("get", "version", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_edit": ("get", "draft", _expect({"member"})),
    "grants:project_budget_total": ("post", "draft", _expect({"member"})),
    "grants:project_attach": ("post", "draft", _expect({"member"}, ok_status=302)),
    "grants:project_action": ("post", "action", _expect({"member"}, ok_status=302)),
    "grants:attachment_download": ("get", "attachment", _expect(EVERYONE_IN_SCOPE)),
    "grants:project_create": ("get", None, _only({"member", "other_applicant"})),
    "grants:programme_list": ("get", None, _only(OFFICERS)),
    "grants:programme_create": ("get", None, _only(OFFICERS)),
    "grants:programme_edit": ("get", "programme", _only(OFFICERS)),
    "grants:call_list": ("get", None, _only(OFFICERS)),
    "grants:call_create": ("get", None, _only(OFFICERS)),
    "grants:call_detail": ("get", "call", _only(OFFICERS)),
    "grants:call_edit": ("get", "call", _only(OFFICERS)),
    "grants:tranche_ledger": ("get", None, _only(MONEY)),
    "grants:record_payment": ("get", "tranche", _expect({"finance"})),
    "grants:publicity": ("get", None, dict.fromkeys(PEOPLE, 200)),
    # --- applying (issue 12): the guides are public (anyone, logged in or not, reads an
    # open call's); officers check self-registered organisations ---
    "grants:open_calls": ("get", None, dict.fromkeys(PEOPLE, 200)),
    "grants:open_call": ("get", "call", dict.fromkeys(PEOPLE, 200)),
    "grants:organisation_checks": ("get", None, _only(OFFICERS)),
    # No reason given: sent back (400) to officers, nothing changes.
    "grants:organisation_reject": ("post", "organisation", _expect(OFFICERS, ok_status=400)),
    # Without the register's record: sent back (400), unchanged.
    "grants:organisation_confirm": ("post", "organisation", _expect(OFFICERS, ok_status=400)),
    # --- the community app (namespace community:) ---
    "community:compliance": ("get", "year", _only(REGION_VIEWERS)),
    "community:plan": ("get", "plan", _region(RECORD_VIEWERS)),
    "community:registry": ("get", "registry", _region(RECORD_VIEWERS)),
    "community:plan_create": ("post", None, _community_staff_start()),
    "community:registry_create": ("post", None, _community_staff_start()),
    "community:allocation_add": ("get", "plan", _region({"community"})),
    "community:allocation_edit": ("get", "allocation", _region({"community"})),
    "community:allocation_delete": ("post", "allocation", _region({"community"}, ok_status=302)),
    "community:room_add": ("get", "registry", _region({"community"})),
    "community:allocation_preview": ("post", "plan", _region({"community"})),
    "community:room_preview": ("post", "registry", _region({"community"})),
    "community:room_edit": ("get", "room", _region({"community"})),
    "community:room_delete": ("post", "room", _region({"community"}, ok_status=302)),
    # Submitting an empty draft is refused by its rule (409) for its keeper, 403 for the
    # rest; approving or returning a draft is refused by its state (409) for anyone in scope.
    "community:plan_submit": ("post", "plan", _region({"community"}, ok_status=409)),
    "community:plan_approve": ("post", "plan", _region(RECORD_VIEWERS, ok_status=409)),
    "community:plan_return": ("post", "plan", _region(RECORD_VIEWERS, ok_status=409)),
    "community:registry_submit": ("post", "registry", _region({"community"}, ok_status=409)),
    "community:registry_approve": ("post", "registry", _region(RECORD_VIEWERS, ok_status=409)),
    "community:registry_return": ("post", "registry", _region(RECORD_VIEWERS, ok_status=409)),
    # --- the needs list (issue 14) ---
    "community:need_list": ("get", None, _only(REGION_VIEWERS)),
    "community:need_create": ("get", None, _only(NEED_RECORDERS)),
    "community:need_import": ("get", None, _only(NEED_RECORDERS)),
    "community:need_import_template": ("get", None, _only(NEED_RECORDERS)),
    # Nothing ticked: the street's batch is sent back (400), nothing changes.
    "community:need_batch": ("post", None, _only({"street", "other_street"}, ok_status=400)),
    "community:screen": ("get", None, _only(OFFICERS)),
    "community:need_responses_now": ("get", None, _only(RESPONSE_READERS)),
    "community:need_responses": ("get", "year", _only(RESPONSE_READERS)),
    "community:need": ("get", "need", _need_scope(NEED_SCOPE)),
    "community:need_edit": ("get", "draft_need", _need_scope({"community"})),
    # No file: sent back to the need's page with the message.
    "community:need_evidence": ("post", "draft_need", _need_scope({"community"}, 302)),
    # No reason: the street's return is sent back (400), nothing changes.
    "community:need_action": ("post", "need_return", _need_scope({"street"}, 400)),
    "community:evidence_download": ("get", "evidence", _need_scope(NEED_SCOPE)),
    "community:guide_drafts": ("get", None, _only(MONEY)),
    "community:guide_draft": ("get", "guide_draft", _only(MONEY)),
    # No call chosen: sent back (400), nothing changes.
    "community:guide_draft_place": ("post", "guide_draft", _only(OFFICERS, ok_status=400)),
    "reports:needs_xlsx": ("get", None, _only(REGION_VIEWERS)),
    "reports:need_responses_xlsx": ("get", "year", _only(RESPONSE_READERS)),
    "reports:department_feedback_xlsx": ("get", "year", _only(OFFICERS)),
    "reports:department_letter_pdf": ("get", "department_letter", _only(OFFICERS)),
    # --- the end of the needs list ---
    # --- the end of the community block ---
    # --- delivery (issue 15): records, spending, visits, reports, the overview ---
    "grants:service_records": ("get", "delivering", _read(READERS)),
    "grants:record_create": ("get", "delivering", _read({"member"})),
    "grants:record_edit": ("get", "record", _read({"member"})),
    "grants:record_unlock": ("get", "record", _read(OFFICERS)),
    "grants:sign_in_sheet": ("get", "record", _read(EVERYONE_IN_SCOPE)),
    "grants:record_photo": ("get", "photo", _read(READERS)),
    "grants:record_thumbnail": ("get", "photo", _read(READERS)),
    "grants:spending_list": ("get", "delivering", _read(READERS)),
    "grants:spending_create": ("get", "delivering", _read({"member"})),
    "grants:spending_edit": ("get", "spending", _read({"member"})),
    "grants:spending_unlock": ("get", "spending", _read(OFFICERS)),
    "grants:spending_receipt": ("get", "spending", _read(EVERYONE_IN_SCOPE)),
    "grants:visit_create": ("get", "delivering", _read({"officer", "admin", "street"})),
    "grants:visit_answer": ("get", "visit", _read({"member"})),
    "grants:delivery_report": ("get", "delivering", _read({"member"})),
    "grants:delivery_overview": ("get", None, _only(FOLLOWERS)),
    "reports:delivery_report_pdf": ("get", "delivering", _read({"member"})),
    "reports:delivery_overview_xlsx": ("get", None, _only(FOLLOWERS)),
    # --- end of delivery ---
    # --- reviews: officers run draws and panels ---
    "reviews:overview": ("get", None, _only(OFFICERS)),
    "reviews:draw_create": ("get", "review_call", _only(OFFICERS)),
    "reviews:ranking": ("get", "review_call", _only(OFFICERS)),
    "reviews:draw_detail": ("get", "draw", _only(OFFICERS)),
    "reviews:panel": ("get", "panel", _only(OFFICERS)),
    # Closing's preview: a final panel (issue 12); another stage's panel is a 404.
    "reviews:close_preview": ("get", "final_panel", _only(OFFICERS)),
    # Officers' posts below lack their reason or expert: 400 (form) or 409 (refused), so
    # nothing changes for the next person.
    "reviews:panel_decide": ("post", "decision", _only(OFFICERS, ok_status=400)),
    "reviews:member_assign": ("post", "panel", _only(OFFICERS, ok_status=400)),
    "reviews:fill_vacancy": ("post", "panel", _only(OFFICERS, ok_status=409)),
    "reviews:member_replace": ("post", "seat", _only(OFFICERS, ok_status=409)),
    "reviews:sheet_reopen": ("post", "sheet", _only(OFFICERS, ok_status=409)),
    # --- reviews: experts of the pool score their own panels ---
    "reviews:my_assignments": ("get", None, _only(POOL_EXPERTS)),
    "reviews:declare_tie": ("post", None, _only(POOL_EXPERTS, ok_status=302)),
    "reviews:sheet": ("get", "my_panel", _seated()),
    "reviews:recuse": ("post", "my_panel", _seated(ok_status=302)),  # no reason: sent back
    # --- reviews: the community the project serves enters resident satisfaction ---
    "reviews:satisfaction": ("get", "running", _expect({"community"})),
    # --- experts: the officers' pool ---
    "experts:list": ("get", None, _only(OFFICERS)),
    "experts:create": ("get", None, _only(OFFICERS)),
    "experts:edit": ("get", "expert", _only(OFFICERS)),
    "experts:import": ("get", None, _only(OFFICERS)),
    "experts:import_template": ("get", None, _only(OFFICERS)),
    # --- reports ---
    "reports:projects_xlsx": ("get", None, EVERYONE),  # the rows of one's own project list
    "reports:disbursements_xlsx": ("get", None, _only(MONEY)),
    "reports:review_summary_xlsx": ("get", "review_call", _only(OFFICERS)),
    "reports:review_summary_pdf": ("get", "review_call", _only(OFFICERS)),
    "reports:compliance_xlsx": ("get", "year", _only(REGION_VIEWERS)),
    "reports:compliance_pdf": ("get", "year", _only(REGION_VIEWERS)),
    "reports:call_notices_pdf": ("get", "notice_call", _only(MONEY, ok_status=302)),
    "reports:application_pdf": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "reports:approval_notice_pdf": (
        "get",
        "contracted",
        _expect({"member", "officer", "admin", "finance"}),
    ),
    "reports:assessment_pdf": ("get", "draft", _expect(EVERYONE_IN_SCOPE)),
    "reports:job": ("get", "job", _own({"officer"})),
    "reports:job_download": ("get", "job", _own({"officer"})),
    # --- documents (issue 13) ---
    "reports:agreement_pdf": ("get", "contracted", _expect(NOTICE_READERS)),
    "reports:agreement_docx": ("get", "contracted", _expect(OFFICERS)),
    "reports:approval_notice_docx": ("get", "contracted", _expect(OFFICERS)),
    "reports:certificate_pdf": ("get", "closed", _expect(NOTICE_READERS)),
    "reports:payment_notice_pdf": ("get", "payment", _expect(NOTICE_READERS)),
    "reports:score_sheet_pdf": ("get", "score_sheet", _sheet_printers()),
    # --- end of documents ---
    # --- notifications (issue 12): one's own list, switches; another's item is a 404 ---
    "notifications:list": ("get", None, EVERYONE),
    "notifications:settings": ("get", None, EVERYONE),
    "notifications:mark_all_read": ("post", None, dict.fromkeys(PEOPLE, 302)),
    # The member's item (a tranche paid for its project): opening it goes to its link.
    "notifications:open": (
        "get",
        "notification",
        {p: 302 if p == "member" else 404 for p in PEOPLE},
    ),
    # --- end of notifications ---
}


def _walk(patterns, namespace: str = ""):
    """(namespaced name or None, route) of every URL pattern outside the excluded
    namespaces."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            nested = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, nested)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), str(entry.pattern)


def test_every_url_is_in_the_matrix():
    urls = list(_walk(get_resolver().url_patterns))
    assert [route for name, route in urls if name is None] == []  # a name to list it by
    names = {name for name, _route in urls}
    assert names >= NOT_IN_MATRIX  # the exceptions name real URLs
    assert names - NOT_IN_MATRIX == set(MATRIX)


def test_the_pages_left_out_are_public():
    from tests.test_login_required import PUBLIC_URL_NAMES

    assert NOT_IN_MATRIX <= PUBLIC_URL_NAMES


@pytest.fixture
def world(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    street, other_street = StreetFactory(), StreetFactory()
    community = CommunityFactory(street=street)
    other_community = CommunityFactory(street=street)
    organisation = SocialOrganisationFactory(home_community=community)
    people = {
        "member": UserFactory(roles=[Role.APPLICANT], organisations=[organisation]),
        "other_applicant": user_with_role(Role.APPLICANT),
        "officer": user_with_role(Role.OFFICER),
        "admin": user_with_role(Role.ADMIN),
        "finance": user_with_role(Role.FINANCE),
        "expert": user_with_role(Role.EXPERT),
        "street": user_with_role(Role.STREET_STAFF, street=street),
        "other_street": user_with_role(Role.STREET_STAFF, street=other_street),
        "community": user_with_role(Role.COMMUNITY_STAFF, community=community),
        "other_community": user_with_role(Role.COMMUNITY_STAFF, community=other_community),
    }
    draft = ProjectFactory(organisation=organisation)
    contracted = ProjectFactory(
        organisation=organisation,
        state=ProjectState.CONTRACTED,
        approved_amount=Decimal("90000.00"),
    )
    payments.create_schedule(contracted)
    from grants import versions

    version = versions.freeze(draft, by=people["member"])
    attachment = Attachment.objects.create(
        project=draft,
        kind="supporting",
        file="attachments/x.pdf",
        original_name="x.pdf",
        extension=".pdf",
        storage_token="t1",
        size=9,
        uploaded_by=people["member"],
    )
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    plan = FundPlanFactory(community=community)
    allocation = Allocation.objects.create(plan=plan, use="activities", amount=Decimal("100.00"))
    registry = SpaceRegistryFactory(community=community)
    room = Room.objects.create(registry=registry, name="活动室", use="youth", area=Decimal("10"))
    running = ProjectFactory(organisation=organisation, state=ProjectState.IN_PROGRESS)
    # A panel of one, drawn from a pool of one; the other pool expert joins after the draw.
    people["seated_expert"] = _pool_expert("评委甲")
    reviewed = ProjectFactory(organisation=organisation, state=ProjectState.UNDER_REVIEW)
    draw = panels.draw_panels(call=reviewed.call, stage=Stage.INITIAL, by=people["officer"], size=1)
    people["other_expert"] = _pool_expert("评委乙")
    panel = Panel.objects.get(draw=draw)
    seat = panel.members.get()
    sheet = sheets.sheet_for(panel=panel, by=people["seated_expert"])
    need_objects = _needs(community, people)  # the needs list (issue 14)
    job = ReportJob.objects.create(
        kind=JobKind.PROJECT_LEDGER,
        requested_by=people["officer"],
        status=JobStatus.DONE,
        progress=100,
        filename="项目台账.xlsx",
    )
    job.file.save("ledger.xlsx", ContentFile(b"PK"), save=True)
    # --- delivery (issue 15) ---
    delivering, record, expense, visit = _delivering(organisation, people)
    # --- end of delivery ---
    closed, payment = _documents(organisation, people)  # documents (issue 13)
    objects = {
        "year": [2026],
        **need_objects,  # the needs list (issue 14)
        "plan": [plan.pk],
        "allocation": [plan.pk, allocation.pk],
        "registry": [registry.pk],
        "room": [registry.pk, room.pk],
        "draft": [draft.pk],
        "version": [draft.pk, version.number],
        "action": [draft.pk, "withdraw"],
        "attachment": [attachment.pk],
        "programme": [draft.call.programme_id],
        "call": [draft.call_id],
        "tranche": [contracted.tranches.get(sequence=1).pk],
        "organisation": [organisation.pk],
        "chooser": ["organisations"],
        "contracted": [contracted.pk],
        "notice_call": [contracted.call_id],
        "running": [running.pk],
        "review_call": [reviewed.call_id],
        "draw": [draw.pk],
        "panel": [panel.pk],
        "decision": [panel.pk, "reject"],
        "seat": [panel.pk, seat.pk],
        "sheet": [panel.pk, sheet.pk],
        "my_panel": [panel.pk],
        "expert": [seat.expert_id],
        "job": [job.pk],
        # --- delivery (issue 15) ---
        "delivering": [delivering.pk],
        "record": [record.pk],
        "photo": [record.photos.get().pk],
        "spending": [expense.pk],
        "visit": [visit.pk],
        # --- end of delivery ---
        # --- documents (issue 13) ---
        "closed": [closed.pk],
        "payment": [payment.pk],
        "score_sheet": [sheet.pk],
        # --- end of documents ---
        "notification": [people["member"].notifications.earliest("id").pk],
        "final_panel": [_final_panel(organisation).pk],
    }
    return people, objects


# --- delivery (issue 15) ---
def _delivering(organisation, people):
    """A running project with a record (photo, sign-in sheet), a payment (receipt) and a
    visit with an open follow-up; the seated expert reads it for its panel."""
    today = timezone.localdate()
    project = ProjectFactory(
        organisation=organisation,
        state=ProjectState.IN_PROGRESS,
        approved_amount=Decimal("90000.00"),
        period_start=today - timedelta(days=30),
        period_end=today + timedelta(days=300),
    )
    indicator = Indicator.objects.create(project=project, name="助餐", unit="人次", target=100)
    ProjectReader.objects.create(project=project, user=people["seated_expert"])
    record = records.record_activity(
        project=project,
        by=people["member"],
        activity=records.Activity(
            occurred_on=today,
            place="活动室",
            community=project.community,
            kind="meal",
            participants=12,
            volunteer_hours=None,
            increments={indicator.pk: Decimal("12")},
        ),
        photo_uploads=[photo_upload()],
        sign_in_sheet=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n"),
    )
    expense = spending.record_spending(
        project=project,
        by=people["member"],
        expense=spending.Expense(
            today, project.budget_lines.first().pk, Decimal("100.00"), "食堂", "FP-1"
        ),
        receipt=SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n"),
    )
    visit = visits.record_visit(
        project=project,
        by=people["officer"],
        visit=visits.Visit(today, "张三", "良好", "good", "补台账", today + timedelta(days=7)),
    )
    return project, record, expense, visit


# --- end of delivery ---


# --- documents (issue 13) ---
def _documents(organisation, people):
    """A project closed 良好 (its certificate) and a paid first tranche (its notice)."""
    closed = ProjectFactory(
        organisation=organisation,
        state=ProjectState.CLOSED,
        approved_amount=Decimal("90000.00"),
        grade="good",
        final_score=Decimal("85.00"),
    )
    paid = ProjectFactory(
        organisation=organisation,
        state=ProjectState.CONTRACTED,
        approved_amount=Decimal("90000.00"),
    )
    payments.create_schedule(paid)
    payment = payments.record_payment(
        tranche=paid.tranches.get(sequence=1),
        by=people["finance"],
        paid_on=timezone.localdate(),
        amount=Decimal("45000.00"),
        voucher_number="记-矩阵-1",
    )
    return closed, payment


# --- end of documents ---


def _final_panel(organisation) -> Panel:
    """A project in its final assessment with its (empty) panel: closing's preview."""
    project = ProjectFactory(
        organisation=organisation,
        state=ProjectState.FINAL_REVIEW,
        approved_amount=Decimal("90000.00"),
    )
    return Panel.objects.create(
        project=project,
        stage=Stage.FINAL,
        rubric=current_rubric(project.call.programme, Stage.FINAL),
        deadline=timezone.localdate(),
    )


def _pool_expert(name: str):
    user = user_with_role(Role.EXPERT)
    Expert.objects.create(user=user, name=name, affiliation="南京大学", fields=["finance"])
    return user


# --- the needs list (issue 14) ---
def _needs(community, people) -> dict:
    """A reported need of the community (the street may return it), a draft with
    evidence (the community keeps it), a guide-item draft and a department."""
    reported = NeedFactory(community=community, state=NeedState.REPORTED)
    draft = NeedFactory(community=community, created_by=people["community"])
    evidence = need_cases.attach_evidence(
        need=draft,
        upload=ContentFile(b"%PDF-1.4\n", name="工单.pdf"),
        by=people["community"],
    )
    guide_draft = GuideItemDraftFactory(community=community)
    department = DepartmentFactory()
    return {
        "need": [reported.pk],
        "need_return": [reported.pk, "return_to_community"],
        "draft_need": [draft.pk],
        "evidence": [evidence.pk],
        "guide_draft": [guide_draft.pk],
        "department_letter": [2026, department.pk],
    }


# --- the end of the needs list ---


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_person_gets_the_expected_answer(client, world, url_name):
    people, objects = world
    method, obj, expected = MATRIX[url_name]
    url = reverse(url_name, args=objects[obj] if obj else [])
    actual = {}
    # Those who may act go last: a successful action changes things for everyone after.
    actor = "community" if url_name.startswith("community:") else "member"
    for person in sorted(PEOPLE, key=lambda person: person == actor):
        client.force_login(people[person])
        response = client.get(url) if method == "get" else client.post(url, {"kind": "supporting"})
        actual[person] = response.status_code
    assert actual == expected
