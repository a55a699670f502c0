"""Reading text: matching quotes against archives, and estimative wording in prose."""
