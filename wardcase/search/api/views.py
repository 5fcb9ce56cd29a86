"""GET /api/v1/search/: the search page's service and filters, as JSON."""

from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from wardcase.core.errors import ServiceError
from wardcase.permissions.api import MaySearch
from wardcase.search.forms import ApiSearchForm
from wardcase.search.selectors import search_results, with_snippets


class SearchResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    snippet = serializers.CharField(
        source="search_snippet",
        help_text="HTML: matches in <mark>, every other character escaped.",
    )
    rank = serializers.FloatField(source="search_rank")
    url = serializers.CharField(source="get_absolute_url")


class SearchPagination(PageNumberPagination):
    """Pages as elsewhere in the API, with the count capped as on the search page;
    `more` is true when more cases matched than `count` says."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["more"] = self.page.paginator.object_list.over_cap
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["more"] = {"type": "boolean"}
        return schema


class SearchView(generics.ListAPIView):
    """Cases the user may see matching `q` and the filters (ids for ward, service,
    department, officer, councillor; ISO dates for created_from/created_to), best first."""

    serializer_class = SearchResultSerializer
    permission_classes = [MaySearch]
    pagination_class = SearchPagination

    def get_queryset(self):
        form = ApiSearchForm(self.request.query_params)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise ServiceError(f"{field}: {errors[0]}", field=field)
        self.search_query = form.query
        return search_results(user=self.request.user, query=form.query, filters=form.filters)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_snippets(cases=page, user=self.request.user, query=self.search_query)
