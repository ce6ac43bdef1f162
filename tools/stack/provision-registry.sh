#!/usr/bin/env bash
# Fetches the Apicurio Registry assembly (a Quarkus fast-jar) from Maven Central into the cache.
set -euo pipefail
: "${CONCORD_CACHE_DIR:?}" "${APICURIO_VERSION:?}"
out="$CONCORD_CACHE_DIR/apicurio-$APICURIO_VERSION"
mkdir -p "$CONCORD_CACHE_DIR"
# One provisioning at a time per artifact: a second caller waits, then finds it done.
exec 9>"$out.lock"
flock 9
[ -f "$out/.complete" ] && exit 0
command -v mvn >/dev/null || { echo "mvn (Apache Maven 3.8+) is required to fetch Apicurio Registry from Maven Central" >&2; exit 3; }
rm -rf "$out" && mkdir -p "$out"
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" -DoutputDirectory="$out"
tar -xzf "$out"/apicurio-registry-app-*.tar.gz -C "$out"
rm -f "$out"/apicurio-registry-app-*.tar.gz
[ -f "$out/quarkus-run.jar" ] || { echo "unexpected Apicurio archive layout: no quarkus-run.jar in $out" >&2; exit 1; }
touch "$out/.complete"
