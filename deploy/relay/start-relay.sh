#!/bin/sh
# Starts `hooktray relay` in the container: makes the tunnel leg's certificate once (kept in the
# data volume, so its fingerprint never changes), then runs the relay with it. Extra arguments
# are passed on (e.g. --keep-max-count 20000).
set -eu
: "${RELAY_DOMAIN:?set RELAY_DOMAIN to your relay's domain, e.g. tunnel.example.com}"
: "${RELAY_DATA:=/var/lib/hooktray-relay}"
if [ ! -s "$RELAY_DATA/tunnel-cert.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=$RELAY_DOMAIN" -addext "subjectAltName=DNS:$RELAY_DOMAIN" \
    -keyout "$RELAY_DATA/tunnel-key.pem" -out "$RELAY_DATA/tunnel-cert.pem" 2>/dev/null
  chmod 600 "$RELAY_DATA/tunnel-key.pem"
fi
exec node bin/hooktray.js relay \
  --port "${RELAY_PORT:-8080}" --address 127.0.0.1 --domain "$RELAY_DOMAIN" \
  --tunnel-address 0.0.0.0 --tunnel-ports "${RELAY_TUNNEL_PORTS:-40000-40099}" \
  --tls-cert "$RELAY_DATA/tunnel-cert.pem" --tls-key "$RELAY_DATA/tunnel-key.pem" --require-tls \
  --data-dir "$RELAY_DATA" "$@"
