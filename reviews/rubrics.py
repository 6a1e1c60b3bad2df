"""Rubrics: DESIGN.md's defaults, and the version a new panel uses."""

from decimal import Decimal

from django.db import transaction

from grants.models import Programme
from grants.stages import Stage
from reviews.models import Criterion, Rubric

DEFAULT_CRITERIA = {
    Stage.INITIAL: [
        ("需求分析", 20),
        ("服务设计", 25),
        ("目标与指标", 15),
        ("团队能力", 15),
        ("预算合理", 15),
        ("创新与可持续", 10),
    ],
    Stage.MIDTERM: [("实施进度", 30), ("服务质量", 25), ("资金使用", 25), ("档案管理", 20)],
    Stage.FINAL: [
        ("目标达成", 30),
        ("服务成效", 25),
        ("资金规范", 20),
        ("可持续与影响", 15),
        ("档案管理", 10),
    ],
}


@transaction.atomic
def current_rubric(programme: Programme, stage: str) -> Rubric:
    """The latest version for the programme and stage, made from the defaults if none."""
    rubric = Rubric.objects.filter(programme=programme, stage=stage).order_by("-version").first()
    if rubric is not None:
        return rubric
    rubric = Rubric.objects.create(programme=programme, stage=stage, version=1)
    Criterion.objects.bulk_create(
        Criterion(rubric=rubric, order=order, name=name, max_points=Decimal(points))
        for order, (name, points) in enumerate(DEFAULT_CRITERIA[stage], start=1)
    )
    return rubric
