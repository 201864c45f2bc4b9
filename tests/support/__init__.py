"""Helpers and fixtures shared by the test suites (imported as `tests.support.x`)."""
