"""Operator subcommands of ``goyang-bot``; each module adds its own with ``register``."""
