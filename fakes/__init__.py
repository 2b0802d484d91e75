"""Fake platform servers (Slack Web API, Telegram Bot API) and test councils on loopback: used by the tests
and by the benchmarks, so an installed `brukerrad-bench` needs neither pytest nor the test suite."""
