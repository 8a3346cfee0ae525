"""Reading essays and writing files: readers over bytes, atomic files, strict YAML, logs."""
