"""The glossary of services and the departments: configuration any signed-in user may read."""

from rest_framework import serializers, viewsets

from wardcase.directory.models import Department, Service


class DepartmentSerializer(serializers.ModelSerializer):
    head = serializers.CharField(
        source="head.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Department
        fields = ["id", "name", "head"]


class ServiceSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", read_only=True)
    department_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Service
        fields = ["id", "name", "department", "department_id"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    queryset = Department.objects.filter(active=True).select_related("head").order_by("name")


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The glossary: what a case can be about. Use the id when logging a case."""

    serializer_class = ServiceSerializer
    queryset = (
        Service.objects.filter(active=True, department__active=True)
        .select_related("department")
        .order_by("department__name", "name")
    )
