#!/usr/bin/env bash
# Fetch the browser libraries kefu serves itself (no CDN) from the npm registry with `npm pack`,
# check each tarball against its pinned SHA-256, and copy the files kefu uses with their licences.
#
#   scripts/vendor.sh                 # the committed libraries → src/kefu/web/static/vendor/
#   scripts/vendor.sh axe DIR         # axe-core for the browser tests → DIR (not committed)
#
# Pins and files: src/kefu/web/static/vendor/README.md says the same; change both together.
set -euo pipefail

# name version sha256-of-the-tarball "path-in-package:file-name ..."
SERVED=(
    "marked 18.2.1 d66c5213fc203466186060105b01f51896764ba64b3797d2620d02e28e34b8ca lib/marked.esm.js:marked.esm.js LICENSE:LICENSE"
    "dompurify 3.4.18 8b86f79c6481fec23dd81d4de32179422668912ed033c0c47e786a6e70cb3379 dist/purify.es.mjs:purify.es.js LICENSE:LICENSE"
    "chart.js 4.6.1 9345dacdf4bb4c5d40321f4b9aafab6fe676d37a534fc0bc2d17c4c4e29c4f00 dist/chart.umd.min.js:chart.umd.min.js LICENSE.md:LICENSE.md"
)
AXE="axe-core 4.14.1 e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745 axe.min.js:axe.min.js LICENSE:LICENSE"

fetch() {  # fetch DEST "name version sha256 files..."
    local dest=$1 name version sha files work tarball
    read -r name version sha files <<<"$2"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    tarball=$(cd "$work" && npm pack "$name@$version" --silent | tail -n 1)
    echo "$sha  $work/$tarball" | sha256sum --check --quiet || {
        echo "vendor: $name@$version does not match its pinned SHA-256" >&2
        return 1
    }
    tar -xzf "$work/$tarball" -C "$work"
    mkdir -p "$dest"
    for pair in $files; do
        install -m 644 "$work/package/${pair%%:*}" "$dest/${pair##*:}"
    done
    echo "vendor: $name@$version → $dest"
}

command -v npm >/dev/null || { echo "vendor: npm is missing (make system-deps installs it)" >&2; exit 1; }
if [[ ${1:-} == axe ]]; then
    fetch "${2:?usage: vendor.sh axe DIR}" "$AXE"
    exit 0
fi
root=src/kefu/web/static/vendor
for spec in "${SERVED[@]}"; do
    read -r name _ <<<"$spec"
    fetch "$root/$name" "$spec"
done
