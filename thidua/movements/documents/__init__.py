"""Official documents the movements app issues through the documents engine: the Kế hoạch of a
movement's year and the list of a registration round (the units' registrations, or a unit's
personal registrations). `specs` declares their wording, `plan` and `registrations` build them
from data the selectors read; `services/documents.py` issues them."""
