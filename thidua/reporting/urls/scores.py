"""URLs of reporting: scores."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
