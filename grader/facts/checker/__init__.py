"""The fact checker's parts, each owning one job: numbers as written, names, roles, findings."""
