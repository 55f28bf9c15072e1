"""URLs of reporting: workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
