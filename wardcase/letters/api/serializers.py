from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wardcase.cases.api.serializers import AttachmentSerializer
from wardcase.letters.models import LetterTemplate


class LetterTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterTemplate
        fields = ["id", "name", "purpose"]


class LetterRequestSerializer(serializers.Serializer):
    template = serializers.IntegerField(help_text="The id of an offered letter template.")


class LetterSerializer(AttachmentSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta(AttachmentSerializer.Meta):
        fields = [*AttachmentSerializer.Meta.fields, "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment):
        url = reverse("cases:attachment", args=[attachment.case.reference, attachment.pk])
        return self.context["request"].build_absolute_uri(url)
