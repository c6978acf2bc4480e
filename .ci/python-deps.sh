#!/usr/bin/env bash
# What tests/opendata.rs needs: the validators of open data and calendars
# (frictionless for the Data Package and its foreign keys, check-jsonschema for
# the JSON files, icalendar for the .ics calendars, rdflib for the DCAT
# catalogue), at the versions of tests/python/requirements.txt, in a virtual
# environment at tests/python/.venv (Debian's Python refuses system-wide pip
# installs). Safe to run again: pip installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "python-deps: apt-get install python3 python3-venv"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
fi

venv=tests/python/.venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
echo "python-deps: $("$venv/bin/python" --version), $("$venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null | awk '$1 ~ /^(frictionless|check-jsonschema|icalendar|rdflib)$/ { printf "%s %s, ", $1, $2 }')"
