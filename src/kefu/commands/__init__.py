"""Sub-commands of `kefu` (the top level lives in `kefu.cli`)."""
