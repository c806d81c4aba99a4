#!/usr/bin/env bash
# Prints the home of a JDK of version 21 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
set -euo pipefail

major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
  [ -x "$dir/bin/javac" ] && candidates+=("$dir")
done

best="" best_major=0
for home in "${candidates[@]}"; do
  [ -x "$home/bin/java" ] || continue
  m=$(major "$home" || echo 0)
  if [ "${m:-0}" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$home" best_major="$m"; fi
done

if [ -z "$best" ]; then
  echo "No JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm). Install one, e.g. Temurin 25, or set JAVA_HOME." >&2
  exit 1
fi
echo "$best"
