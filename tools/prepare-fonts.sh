#!/bin/sh
# tools/prepare-fonts.sh -- regenerate fonts/ (owner: fonts / typesetting, issue 6).
# Thin wrapper: runs tools/prepare-fonts.py with Debian's python3, which has
# python3-fonttools (a pyenv or venv python3 on PATH usually does not).
# Arguments are passed through (e.g. --check).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec "$py" "$here/prepare-fonts.py" "$@"
