# anticorona-fn: `make run` starts the whole local system, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME := $(shell scripts/find-jdk.sh)
ifeq ($(JAVA_HOME),)
$(error No JDK 21 or newer found; install one (e.g. Temurin 25) or set JAVA_HOME)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN ?= mvn -B -ntp
SKIP ?=
STACK_CP = devstack/target/classes:$(shell cat devstack/target/classpath.txt 2>/dev/null)

.PHONY: help build run infra stop test clean

help:
	@echo "make run     build, then start PostgreSQL, Kafka and every function (Ctrl-C stops all)"
	@echo "             SKIP=booking-fn leaves one out, e.g. for: mvn -pl booking-fn quarkus:dev"
	@echo "make infra   only PostgreSQL and Kafka"
	@echo "make stop    stop whatever make run / make infra started"
	@echo "make test    every test: each function on real PostgreSQL and Kafka, then the system tests"
	@echo "(JDK: $(JAVA_HOME))"

build:
	$(MVN) -q -DskipTests install

# Ctrl-C (130) and make stop (143) are the normal ways out.
run: build
	@java -Danticorona.root=$(CURDIR) -Danticorona.skip="$(SKIP)" -cp "$(STACK_CP)" io.anticorona.devstack.LocalStack; \
		rc=$$?; [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc

infra: SKIP = vaccine-fn booking-fn injection-fn mypage-fn
infra: run

stop:
	@scripts/stop.sh

test:
	$(MVN) verify

clean:
	$(MVN) -q clean
