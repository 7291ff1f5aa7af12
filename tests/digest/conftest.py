from tests.members.factories import (
    _media_in_a_temporary_folder,
    buurtverbinder,
    neighbour,
    resident,
)
from tests.participation.factories import _without_demo_participation, municipality_staff

__all__ = [
    "_media_in_a_temporary_folder",
    "_without_demo_participation",
    "buurtverbinder",
    "municipality_staff",
    "neighbour",
    "resident",
]
