"""Letters through the API: the same services as the case page."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from wardcase.cases import selectors
from wardcase.core.idempotency import idempotent
from wardcase.letters.api import serializers as s
from wardcase.letters.selectors import letter_template_get, letter_templates_offered
from wardcase.letters.services import letter_generate


class LetterTemplateList(APIView):
    """The letter templates offered to councillors."""

    @extend_schema(responses=s.LetterTemplateSerializer(many=True))
    def get(self, request):
        templates = letter_templates_offered()
        return Response(s.LetterTemplateSerializer(templates, many=True).data)


class CaseLetterCreate(APIView):
    """Generate a letter from a case; the .docx is kept on the case and can be downloaded."""

    @extend_schema(request=s.LetterRequestSerializer, responses={201: s.LetterSerializer})
    @idempotent
    def post(self, request, reference):
        case = selectors.case_get(user=request.user, reference=reference)
        data = s.LetterRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = letter_template_get(template_id=data.validated_data["template"])
        attachment = letter_generate(case=case, template=template, by=request.user)
        body = s.LetterSerializer(attachment, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
