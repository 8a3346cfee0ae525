"""The analysers, one per criterion kind: `(essay, criterion, services) -> Assessment`.

Each kind names its analyser in its module of grader/kinds.
"""
