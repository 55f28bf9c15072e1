"""URLs of the scoring pages (filled by the views of views/scoring.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
