"""A brief's versions in git: revisions, matching, changes, history and the build stamp."""
