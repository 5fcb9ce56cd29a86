"""The API's pages: numbered, as DRF's, read ids first (wardcase.core.pagination)."""

from functools import partial

from rest_framework import pagination

from wardcase.core.pagination import IdsFirstPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """A view's `page_rows(ids)`, if it has one, reads the page's rows from their ids
    (see IdsFirstPaginator); otherwise they are read through its queryset."""

    page_rows = None

    def paginate_queryset(self, queryset, request, view=None):
        self.page_rows = getattr(view, "page_rows", None)
        return super().paginate_queryset(queryset, request, view)

    @property
    def django_paginator_class(self):
        return partial(IdsFirstPaginator, rows=self.page_rows)
