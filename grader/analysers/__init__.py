"""One analyser per criterion kind: `(essay, criterion, services) -> Assessment`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grader.analysers.content import analyse_content
from grader.analysers.facts import analyse_facts
from grader.analysers.mechanics import analyse_mechanics
from grader.analysers.readability import analyse_readability
from grader.analysers.structure import analyse_structure
from grader.essay import Essay
from grader.findings import Assessment
from grader.services import Services

Analyser = Callable[[Essay, Any, Services], Assessment]

ANALYSERS: dict[str, Analyser] = {
    "facts": analyse_facts,
    "readability": analyse_readability,
    "structure": analyse_structure,
    "mechanics": analyse_mechanics,
    "content": analyse_content,
}
