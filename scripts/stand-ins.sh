#!/usr/bin/env bash
# Starts WireMock on 127.0.0.1:${STAND_IN_PORT:-8089} standing in for Gemini, OpenRouter,
# Hugging Face and the Graph API, so the service can be tried without real keys or a Page.
# What the service sent to "Messenger": http://127.0.0.1:8089/__admin/requests
set -euo pipefail
cd "$(dirname "$0")/.."
version=3.13.2
jar="$HOME/.m2/repository/org/wiremock/wiremock-standalone/$version/wiremock-standalone-$version.jar"
if [ ! -f "$jar" ]; then
  ./mvnw -q dependency:get -Dartifact="org.wiremock:wiremock-standalone:$version"
fi
exec java -jar "$jar" --bind-address 127.0.0.1 --port "${STAND_IN_PORT:-8089}" \
  --root-dir scripts/stand-ins --global-response-templating --disable-banner
