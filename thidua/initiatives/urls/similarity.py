"""URLs of initiatives: similarity."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
