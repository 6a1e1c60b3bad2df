"""factory_boy factories: only the required fields, a trait or keyword per variation."""

import itertools
from datetime import date

import factory

from accounts.credit_code import credit_code_check_character, organisation_code_check_character
from accounts.models import (
    Community,
    District,
    OrganisationMembership,
    OrganisationType,
    Role,
    SocialOrganisation,
    Street,
    User,
    UserRole,
)

_serial = itertools.count(1)


def valid_credit_code(authority: str = "5", category: str = "2", division: str = "320114") -> str:
    body = f"T{next(_serial):07d}"
    subject = body + organisation_code_check_character(body)
    first_seventeen = f"{authority}{category}{division}{subject}"
    return first_seventeen + credit_code_check_character(first_seventeen)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["division_code"]

    name = "雨花台区"
    division_code = "320114"


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"第{n}社区")


class SocialOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialOrganisation

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    credit_code = factory.LazyFunction(valid_credit_code)
    org_type = OrganisationType.SOCIAL_SERVICE
    registration_authority = "南京市雨花台区民政局"
    registration_date = date(2020, 1, 1)
    legal_representative = "王芳"
    contact_person = "李明"
    contact_phone = "025-12345678"
    home_community = factory.SubFactory(CommunityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=[Role.OFFICER])``; ``organisations=[...]`` adds memberships."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            UserRole.objects.get_or_create(user=self, role=role)
        self.__dict__.pop("roles", None)  # forget the cached role set

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        for organisation in extracted or []:
            OrganisationMembership.objects.get_or_create(user=self, organisation=organisation)


def user_with_role(role: str, **kwargs) -> User:
    """A user holding ``role``, with the region the role needs."""
    if role == Role.STREET_STAFF and "street" not in kwargs:
        kwargs["street"] = StreetFactory()
    if role == Role.COMMUNITY_STAFF and "community" not in kwargs:
        kwargs["community"] = CommunityFactory()
    if role == Role.APPLICANT and "organisations" not in kwargs:
        kwargs["organisations"] = [SocialOrganisationFactory()]
    return UserFactory(roles=[role], **kwargs)
