from rest_framework.routers import SimpleRouter

from wardcase.privacy.api.views import AccessRequestViewSet, ConstituentViewSet

router = SimpleRouter()
router.register("privacy/access-requests", AccessRequestViewSet, basename="access-request")
router.register("privacy/constituents", ConstituentViewSet, basename="privacy-constituent")

urlpatterns = router.urls
