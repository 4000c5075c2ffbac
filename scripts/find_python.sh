#!/usr/bin/env bash
# Print the path of a Python interpreter that actually runs, for the test matrix.
#   find_python.sh 3.11    an interpreter of that minor version
#   find_python.sh newest  the newest interpreter >= 3.12
# Looks at pythonX.Y on PATH and at pyenv's interpreters ($(pyenv root)/versions/*/bin);
# a pyenv shim that refuses to run without PYENV_VERSION is skipped. Exit 1 if none.
set -u
want=${1:?usage: find_python.sh 3.11|newest}

candidates() {
    for minor in 16 15 14 13 12 11; do
        command -v "python3.$minor" 2>/dev/null
    done
    if command -v pyenv >/dev/null 2>&1; then
        root=$(pyenv root 2>/dev/null) && ls -d "$root"/versions/3.*/bin/python3 2>/dev/null
    fi
    command -v python3 2>/dev/null
}

best=""; best_minor=-1
while IFS= read -r exe; do
    [ -x "$exe" ] || continue
    minor=$("$exe" -c 'import sys, venv; print(sys.version_info[1])' 2>/dev/null) || continue
    [ "$("$exe" -c 'import sys; print(sys.version_info[0])')" = 3 ] || continue
    if [ "$want" = newest ]; then
        if [ "$minor" -ge 12 ] && [ "$minor" -gt "$best_minor" ]; then best=$exe; best_minor=$minor; fi
    elif [ "3.$minor" = "$want" ] && [ -z "$best" ]; then
        best=$exe
    fi
done < <(candidates)

[ -n "$best" ] || exit 1
echo "$best"
