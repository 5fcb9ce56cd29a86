"""The API's pages: numbered, as DRF's, read ids first (wardcase.core.pagination)."""

from rest_framework import pagination

from wardcase.core.pagination import IdsFirstPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = IdsFirstPaginator
