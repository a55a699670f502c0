"""From bytes to checked data: the YAML document with its line map, limits, shape and archives."""
