"""SQLite store: connection, numbered migrations and one repository per aggregate."""
