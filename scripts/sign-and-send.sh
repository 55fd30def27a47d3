#!/usr/bin/env bash
# Sends one signed Messenger webhook to the service, as Meta would.
#   scripts/sign-and-send.sh "Xin chào 😀" [psid] [url]
# APP_SECRET comes from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${APP_SECRET:-}" ] && [ -f .env ]; then
  APP_SECRET=$(grep -E '^APP_SECRET=' .env | tail -1 | cut -d= -f2-)
fi
: "${APP_SECRET:?set APP_SECRET (the same value the service uses)}"
text=${1:-Hello}
psid=${2:-1234567890}
url=${3:-http://localhost:${PORT:-3000}/webhook}
now=$(date +%s%3N)
escaped=$(printf '%s' "$text" | sed 's/\\/\\\\/g; s/"/\\"/g')
body='{"object":"page","entry":[{"id":"PAGE_ID","time":'$now',"messaging":[{"sender":{"id":"'$psid'"},"recipient":{"id":"PAGE_ID"},"timestamp":'$now',"message":{"mid":"m_'$now'","text":"'$escaped'"}}]}]}'
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$APP_SECRET" | sed 's/^.* //')
curl -sS -w ' (HTTP %{http_code} in %{time_total}s)\n' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "X-Hub-Signature-256: sha256=$signature" \
  --data-binary "$body"
