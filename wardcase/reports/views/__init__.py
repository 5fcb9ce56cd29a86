"""Report pages, one module per page group: the start page, the grouped reports (response
times, volumes) and the downloadable ones (quarterly, enquiry types)."""

from wardcase.reports.views.downloadable import enquiry_types, quarterly
from wardcase.reports.views.grouped import response_times, volumes
from wardcase.reports.views.index import index

__all__ = ["enquiry_types", "index", "quarterly", "response_times", "volumes"]
