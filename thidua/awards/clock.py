"""The awards app's "today": nomination deadlines, disclosure periods, the rulebook in force and
the default years of the pages all read the date from here.

One seam so that a test can move time (the disclosure period lasts working days, which a browser
journey cannot wait): call it as `clock.today()` through the module, never import the function,
and a test's `monkeypatch.setattr(clock, "today", ...)` reaches every caller, the live server's
included (it runs in the test's process).
"""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """The local date (Asia/Ho_Chi_Minh) now."""
    return timezone.localdate()
