"""E-mail: the digest, must-read reminders and notices; composition, idempotent sending."""
