from tests.members.factories import (
    _media_in_a_temporary_folder,
    buurtverbinder,
    neighbour,
    resident,
)

__all__ = ["_media_in_a_temporary_folder", "buurtverbinder", "neighbour", "resident"]
