"""URLs of initiatives: submission."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
