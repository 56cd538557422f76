"""Reading input: submission files, answer sheets, a student's notes and how they map to tasks,
quiz responses, and the CSV and YAML readers under them."""
