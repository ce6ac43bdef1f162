#!/usr/bin/env bash
# Resolves Apache Kafka's jars from Maven Central into the cache (once per version).
set -euo pipefail
: "${CONCORD_CACHE_DIR:?}"
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/kafka/pom.xml")
out="$CONCORD_CACHE_DIR/kafka-$version"
mkdir -p "$CONCORD_CACHE_DIR"
# One provisioning at a time per artifact: a second caller waits, then finds it done.
exec 9>"$out.lock"
flock 9
[ -f "$out/.complete" ] && exit 0
command -v mvn >/dev/null || { echo "mvn (Apache Maven 3.8+) is required to fetch Kafka from Maven Central" >&2; exit 3; }
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -f "$here/kafka/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$out/libs"
touch "$out/.complete"
