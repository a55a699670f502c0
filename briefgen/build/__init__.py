"""Writing output folders safely: the build pipeline, its inputs, manifest and atomic writes."""
