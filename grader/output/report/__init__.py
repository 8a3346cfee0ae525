"""HTML reports: view models built in Python, rendered by logic-free Jinja2 templates."""
