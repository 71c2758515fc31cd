"""Runnable examples that go with kefu."""
