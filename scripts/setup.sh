#!/usr/bin/env bash
# Installs everything vroom's tests and lab need on a fresh Debian machine (run as root):
# the JDK and Maven, iproute2 for network namespaces, and the real routers used as interop peers
# and benchmark references (FRR, BIRD 2, GoBGP, ExaBGP). Idempotent; quiet when all is present.
set -euo pipefail
pkgs=(openjdk-17-jdk-headless maven iproute2 iputils-ping procps python3 gcc libc6-dev frr bird2 gobgpd exabgp bgpdump tcpdump)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# The Debian frr/bird packages start system daemons; the tests run their own instances in netns.
for svc in frr bird; do systemctl disable --now "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true; done
# FRR daemons run as root in the tests (and in ../shared/bench/bgp-ingest.sh): root must be in frrvty.
getent group frrvty >/dev/null && ! id -nG root | grep -qw frrvty && usermod -a -G frrvty root
[ -c /dev/net/tun ] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 666 /dev/net/tun; }
modprobe tun 2>/dev/null || true
