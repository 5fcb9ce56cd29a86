"""Template context every page needs."""

from wardcase.directory.models import Council


def council(request):
    return {"council": Council.objects.only("name").first}
