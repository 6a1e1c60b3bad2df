"""Eligibility 资格审查: whether an organisation may apply under a programme.

The organisation's record says most of it — registration, the abnormal-activity list, the
last annual inspection, the evaluation grade — and ``checklist`` reads it against the
programme's demands. The programme may add checks only a person can make (a line each in
``Programme.eligibility_items``). Submit refuses what the record already rules out; the
officer's screening confirms every item, and ``accept_for_review`` keeps the checklist in
the project's log.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    InspectionResult,
    OrganisationStatus,
    Rating,
    SocialOrganisation,
    Verification,
)
from grants.models import Programme, Project

PASSED_INSPECTION = {InspectionResult.QUALIFIED, InspectionResult.BASICALLY_QUALIFIED}
GRADES = [choice for choice in Rating.values if choice]  # 1A … 5A, lowest first


@dataclass(frozen=True)
class Check:
    """One item of the screening checklist. ``passed`` is the record's verdict, or None
    for a check the officer makes by hand; ``finding`` says what was found."""

    key: str
    label: str
    passed: bool | None
    finding: str = ""

    @property
    def failed(self) -> bool:
        return self.passed is False


def checklist(organisation: SocialOrganisation, programme: Programme, *, year: int) -> list[Check]:
    """Every check the programme asks of ``organisation`` applying in ``year``."""
    checks = [
        _verification(organisation),
        _registration(organisation),
        _listing(organisation),
        _inspection(organisation, programme, year),
    ]
    if programme.min_rating:
        checks.append(_rating(organisation, programme.min_rating))
    checks += [
        Check(f"item-{number}", line.strip(), None)
        for number, line in enumerate(programme.eligibility_items.splitlines(), start=1)
        if line.strip()
    ]
    return checks


def checklist_of(project: Project) -> list[Check]:
    """The checklist of the project's organisation under its programme, in its call's year."""
    return checklist(project.organisation, project.programme, year=project.call.year)


def eligibility_problems(
    organisation: SocialOrganisation, programme: Programme, *, year: int
) -> list[str]:
    """What the organisation's record rules out, one sentence each (the submit guard)."""
    return [
        _("%(check)s: %(finding)s") % {"check": check.label, "finding": check.finding}
        for check in checklist(organisation, programme, year=year)
        if check.failed
    ]


def screening_problems(checks: list[Check], confirmed: Collection[str]) -> list[str]:
    """Why screening cannot pass yet: a check the record fails, or one not confirmed."""
    problems = [
        _("%(check)s: %(finding)s — mark the project ineligible instead.")
        % {"check": check.label, "finding": check.finding}
        for check in checks
        if check.failed
    ]
    problems += [
        _("Confirm “%(check)s” once you have checked it.") % {"check": check.label}
        for check in checks
        if not check.failed and check.key not in confirmed
    ]
    return problems


def screening_record(checks: list[Check]) -> str:
    """The checklist as the log keeps it, one line per item."""
    return "\n".join(
        f"✓ {check.label}" + (f"（{check.finding}）" if check.finding else "") for check in checks
    )


def requirements(programme: Programme, *, year: int) -> list[str]:
    """The checklist in plain words, for applicants reading a call before they apply
    (the public 申报指南): what ``checklist`` will ask of their organisation."""
    lines = [
        _(
            "Registered with the civil-affairs authorities, with the registration in force "
            "(not deregistered)."
        ),
        _("Not on the abnormal-activity list."),
        _(
            "Annual inspection passed (qualified or basically qualified) for %(year)s or "
            "later; an organisation registered since then is not due yet."
        )
        % {"year": year - programme.inspection_max_age},
    ]
    if programme.min_rating:
        lines.append(_("Evaluation grade %(grade)s or higher.") % {"grade": programme.min_rating})
    lines += [line.strip() for line in programme.eligibility_items.splitlines() if line.strip()]
    lines.append(
        _(
            "The organisation's details confirmed by the district civil-affairs bureau: an "
            "organisation that registers here may write its application at once and submit "
            "it once the bureau has checked its registration."
        )
    )
    return lines


def _verification(organisation: SocialOrganisation) -> Check:
    label = _("Organisation details confirmed by the district civil-affairs bureau")
    if organisation.verification == Verification.CONFIRMED:
        confirmed = organisation.verified_at
        finding = (
            _("confirmed %(date)s") % {"date": timezone.localtime(confirmed).date().isoformat()}
            if confirmed
            else ""
        )
        return Check("verification", label, True, finding)
    if organisation.verification == Verification.REJECTED:
        return Check(
            "verification",
            label,
            False,
            _("not confirmed: %(reason)s") % {"reason": organisation.verification_note},
        )
    return Check(
        "verification",
        label,
        False,
        _(
            "awaiting the bureau's check of the registration; the application can be "
            "submitted once it is confirmed"
        ),
    )


def _registration(organisation: SocialOrganisation) -> Check:
    label = _("Registration in force")
    if organisation.status == OrganisationStatus.DEREGISTERED:
        return Check("registration", label, False, _("the organisation is deregistered"))
    return Check(
        "registration",
        label,
        True,
        _("registered %(date)s") % {"date": organisation.registration_date.isoformat()},
    )


def _listing(organisation: SocialOrganisation) -> Check:
    label = _("Not on the abnormal-activity list")
    if organisation.status == OrganisationStatus.ABNORMAL:
        return Check("listing", label, False, _("the organisation is on the list"))
    return Check("listing", label, True)


def _inspection(organisation: SocialOrganisation, programme: Programme, year: int) -> Check:
    label = _("Annual inspection passed")
    earliest = year - programme.inspection_max_age
    result, inspected = organisation.inspection_result, organisation.inspection_year
    if result == InspectionResult.UNQUALIFIED:
        return Check(
            "inspection",
            label,
            False,
            _("the inspection of %(year)s found it unqualified") % {"year": inspected or "—"},
        )
    if result in PASSED_INSPECTION and inspected is not None and inspected >= earliest:
        return Check(
            "inspection",
            label,
            True,
            _("%(result)s in %(year)s")
            % {"result": organisation.get_inspection_result_display(), "year": inspected},
        )
    if organisation.registration_date.year >= earliest and result == InspectionResult.NOT_INSPECTED:
        return Check(
            "inspection",
            label,
            True,
            _("registered in %(year)s, not due for inspection yet")
            % {"year": organisation.registration_date.year},
        )
    if result in PASSED_INSPECTION and inspected is not None:
        return Check(
            "inspection",
            label,
            False,
            _(
                "the last passed inspection is of %(year)s; this programme needs "
                "%(earliest)s or later"
            )
            % {"year": inspected, "earliest": earliest},
        )
    return Check("inspection", label, False, _("no passed annual inspection on record"))


def _rating(organisation: SocialOrganisation, required: str) -> Check:
    label = _("Evaluation grade %(grade)s or higher") % {"grade": required}
    grade = organisation.rating
    if grade and GRADES.index(grade) >= GRADES.index(required):
        return Check("rating", label, True, grade)
    return Check(
        "rating",
        label,
        False,
        _("graded %(grade)s") % {"grade": grade} if grade else _("not graded"),
    )
