"""bench/run.py cannot rot: its arguments parse, and every scenario it times works against
a small generated council (SQLite here; the bench itself runs on PostgreSQL over HTTP)."""

import pytest

from bench import run
from bench import scenarios as bench_scenarios
from wardcase.demo.generating import generate_data


def test_arguments_default_to_a_small_run_and_refuse_nonsense(capsys):
    """No arguments: 10,000 cases, seed 1, the data set reused; bad values are refused."""
    args = run.arguments([])
    assert (args.cases, args.seed, args.fresh, args.readme) == (10_000, 1, False, False)
    assert run.arguments(["--cases", "500", "--fresh"]).fresh is True
    for bad in (["--cases", "0"], ["--requests", "2"], ["--seconds", "0"]):
        with pytest.raises(SystemExit):
            run.arguments(bad)
    assert "must be" in capsys.readouterr().err


@pytest.mark.django_db
def test_every_scenario_answers_as_expected_on_a_small_council(client, settings):
    """Each scenario's requests, as its role, get the statuses the bench counts as working:
    pages 200, logging a case a redirect to it; the case page's case has 30 entries."""
    settings.WARDCASE_BENCH = True
    generate_data(cases=40, seed=3)
    world = bench_scenarios.world_prepare()
    from wardcase.cases.models import Case

    case = Case.objects.get(reference=world.case_reference)
    assert case.events.count() == bench_scenarios.CASE_EVENTS
    assert world.common and world.rare and world.surnames and world.references
    scenarios = bench_scenarios.scenarios(world)
    names = [s.name for s in scenarios]
    assert len(names) == len(set(names))
    for role in bench_scenarios.ROLES:
        assert f"search, {role}: common words" in names
    before = Case.objects.count()
    for scenario in scenarios:
        client.logout()
        if scenario.role is not None:
            client.force_login(world.users[scenario.role])
        for i in (1, 2):
            for request in scenario.requests(i):
                if request.method == "POST":
                    response = client.post(request.path, request.data)
                else:
                    response = client.get(request.path)
                assert response.status_code in request.ok, (scenario.name, request.path)
    assert Case.objects.count() == before + 2  # two goes of logging a case
