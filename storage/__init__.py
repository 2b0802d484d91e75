"""What the council remembers: models, sessions, migrations, the outbox."""
