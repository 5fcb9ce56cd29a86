from django.urls import reverse
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

    def get_download_url(self, attachment) -> str:
        url = reverse("cases:attachment", args=[attachment.case.reference, attachment.pk])
        return self.context["request"].build_absolute_uri(url)
