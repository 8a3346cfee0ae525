"""Marking one essay: the pipeline, scoring, rescoring, and the task and truth judges."""
