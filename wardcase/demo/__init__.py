"""The demo council, for trying Wardcase out: `manage.py seed_demo`."""
