"""What partners edit, field by field, and how values travel between an entry, a form and the
JSON of a revision (a foreign key as its pk, a many-to-many field as a sorted list of pks)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models

from portal.directory.models import Contact, Location, Municipality, Offer, Organisation


@dataclass(frozen=True)
class Editable:
    model: type[models.Model]
    fields: tuple[str, ...]  # plain fields and foreign keys
    m2m: tuple[str, ...] = ()

    @property
    def all_fields(self) -> tuple[str, ...]:
        return self.fields + self.m2m

    def label(self, name: str) -> str:
        # modeltranslation names the German field "Titel [de]"; partners edit German only.
        return str(self.model._meta.get_field(name).verbose_name).removesuffix(" [de]")

    def owner(self, obj) -> Organisation:
        """Whose entry it is: the organisation itself, its organisation, or for a
        municipality's note the county office (which answers for what the portal says)."""
        if isinstance(obj, Organisation):
            return obj
        if isinstance(obj, Municipality):
            return Organisation.objects.filter(kind__is_county_office=True).order_by("pk").first()
        return obj.organisation


OFFER = Editable(
    Offer,
    fields=(
        "title_de",
        "summary_de",
        "description_de",
        "registration_de",
        "schedule_de",
        "cost",
        "cost_note_de",
        "external_url",
        "is_county_wide",
    ),
    m2m=("topics", "target_groups", "languages", "municipalities", "locations", "contacts"),
)
LOCATION = Editable(
    Location,
    fields=(
        "name",
        "street",
        "postcode",
        "city",
        "municipality",
        "latitude",
        "longitude",
        "accessibility_de",
    ),
)
CONTACT = Editable(
    Contact,
    fields=("name", "is_person", "kind", "role_de", "email", "phone", "office_hours_de"),
    m2m=("municipalities",),
)
ORGANISATION = Editable(
    Organisation,
    fields=("name", "description_de", "website", "email", "phone", "street", "postcode", "city"),
    m2m=("municipalities_served",),
)
MUNICIPALITY = Editable(Municipality, fields=("note_de",))
EDITABLES = {e.model: e for e in (OFFER, LOCATION, CONTACT, ORGANISATION, MUNICIPALITY)}


def to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 48.330000 and 48.33 are the same value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def values_of(obj, editable: Editable) -> dict:
    """The editable values of a saved entry, as a revision stores them."""
    values = {}
    for name in editable.fields:
        field = obj._meta.get_field(name)
        values[name] = to_json(getattr(obj, field.attname))
    for name in editable.m2m:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def from_form(cleaned_data: dict, editable: Editable) -> dict:
    return {name: to_json(cleaned_data.get(name)) for name in editable.all_fields}


def apply(obj, editable: Editable, values: dict) -> None:
    """Set `values` on `obj` (saved afterwards by the caller, then `apply_m2m`)."""
    for name in editable.fields:
        if name in values:
            field = obj._meta.get_field(name)
            setattr(obj, field.attname, field.to_python(values[name]))


def apply_m2m(obj, editable: Editable, values: dict) -> None:
    for name in editable.m2m:
        if name in values:
            getattr(obj, name).set(values[name])


def initial(editable: Editable, values: dict) -> dict:
    """Form initial data from revision values."""
    result = {}
    for name, value in values.items():
        if name in editable.m2m:
            result[name] = value
        elif name in editable.fields:
            field = editable.model._meta.get_field(name)
            result[name] = field.to_python(value)
    return result
