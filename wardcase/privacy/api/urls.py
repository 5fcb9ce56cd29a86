from rest_framework.routers import SimpleRouter

from wardcase.privacy.api.views import AccessRequestViewSet

router = SimpleRouter()
router.register("privacy/access-requests", AccessRequestViewSet, basename="access-request")

urlpatterns = router.urls
