from wardcase.privacy.views.handover import councillor_export, councillor_handover, councillor_list
from wardcase.privacy.views.people import constituent_erase, constituent_rectify
from wardcase.privacy.views.requests import (
    access_request_export,
    access_request_fulfil,
    access_request_open,
    constituent_detail,
    constituent_search,
    privacy_home,
)

__all__ = [
    "access_request_export",
    "access_request_fulfil",
    "access_request_open",
    "constituent_detail",
    "constituent_erase",
    "constituent_rectify",
    "constituent_search",
    "councillor_export",
    "councillor_handover",
    "councillor_list",
    "privacy_home",
]
