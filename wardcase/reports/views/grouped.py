"""Response times and volumes: one period, grouped by a dimension the user may pick."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wardcase.core.access import signed_in
from wardcase.permissions.reports import groups_for
from wardcase.reports import documents, hot_spots, queries
from wardcase.reports.dimensions import RESPONSE_TIME_GROUPS, VOLUME_GROUPS
from wardcase.reports.forms import GroupedPeriodForm, bound_or_default
from wardcase.reports.views.common import ROLES, render_report


def _grouped(request, *, slug, title, groups, build):
    groups = groups_for(request.user, groups)
    form = bound_or_default(GroupedPeriodForm, request, groups=groups)
    document = None
    if form.is_valid():
        data = form.cleaned_data
        period = {"date_from": data["date_from"], "date_to": data["date_to"]}
        document = documents.Document(slug, title, **period)
        document.sections = build(request.user, data["group"], period)
    return render_report(request, form=form, document=document, title=title, slug=slug)


@signed_in(ROLES)
@require_safe
def response_times(request):
    def build(user, group, period):
        report = queries.response_times(user=user, group=group, **period)
        return [documents.response_times_section(report)]

    return _grouped(
        request,
        slug="response-times",
        title=_("Response times"),
        groups=RESPONSE_TIME_GROUPS,
        build=build,
    )


@signed_in(ROLES)
@require_safe
def volumes(request):
    def build(user, group, period):
        sections = [documents.volumes_section(queries.volumes(user=user, group=group, **period))]
        spots = hot_spots.hot_spots(user=user, **period)
        return [*sections, documents.hot_spots_section(spots, **period)]

    return _grouped(request, slug="volumes", title=_("Volumes"), groups=VOLUME_GROUPS, build=build)
