"""Who am I: the signed-in user, their role and whom they act for."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from wardcase.accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    ward: serializers.StringRelatedField[Any] = serializers.StringRelatedField(allow_null=True)
    department: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        allow_null=True
    )
    acts_for: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True
    )

    class Meta:
        model = User
        fields = ["username", "name", "email", "role", "ward", "department", "acts_for"]


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
