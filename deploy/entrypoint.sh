#!/bin/sh
# Container entrypoint: refuse to start without a configuration, bring the database schema up to date,
# then hand the process over to `brukerrad` (exec, so SIGTERM reaches it and shutdown is graceful).
set -eu
umask 077  # the database, backups and exports are readable by the bot's user only
CONFIG=${BRUKERRAD_CONFIG:-/app/config.toml}
if [ ! -f "$CONFIG" ]; then
  echo "Finner ikke konfigurasjonen $CONFIG. Monter config.toml eller sett BRUKERRAD_CONFIG." >&2
  exit 64
fi
brukerrad --config "$CONFIG" check-config "$CONFIG"
brukerrad --config "$CONFIG" migrate
exec brukerrad --config "$CONFIG" "$@"
