import pytest

from accounts.models import Role
from tests.factories import ProjectFactory, UserFactory, user_with_role


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def member(project):
    """An applicant of the project's organisation."""
    return UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])


@pytest.fixture
def officer(db):
    return user_with_role(Role.OFFICER)


@pytest.fixture
def finance(db):
    return user_with_role(Role.FINANCE)
