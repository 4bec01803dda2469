"""The reference rows public pages show again and again, one list of each in the models'
order, as `portal.core.reference` keeps them per process: topics, languages, target groups,
organisation kinds and municipalities (with what lists, pickers and links show of them)."""

from portal.core import reference
from portal.directory.models import Language, Municipality, OrganisationKind, TargetGroup, Topic


def topics() -> list:
    return reference.kept("topics", lambda: list(Topic.objects.all()))


def languages() -> list:
    return reference.kept("languages", lambda: list(Language.objects.all()))


def organisation_kinds() -> list:
    return reference.kept("organisation-kinds", lambda: list(OrganisationKind.objects.all()))


def target_groups() -> list:
    return reference.kept("target-groups", lambda: list(TargetGroup.objects.all()))


def municipalities() -> list:
    """Every municipality with its administrative union, all but its boundary (the pickers,
    links and the town pages themselves read them)."""
    return reference.kept(
        "municipalities",
        lambda: list(Municipality.objects.select_related("administrative_unit").defer("boundary")),
    )


def by_id(objects: list) -> dict:
    return {obj.pk: obj for obj in objects}
