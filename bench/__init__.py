"""Benchmarks: scripts run by hand or by `make bench`, never by `make test` (bench/README.md)."""
