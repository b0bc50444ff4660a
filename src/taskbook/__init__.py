"""taskbook: task books of the PM2.5 and O3 one-city-one-policy tracking research, in Git."""

__version__ = "0.1.0.dev0"
