"""URLs of initiatives: councils."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
