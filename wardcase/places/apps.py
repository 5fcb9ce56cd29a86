from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "wardcase.places"
    label = "places"
