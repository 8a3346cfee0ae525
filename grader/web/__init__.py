"""The web page: `grader serve`."""
