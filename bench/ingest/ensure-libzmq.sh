#!/bin/sh
# Makes sure libzmq's headers and a C compiler are there for the benchmark's C sender and
# receiver (Debian/Ubuntu). Installs what is missing; needs root for that.
set -eu

missing=""
dpkg -s libzmq3-dev >/dev/null 2>&1 || missing="$missing libzmq3-dev"
command -v cc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"

if [ -n "$missing" ]; then
  echo "ensure-libzmq: installing$missing" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update >&2
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing >&2
fi

pkg-config --modversion libzmq
