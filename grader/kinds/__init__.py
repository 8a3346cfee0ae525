"""One module per criterion kind, each exporting SPEC, a grader.kind.KindSpec."""
