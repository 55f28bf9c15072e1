"""URLs of reporting: monitoring."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
