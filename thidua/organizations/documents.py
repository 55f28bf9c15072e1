"""What official documents say about units: the issuing agency block and the signer.

Domain apps build their documents' `Issuer` from the unit that issues them with `issuer_for`,
so the name, the superior agency and the abbreviation in the symbol ("15/QĐ-SYT") come from the
unit tree, not from each app. The root unit's superior is a setting (the Sở's own superior,
"Ủy ban nhân dân thành phố Hà Nội"), the other units' is their parent's name.
"""

from django.conf import settings

from thidua.documents.content import Issuer
from thidua.organizations.models import Unit

DEFAULT_PLACE = "Hà Nội"
DEFAULT_ROOT_SUPERIOR = "Ủy ban nhân dân thành phố Hà Nội"


def issuer_for(unit: Unit) -> Issuer:
    """The issuing agency block of a document `unit` issues. A unit without its abbreviation
    gives an empty one, which issuing refuses with a message saying what to fill in."""
    parent = unit.parent
    if parent is None:
        superior = str(getattr(settings, "THIDUA_ROOT_SUPERIOR", DEFAULT_ROOT_SUPERIOR))
    else:
        superior = parent.name
    return Issuer(
        name=unit.name,
        superior=superior,
        abbreviation=unit.abbreviation.strip(),
        place=str(getattr(settings, "THIDUA_DOCUMENT_PLACE", DEFAULT_PLACE)),
    )


def head_name(unit: Unit) -> str:
    """The head's full name, the default signer of the unit's documents ("" when none)."""
    return unit.head.full_name if unit.head_id is not None and unit.head else ""
