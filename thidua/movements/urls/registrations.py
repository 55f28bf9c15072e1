"""URLs of the registrations pages (filled by the views of views/registrations.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
