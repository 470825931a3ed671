"""Coaching: spaced repetition, mastery per objective, the next step, reminders and the organiser's report.

Pure domain code: every function takes ``now`` (timezone-aware, UTC) and returns values.
"""
