#!/usr/bin/env bash
# The native pass of make test (and make native-test): every function and the gateway built as a native executable
# in quick build mode (-Ob: the same code paths, less optimised; the analysis, most of the time, is unchanged), their
# @QuarkusIntegrationTests run against the executables, then system tests run on the executables.
# Needs the run's Keycloak (make wraps it in devstack's TestKeycloak). NATIVE=off leaves the pass out.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -ntp}
MODULES=vaccine-fn,booking-fn,injection-fn,mypage-fn,gateway
# The system tests to run on the executables: by default those that cross every function (the JVM pass ran them
# all); NATIVE_SYSTEM_TESTS=all runs every one (make native-test), or give a surefire -Dtest list.
SYSTEM_TESTS=${NATIVE_SYSTEM_TESTS:-JourneyTest,AccessTest,BookingSpikeTest}

if [ "${NATIVE:-}" = off ]; then
  echo "native-test: NATIVE=off, the native pass is left out"; exit 0
fi
status=0; home=$(scripts/find-graalvm.sh) || status=$?
if [ $status -eq 2 ] && [ "${CI:-}" != true ]; then
  echo "native-test: no native toolchain here, so the native pass is left out (CI runs it)" >&2; exit 0
elif [ $status -ne 0 ]; then
  echo "native-test: no working native toolchain (see above), and the native pass must run" >&2; exit 1
fi
started=$SECONDS
$MVN -Dnative -DskipUnitTests verify -pl "$MODULES" -am \
  -Dquarkus.native.graalvm-home="$home" -Dquarkus.native.additional-build-args=-Ob
echo "native-test: executables built and their integration tests passed in $((SECONDS - started)) s"
started=$SECONDS
if [ "$SYSTEM_TESTS" = all ]; then
  $MVN -pl system-tests verify -Danticorona.runtime=native
else
  $MVN -pl system-tests verify -Danticorona.runtime=native -Dtest="$SYSTEM_TESTS" -Dsurefire.failIfNoSpecifiedTests=false
fi
echo "native-test: system tests ($SYSTEM_TESTS) on the native executables passed in $((SECONDS - started)) s"
