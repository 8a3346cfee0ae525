"""Rubrics: schema, criteria and the kinds' registry, levels, evidence, files, checks, editing."""
