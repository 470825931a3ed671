"""Quiz generation, answer checking and quiz rules (pure domain; see DESIGN.md).

Generators are registered by kind in :mod:`bot.core.quiz.registry`; each question is a
:class:`bot.core.quiz.questions.Question`.
"""
