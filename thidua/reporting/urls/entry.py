"""URLs of reporting: entry."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
