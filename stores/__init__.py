"""Rasa server add-ons: the tracker and lock stores configured from the environment.

They run inside the Rasa server's environment (.venvs/rasa), not the action server's.
"""
