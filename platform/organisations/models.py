"""City-wide organisations, their services, locations and professionals (the social map).

Every table here lives in the public schema (SHARED_APPS): one profile shows on every
buurtsite the organisation serves. The abstract `*Fields` bases are reused by the buurtsite's
own local entries (socialmap), so both levels have the same shape.

Photos and logos are names in the organisations' own storage (organisations.photos), never
in a buurtsite's media folder: a buurtsite shows them through the public photo view.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialmap_platform.search import document, service_indexes
from textsearch.definitions import folded

kvk_validator = RegexValidator(
    r"^\d{8}$", _("A KvK number has exactly 8 digits, for example 12345678.")
)
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-()]{5,18}[0-9]$",
    _("Enter a phone number with digits only, for example 024 123 45 67."),
)
postal_code_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", _("Enter a Dutch postcode, for example 6512 AB.")
)

MAX_PHOTOS = 6


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def validate_opening_hours(value: Any) -> None:
    """Opening hours: a list of {"day": 0-6, "opens": "HH:MM", "closes": "HH:MM"}."""
    invalid = ValidationError(_("The opening hours are not valid."), code="invalid")
    if not isinstance(value, list) or len(value) > 14:
        raise invalid
    for period in value:
        if not isinstance(period, dict) or set(period) != {"day", "opens", "closes"}:
            raise invalid
        day, opens, closes = period["day"], period["opens"], period["closes"]
        if not isinstance(day, int) or day not in Weekday.values:
            raise invalid
        if not (isinstance(opens, str) and _TIME.match(opens)):
            raise invalid
        if not (isinstance(closes, str) and _TIME.match(closes)):
            raise invalid
        if closes <= opens:
            raise ValidationError(
                _("On %(day)s the closing time must be after the opening time.")
                % {"day": Weekday(day).label},
                code="closes_before_opens",
            )


class TargetGroup(models.TextChoices):
    OLDER_PEOPLE = "ouderen", _("Older people")
    YOUNG_PEOPLE = "jongeren", _("Young people")
    CHILDREN = "kinderen", _("Children")
    FAMILIES = "gezinnen", _("Families")
    CARERS = "mantelzorgers", _("Informal carers")
    NEWCOMERS = "nieuwkomers", _("Newcomers")
    DISABILITY = "beperking", _("People with a disability")
    EVERYONE = "iedereen", _("Everyone")


class Need(models.TextChoices):
    """Categories of need: what a resident is looking for help with."""

    MONEY = "geldzaken", _("Money matters")
    LONELINESS = "eenzaamheid", _("Loneliness and meeting people")
    HOUSING = "wonen", _("Housing")
    HEALTH = "gezondheid", _("Health")
    PARENTING = "opvoeding", _("Raising children")
    WORK = "werk", _("Work and daytime activities")
    TRANSPORT = "vervoer", _("Transport")
    PAPERWORK = "administratie", _("Forms and paperwork")
    LANGUAGE = "taal", _("Language and reading")
    CARE = "zorg", _("Care and support at home")
    SAFETY = "veiligheid", _("Safety and domestic violence")
    LEGAL = "juridisch", _("Legal advice")


class OrganisationFields(models.Model):
    """What every organisation on the social map tells residents about itself."""

    name = models.CharField(_("name"), max_length=150)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[kvk_validator]
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    logo = models.CharField(_("logo"), max_length=200, blank=True)
    photos = ArrayField(
        models.CharField(max_length=200), verbose_name=_("photos"), default=list, blank=True
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[phone_validator]
    )
    opening_hours = models.JSONField(
        _("opening hours"), default=list, blank=True, validators=[validate_opening_hours]
    )
    opening_hours_note = models.CharField(
        _("note on the opening hours"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ServiceFields(models.Model):
    """One service: what it is, for whom, for which need, what it costs, how to apply."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    target_groups = ArrayField(
        models.CharField(max_length=20, choices=TargetGroup.choices),
        verbose_name=_("target groups"),
        default=list,
        blank=True,
    )
    categories = ArrayField(
        models.CharField(max_length=20, choices=Need.choices),
        verbose_name=_("kinds of help"),
        default=list,
        blank=True,
    )
    costs = models.CharField(_("costs"), max_length=300, blank=True)
    how_to_apply = models.TextField(_("how to apply"), max_length=2000, blank=True)
    photos = ArrayField(
        models.CharField(max_length=200), verbose_name=_("photos"), default=list, blank=True
    )
    web_page = models.URLField(_("web page with more information"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[phone_validator]
    )
    # A withdrawn service stays for the history but is listed nowhere.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Copies for the list of search results, so one read gives a whole page: the
    # organisation's name and the places (name, street, coordinates), kept by the actions
    # that change them (organisations.listing, socialmap.listing), never edited by hand.
    organisation_name = models.CharField(
        _("organisation name"), max_length=150, blank=True, editable=False
    )
    places = models.JSONField(_("places"), default=list, blank=True, editable=False)
    # What the social map's search reads (socialmap_platform.search), kept by PostgreSQL.
    search_document = models.GeneratedField(
        expression=document(), output_field=SearchVectorField(), db_persist=True
    )
    folded_name = models.GeneratedField(
        expression=folded("name"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class LocationFields(models.Model):
    """A place where a service is offered. Coordinates are optional (for the map)."""

    name = models.CharField(_("name of the place"), max_length=150)
    street_address = models.CharField(_("street and number"), max_length=150, blank=True)
    postal_code = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postal_code_validator]
    )
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Fill in both latitude and longitude, or neither."))
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("A latitude lies between -90 and 90.")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("A longitude lies between -180 and 180.")})


class Organisation(OrganisationFields):
    """An organisation that works city-wide: one profile on every buurtsite it serves."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    # The buurtsites it serves: only those of its own municipality (organisations.actions).
    buurtsites = models.ManyToManyField(
        "tenants.Buurtsite",
        related_name="serving_organisations",
        verbose_name=_("buurtsites served"),
        blank=True,
    )
    # Set by billing when a licence is unpaid past its grace period: hides its services.
    licence_hidden = models.BooleanField(_("hidden for an unpaid licence"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]


class Location(LocationFields):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]


class Service(ServiceFields):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    locations = models.ManyToManyField(
        Location, related_name="services", verbose_name=_("locations"), blank=True
    )
    # Off: only on the buurtsites chosen here (a subset of the organisation's buurtsites).
    serves_all_buurtsites = models.BooleanField(
        _("on every buurtsite the organisation serves"), default=True
    )
    buurtsites = models.ManyToManyField(
        "tenants.Buurtsite",
        related_name="organisation_services",
        verbose_name=_("buurtsites"),
        blank=True,
    )
    # The buurtsites whose social map lists it now, kept by organisations.listing: the one
    # place that applies "served, chosen, not withdrawn, no unpaid licence".
    listed_on = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    # The organisation said "still correct" (or changed it) at this moment: see freshness.
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["confirmed_at"], name="org_service_confirmed_idx"),
            GinIndex(fields=["listed_on"], name="org_service_listed_on_idx"),
            *service_indexes("socialmap_city"),
        ]


class Professional(models.Model):
    """A welfare or care worker with a profile, shown on the organisation's buurtsites."""

    class ContactRoute(models.TextChoices):
        EMAIL = "email", _("By e-mail")
        PHONE = "phone", _("By phone")
        BUURTVERBINDER = "buurtverbinder", _("Through the buurtverbinder")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="professionals",
        verbose_name=_("organisation"),
    )
    # A portal account in the public schema. Never join it from a buurtsite's schema: there
    # `accounts_user` is that buurtsite's own member table.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="professional_profiles",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("role or job title"), max_length=100, blank=True)
    about = models.TextField(_("about"), max_length=2000, blank=True)
    photo = models.CharField(_("photo"), max_length=200, blank=True)
    contact_route = models.CharField(
        _("how residents get in touch"),
        max_length=20,
        choices=ContactRoute.choices,
        default=ContactRoute.BUURTVERBINDER,
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[phone_validator]
    )
    is_active = models.BooleanField(_("shown"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.contact_route == self.ContactRoute.EMAIL and not self.email:
            raise ValidationError({"email": _("Fill in the e-mail address residents can use.")})
        if self.contact_route == self.ContactRoute.PHONE and not self.phone:
            raise ValidationError({"phone": _("Fill in the phone number residents can use.")})


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")


class OrganisationMembership(models.Model):
    """A person who keeps an organisation's profile: an admin also invites colleagues."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation_id} ({self.role})"


class OrganisationInvitation(models.Model):
    """An invitation to join an organisation's portal, valid 7 days, used once.

    Only a hash of the token is kept: the link in the e-mail is the one place the token exists.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"


class Version(models.Model):
    """One change by an organisation: the state before and after, kept for review and revert.

    The change is live at once; the operator and the buurtverbinders of the buurtsites the
    organisation serves see it in their review list until they mark it seen.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        SERVICE = "service", _("Service")
        LOCATION = "location", _("Location")
        PROFESSIONAL = "professional", _("Professional")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_name = models.CharField(_("name"), max_length=150)
    # Snapshots as JSON; `previous` is null when the object was created by this change, and
    # `snapshot` empty when it was removed.
    previous = models.JSONField(_("before"), null=True, blank=True)
    snapshot = models.JSONField(_("after"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_by_name = models.CharField(_("changed by"), max_length=150, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # A reverted change is undone by a later version; no reviewer needs to look at it again.
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by_name = models.CharField(_("reverted by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "object_id"], name="org_version_object_idx"),
            models.Index(fields=["organisation", "-changed_at"], name="org_version_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.changed_at:%Y-%m-%d %H:%M})"

    @property
    def is_removal(self) -> bool:
        """This change removed the object: the snapshot after it is empty."""
        return not self.snapshot


class VersionSeen(models.Model):
    """A reviewer marked a change seen: the operator (no buurtsite) or a buurtsite's team."""

    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="seen", verbose_name=_("change")
    )
    buurtsite = models.ForeignKey(
        "tenants.Buurtsite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurtsite"),
    )
    seen_by_name = models.CharField(_("seen by"), max_length=150, blank=True)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("change seen")
        verbose_name_plural = _("changes seen")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "buurtsite"],
                name="one_review_per_reviewer",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id} seen ({self.buurtsite_id or 'operator'})"
