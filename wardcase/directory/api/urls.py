from rest_framework.routers import SimpleRouter

from wardcase.directory.api.views import DepartmentViewSet, ServiceViewSet

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("services", ServiceViewSet, basename="service")

urlpatterns = router.urls
