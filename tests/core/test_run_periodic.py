"""The scheduler that `make run` starts beside the worker."""

from django.core.management import call_command


def test_run_periodic_once_runs_each_command(db, settings, capsys):
    """With --once each command runs one time; a failing one does not stop the rest."""
    settings.WARDCASE_PERIODIC_COMMANDS = [("no_such_command", 60), ("check", 60)]
    call_command("run_periodic", once=True)
    assert "System check identified no issues" in capsys.readouterr().out
