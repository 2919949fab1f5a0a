"""Settings, the command line, and wiring one site's server together."""
