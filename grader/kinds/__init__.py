"""One module per criterion kind, each exporting SPEC, a grader.rubric.kind.KindSpec."""
