"""One analyser per criterion kind: `(essay, criterion, services) -> Assessment`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grader.analysers.mechanics import analyse_mechanics
from grader.analysers.readability import analyse_readability
from grader.essay import Essay
from grader.findings import Assessment
from grader.services import Services

Analyser = Callable[[Essay, Any, Services], Assessment]

ANALYSERS: dict[str, Analyser] = {
    "readability": analyse_readability,
    "mechanics": analyse_mechanics,
}
