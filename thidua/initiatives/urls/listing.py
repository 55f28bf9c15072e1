"""URLs of initiatives: listing."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
