"""Choosing one row from a list that may be long: a community, a street, an organisation.

A district has a few dozen communities; a province has 20,000. A plain ``<select>`` would
write every one of them into every page that offers the choice. ``SearchSelect`` writes
the first ``SHOWN`` (and the one already chosen); when there are more, a search box under
it asks the server for the matches (htmx, ``accounts.views.choices``) and puts them in the
select. Under ``SHOWN`` it is a plain select that needs no script at all.

Each ``Source`` says which rows a user may choose from, how a typed word finds them and
which columns name a row, for the widget and the search alike; an option is read as those
plain values, no model is built for it. The form's own queryset still
decides what is valid: the search offers, the field checks. Apps above ``accounts`` add
theirs from their ``AppConfig.ready`` (``add_source``).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.generations import Generation, scope_of
from accounts.input_bounds import search_text
from accounts.models import (
    Community,
    OrganisationMembership,
    SocialOrganisation,
    Street,
    User,
    UserRole,
)

SHOWN = 50
CHOSEN = re.compile(r"[1-9][0-9]{0,17}")  # a primary key, within a bigint
COMMUNITY_NAMED_BY = ("street__name", "name")


class Options(NamedTuple):
    shown: list[tuple[str, str]]  # (value, label)
    more: bool


@dataclass(frozen=True)
class Source:
    rows: Callable[[User], QuerySet]
    matching: Callable[[str], Q]
    # The columns an option shows, joined by " · " ("雨花街道 · 白鹭社区").
    named_by: tuple[str, ...] = ("name",)
    public: bool = False  # answered without a login (the registration form's list)
    # The models whose rows the options show or choose by: a change to one of them
    # makes the options kept in the cache stale (``CHOOSERS``).
    shows: tuple[type[Model], ...] = ()

    def options(self, rows: QuerySet, chosen: str, *, among: QuerySet | None = None) -> Options:
        """The first ``SHOWN`` of ``rows`` as (value, label) with the chosen one first
        when it is not among them (looked up in ``among``, the rows the user may choose,
        when ``rows`` is a search), and whether more rows follow."""
        return self.with_chosen(self.first(rows), chosen, rows if among is None else among)

    def first(self, rows: QuerySet) -> Options:
        """The first ``SHOWN`` of ``rows`` as (value, label), and whether more follow."""
        shown = self._labelled(rows[: SHOWN + 1])
        return Options(shown[:SHOWN], len(shown) > SHOWN)

    def with_chosen(self, options: Options, chosen: str, among: QuerySet) -> Options:
        """``options`` with the chosen row of ``among`` first when it is not shown."""
        if CHOSEN.fullmatch(chosen) and all(value != chosen for value, label in options.shown):
            chosen_row = self._labelled(among.filter(pk=int(chosen)))
            return Options(chosen_row + options.shown, options.more)
        return options

    def _labelled(self, rows: QuerySet) -> list[tuple[str, str]]:
        return [
            (str(pk), " · ".join(names)) for pk, *names in rows.values_list("pk", *self.named_by)
        ]


def _community_matching(text: str) -> Q:
    return Q(name__icontains=text) | Q(street__name__icontains=text)


def _name_matching(text: str) -> Q:
    return Q(name__icontains=text)


def all_communities() -> QuerySet[Community]:
    """Every community, in the order the long lists show them: by street, then name."""
    return Community.objects.select_related("street").order_by("street__name", "name", "pk")


def all_streets() -> QuerySet[Street]:
    return Street.objects.order_by("name", "pk")


def _visible_communities(user: User) -> QuerySet[Community]:
    return permissions.visible_communities(user).order_by("street__name", "name", "pk")


def _visible_streets(user: User) -> QuerySet[Street]:
    return permissions.visible_streets(user).order_by("name", "pk")


def _visible_organisations(user: User) -> QuerySet[SocialOrganisation]:
    return permissions.visible_organisations(user).order_by("name", "pk")


# The first options of the lists' choosers, kept between requests: five queries on every
# view of a list, for rows that change a few times a year. The generation follows the rows
# the sources show and what decides who sees which (``forget_options_on_changes``).
CHOOSERS = Generation("choosers")
REGIONS = (Street, Community)
SOURCES = {
    # The communities a user follows (the filters of lists).
    "communities": Source(
        _visible_communities, _community_matching, COMMUNITY_NAMED_BY, shows=REGIONS
    ),
    # Every community: where an activity took place, the home of a registering
    # organisation. Their names are public, as the registration page shows them.
    "all-communities": Source(
        lambda user: all_communities(),
        _community_matching,
        COMMUNITY_NAMED_BY,
        public=True,
        shows=REGIONS,
    ),
    "streets": Source(_visible_streets, _name_matching, shows=REGIONS),
    # Every street: the one a guide item serves.
    "all-streets": Source(lambda user: all_streets(), _name_matching, shows=REGIONS),
    "organisations": Source(
        _visible_organisations,
        lambda text: Q(name__icontains=text) | Q(credit_code__iexact=text),
        shows=(SocialOrganisation, *REGIONS),
    ),
}


def add_source(name: str, source: Source) -> None:
    SOURCES[name] = source
    CHOOSERS.follow(*source.shows)


def forget_options_on_changes() -> None:
    """Connect the cache of options to the rows of every source and to what decides
    whose rows they are: roles, memberships, a user's street or community."""
    for source in SOURCES.values():
        CHOOSERS.follow(*source.shows)
    CHOOSERS.follow(User, UserRole, OrganisationMembership)


def matches(source: Source, user: User, text: str, chosen: str = "") -> Options:
    """The rows of ``source`` the words ``text`` find for ``user`` (``Source.options``)."""
    rows = source.rows(user)
    text = search_text(text)
    return source.options(rows.filter(source.matching(text)) if text else rows, chosen, among=rows)


class SearchSelect(forms.Select):
    """A ``ModelChoiceField``'s select that writes at most ``SHOWN`` options, with a
    search box for the rest (see the module's docstring)."""

    template_name = "accounts/widgets/search_select.html"

    def __init__(self, source: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.source_name = source
        # Set when the field offers exactly this user's rows of the source (a list's
        # filters): its first options may then come from the cache.
        self.user: User | None = None

    @property
    def source(self) -> Source:
        return SOURCES[self.source_name]

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        self._more = False
        context = super().get_context(name, value, attrs)
        # The search sends the select's value under its name (hx-include), so a row chosen
        # before searching stays chosen; ``blank`` says whether the select offers none.
        query = {"field": name}
        if self.choices.field.empty_label is None:
            query["blank"] = "0"
        context["widget"]["more"] = self._more
        context["widget"]["search_prompt"] = _("Type a name to find more")
        context["widget"]["search_url"] = (
            reverse("public_choices" if self.source.public else "choices", args=[self.source_name])
            + "?"
            + urlencode(query)
        )
        return context

    def optgroups(self, name: str, value: list[str], attrs: dict | None = None) -> list:
        field = self.choices.field
        chosen = next((item for item in value if item), "")
        first = self._first(field.queryset)
        shown, self._more = self.source.with_chosen(first, chosen, field.queryset)
        options = [("", field.empty_label)] if field.empty_label is not None else []
        options += shown
        return [
            (
                None,
                [self.create_option(name, option, label, option == chosen, index, attrs=attrs)],
                index,
            )
            for index, (option, label) in enumerate(options)
        ]

    def _first(self, rows: QuerySet) -> Options:
        if self.user is None:
            return self.source.first(rows)
        return CHOOSERS.remembered(
            f"{self.source_name}:{scope_of(self.user)}", lambda: self.source.first(rows)
        )


class ChooserFilter(django_filters.ModelChoiceFilter):
    """A list filter choosing one row of a ``Source`` (a street, a community, an
    organisation) with a ``SearchSelect``; ``ScopedFilterSet`` gives it the user's rows."""

    def __init__(self, source: str, **kwargs) -> None:
        super().__init__(queryset=None, widget=SearchSelect(source), **kwargs)
        self.source_name = source


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set for a user: each ``ChooserFilter`` offers the rows its source gives
    that user, the same rows the search under it finds."""

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for chooser in self.filters.values():
            if isinstance(chooser, ChooserFilter):
                chooser.queryset = SOURCES[chooser.source_name].rows(user)
                chooser.extra["widget"].user = user
