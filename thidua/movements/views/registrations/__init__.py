"""Pages of targets per unit, registrations (unit and personal) and pledges, one module each."""
