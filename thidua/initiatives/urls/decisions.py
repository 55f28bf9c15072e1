"""URLs of initiatives: decisions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
