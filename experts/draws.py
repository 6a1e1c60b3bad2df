"""Random panel draws that anyone can replay.

``choose_panels`` is a pure function of its inputs and the seed: the same inputs give the
same panels on any machine (Python's ``random.Random`` with a string seed is stable across
versions). A draw is recorded with all its inputs and sealed with a SHA-256 digest, so
``verify`` can tell both whether the record was altered and whether replaying it gives the
recorded panels.
"""

import hashlib
import json
import random
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

from experts.models import ExpertField


class DrawImpossible(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_seed() -> str:
    return secrets.token_hex(16)


def choose_panels(
    *,
    seed: str,
    projects: list[int],
    candidates: dict[int, list[str]],
    conflicts: set[tuple[int, int]],
    size: int,
    required_fields: list[str],
    load_cap: int,
    existing_load: dict[int, int],
    exclude: dict[int, list[int]] | None = None,
    titles: dict[int, str] | None = None,
) -> dict[int, list[int]]:
    """Panels of ``size`` experts for each project (in id order), each meeting every
    required field, never a conflicted or excluded expert, nobody above ``load_cap``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible by design; the seed is secret-free
    load = {int(k): v for k, v in existing_load.items()}
    exclude = exclude or {}
    titles = titles or {}
    if len(required_fields) > size:
        raise DrawImpossible(
            _("A panel of %(size)s cannot hold %(count)s required fields.")
            % {"size": size, "count": len(required_fields)}
        )
    result = {}
    for project in sorted(projects):
        title = titles.get(project, str(project))
        order = sorted(
            expert
            for expert in candidates
            if (expert, project) not in conflicts
            and expert not in exclude.get(project, [])
            and load.get(expert, 0) < load_cap
        )
        rng.shuffle(order)
        chosen: list[int] = []
        for field in required_fields:
            pick = next((e for e in order if e not in chosen and field in candidates[e]), None)
            if pick is None:
                raise DrawImpossible(
                    _("No free expert in %(field)s without a conflict is left for “%(title)s”.")
                    % {"field": _field_label(field), "title": title}
                )
            chosen.append(pick)
        chosen += [e for e in order if e not in chosen][: size - len(chosen)]
        if len(chosen) < size:
            raise DrawImpossible(
                _(
                    "Only %(available)s experts without a conflict and under the load cap of "
                    "%(cap)s are free for “%(title)s”; the panel needs %(size)s."
                )
                % {"available": len(chosen), "cap": load_cap, "title": title, "size": size}
            )
        for expert in chosen:
            load[expert] = load.get(expert, 0) + 1
        result[project] = chosen
    return result


def _field_label(code: str) -> str:
    return str(ExpertField(code).label) if code in ExpertField.values else code


def seal(seed: str, inputs: dict, result: dict) -> str:
    payload = json.dumps(
        {"seed": seed, "inputs": inputs, "result": result}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    sealed: bool
    replayed: bool

    @property
    def ok(self) -> bool:
        return self.sealed and self.replayed


def verify(seed: str, inputs: dict, result: dict, digest: str) -> Verification:
    sealed = seal(seed, inputs, result) == digest
    try:
        replay = replay_inputs(seed, inputs)
    except DrawImpossible:
        return Verification(sealed, False)
    return Verification(sealed, replay == {str(k): v for k, v in result.items()})


def replay_inputs(seed: str, inputs: dict, titles: dict | None = None) -> dict[str, list[int]]:
    """Run the draw from its recorded (JSON) inputs; project ids come back as strings."""
    panels = choose_panels(
        seed=seed,
        projects=inputs["projects"],
        candidates={int(k): v for k, v in inputs["candidates"].items()},
        conflicts={tuple(pair) for pair in inputs["conflicts"]},
        size=inputs["size"],
        required_fields=inputs["required_fields"],
        load_cap=inputs["load_cap"],
        existing_load={int(k): v for k, v in inputs["existing_load"].items()},
        exclude={int(k): v for k, v in inputs.get("exclude", {}).items()},
        titles=titles,
    )
    return {str(k): v for k, v in panels.items()}
