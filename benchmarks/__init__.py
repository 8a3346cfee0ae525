"""Speed and agreement measurements; run each as `python -m benchmarks.<name>`."""
