#!/bin/sh
# Print the path of the first supported Python for one of the Makefile's roles,
# or nothing (exit 0 either way; the Makefile says what to set when it is empty).
# POSIX sh, so that finding a Python needs no Python; only the candidates start.
#
#   find_python.sh main          PYTHON: python3.11, python3.12, python3.13, python3
#   find_python.sh alt [PYTHON]  PYTHON_ALT (`make portability`): another version than
#                                PYTHON's, preferring 3.12, then 3.13, then another 3.11
#                                patch (Debian's 3.11.2), on PATH or installed by pyenv
#   find_python.sh colab         PYTHON_COLAB (`make test-colab`): Colab's 3.12, on PATH
#                                or installed by pyenv
#
# A candidate counts only if it runs a supported CPython (3.11.2 up to 3.13) able to
# make a venv (Debian ships ensurepip apart, in python3.X-venv). A name on PATH is
# not enough: pyenv puts a shim there for every version it holds, and a shim fails
# unless its version is the selected one. pyenv's versions are looked up in
# $PYENV_ROOT/versions (default ~/.pyenv), newest last within a minor version as
# sorted bytewise.
set -u
LC_ALL=C
export LC_ALL

supported='import sys, ensurepip; sys.exit(not (3, 11, 2) <= sys.version_info[:3] < (3, 14) or sys.version.split()[0] in sys.argv[1:])'
versions="${PYENV_ROOT:-${HOME:-}/.pyenv}/versions"

# first VERSION_TO_REFUSE CANDIDATE...: print the first candidate that passes.
first() {
  refuse=$1
  shift
  for p in "$@"; do
    case $p in
      */*) [ -x "$p" ] || continue ;;  # a pyenv glob that matched nothing
    esac
    # shellcheck disable=SC2086  # $refuse is a version or nothing
    if "$p" -c "$supported" $refuse >/dev/null 2>&1; then
      command -v "$p"
      return 0
    fi
  done
  return 0
}

case ${1:-} in
  main)
    first "" python3.11 python3.12 python3.13 python3
    ;;
  alt)
    refuse=""
    if [ -n "${2:-}" ]; then
      refuse=$("$2" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null) || refuse=""
    fi
    first "$refuse" python3.12 python3.13 \
      "$versions"/3.12.*/bin/python3.12 "$versions"/3.13.*/bin/python3.13 \
      python3.11 /usr/bin/python3.11 "$versions"/3.11.*/bin/python3.11
    ;;
  colab)
    first "" python3.12 "$versions"/3.12.*/bin/python3.12
    ;;
  *)
    echo "usage: $0 main | alt [PYTHON] | colab" >&2
    exit 2
    ;;
esac
