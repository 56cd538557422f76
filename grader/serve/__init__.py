"""The web service: the self-check page, the JSON API, and collecting hand-ins."""
