"""One module per `briefgen` command: each adds its parser and does its work in `run`."""
