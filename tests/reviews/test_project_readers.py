"""A seat on a panel makes its expert a reader of the project, and the end of the last seat
ends it: ``Project.objects.visible_to`` reads ``ProjectReader`` rows that the panel use
cases write. The data migration gives today's seated experts their rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Role
from experts.models import Expert, Stage
from grants.models import Project, ProjectReader, ProjectState
from reviews import panels
from reviews.models import Panel
from tests.factories import CallFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(db):
    return [
        Expert.objects.create(
            user=UserFactory(roles=[Role.EXPERT]), name=f"专家{n}", affiliation="大学", fields=[]
        )
        for n in range(6)
    ]


@pytest.fixture
def panel(pool, officer):
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    return Panel.objects.select_related("project").get()


def _sees(expert: Expert, project: Project) -> bool:
    return Project.objects.visible_to(expert.user).filter(pk=project.pk).exists()


def _seated(panel: Panel) -> list[Expert]:
    return [
        m.expert for m in panel.members.filter(removed_at__isnull=True).select_related("expert")
    ]


def _outside(pool: list[Expert], panel: Panel) -> list[Expert]:
    return [e for e in pool if not panel.members.filter(expert=e).exists()]


def test_a_draw_makes_each_seated_expert_a_reader_of_its_project(pool, panel):
    seated = _seated(panel)
    assert set(panel.project.readers.values_list("user_id", flat=True)) == {
        e.user_id for e in seated
    }
    assert all(_sees(expert, panel.project) for expert in seated)
    assert not any(_sees(expert, panel.project) for expert in _outside(pool, panel))


def test_recusal_ends_the_reading(panel):
    leaving = _seated(panel)[0]
    panels.recuse(expert=leaving, project=panel.project, by=leaving.user, reason="亲属关系")
    assert not _sees(leaving, panel.project)
    assert not ProjectReader.objects.filter(user=leaving.user).exists()


def test_assignment_by_hand_grants_reading(pool, panel, officer):
    newcomer = _outside(pool, panel)[0]
    assert not _sees(newcomer, panel.project)
    panels.assign_manually(panel=panel, expert=newcomer, by=officer, reason="补充财务专家")
    assert _sees(newcomer, panel.project)


def test_a_replacement_passes_the_reading_from_the_leaving_to_the_drawn(pool, panel, officer):
    leaving = panel.members.filter(removed_at__isnull=True).select_related("expert").first()
    seat = panels.replace_member(panel=panel, member=leaving, by=officer, reason="出差")
    assert not _sees(leaving.expert, panel.project)
    assert _sees(seat.expert, panel.project)


def test_reading_lasts_while_the_expert_keeps_a_seat_on_another_panel_of_the_project(
    pool, panel, officer
):
    Project.objects.filter(pk=panel.project_id).update(state=ProjectState.MIDTERM_REVIEW)
    # Two seats at mid-term: at least one of the three initial experts is not drawn again.
    panels.draw_panels(
        call=panel.project.call, stage=Stage.MIDTERM, by=officer, size=2, required_fields=[]
    )
    midterm = Panel.objects.get(project=panel.project, stage=Stage.MIDTERM)
    both = next(e for e in _seated(panel) if e not in _seated(midterm))
    panels.assign_manually(panel=midterm, expert=both, by=officer, reason="熟悉项目")
    assert ProjectReader.objects.filter(user=both.user).count() == 1  # one row, two seats
    member = panel.members.get(expert=both, removed_at__isnull=True)
    panels.replace_member(panel=panel, member=member, by=officer, reason="立项评审已结束")
    assert _sees(both, panel.project)  # still on the mid-term panel


def test_an_expert_without_the_expert_role_reads_nothing(panel):
    expert = _seated(panel)[0]
    expert.user.role_assignments.filter(role=Role.EXPERT).delete()
    expert.user.__dict__.pop("roles", None)
    assert not _sees(expert, panel.project)


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_makes_readers_of_todays_seated_experts(pool, panel, officer):
    seated = {e.user_id for e in _seated(panel)}
    leaving = panel.members.filter(removed_at__isnull=True).first()
    panels.recuse(expert=leaving.expert, project=panel.project, by=leaving.expert.user, reason="x")
    seated.discard(leaving.expert.user_id)
    executor = MigrationExecutor(connection)
    before = [("reviews", "0001_rubrics_panels_sheets")]
    after = executor.loader.graph.leaf_nodes("reviews")
    executor.migrate(before)  # reversing empties the readers
    assert not ProjectReader.objects.exists()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert set(panel.project.readers.values_list("user_id", flat=True)) == seated
