"""The catalogue as data (programs, strings, intents, contacts, menu) and pure domain logic."""
