#!/usr/bin/env bash
# Prints a GRAALVM_HOME that can build native executables: $GRAALVM_HOME if set, else one assembled by the shared
# toolchain script (../shared/native-toolchain/assemble.sh, reused after its first run, about 30 s), else fails
# saying what to install. Exit status 2: no toolchain here at all; 1: one is there but does not work.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${GRAALVM_HOME:-}" ]; then
  [ -x "$GRAALVM_HOME/bin/native-image" ] || { echo "GRAALVM_HOME=$GRAALVM_HOME has no bin/native-image" >&2; exit 1; }
  echo "$GRAALVM_HOME"; exit 0
fi
ASSEMBLE=${NATIVE_TOOLCHAIN:-../shared/native-toolchain/assemble.sh}
if [ -x "$ASSEMBLE" ]; then
  "$ASSEMBLE" | tail -n 1
  exit 0
fi
cat >&2 <<'EOF'
No native-image toolchain: GRAALVM_HOME is not set and ../shared/native-toolchain/assemble.sh is not there.
Install Mandrel or GraalVM for JDK 25 and set GRAALVM_HOME (https://github.com/graalvm/mandrel/releases), or build
in a container: mvn -Dnative -Dquarkus.native.container-build=true package (needs Docker or Podman).
EOF
exit 2

