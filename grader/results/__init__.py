"""Results as data: the model every renderer and exporter reads, its JSON writer and validating
reader, and what a self-check may reveal."""
