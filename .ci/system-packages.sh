#!/bin/sh
# Make sure the Debian packages named in $PACKAGES are present. As root, install the
# missing ones; otherwise print the exact command to run and fail.
set -eu
missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
    echo "Installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "Missing system packages:$missing" >&2
    echo "Install them with:  sudo apt-get install$missing" >&2
    exit 1
fi
