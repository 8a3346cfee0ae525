"""Built-in rubrics; the wheel ships this folder inside the package as grader.rubrics."""
