from rest_framework.routers import SimpleRouter

from wardcase.cases.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = router.urls
