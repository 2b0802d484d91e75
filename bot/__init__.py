"""How the council is reached: composition, configuration, platform adapters, scheduler, command line."""
