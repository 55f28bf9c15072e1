"""URLs of reporting: imports."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
