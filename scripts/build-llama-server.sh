#!/usr/bin/env bash
# Build llama.cpp's llama-server and llama-bench from the llama-cpp-python source
# distribution on PyPI (it vendors llama.cpp with tools/server), with portable CPU
# flags, into a cache outside the repository keyed by version. A second run is a no-op.
#
# Usage: scripts/build-llama-server.sh VERSION CACHE_DIR
set -euo pipefail

version="${1:?usage: build-llama-server.sh VERSION CACHE_DIR}"
cache="${2:?usage: build-llama-server.sh VERSION CACHE_DIR}"
dest="$cache/llama.cpp-$version"
bin="$dest/bin"

if [[ -x "$bin/llama-server" && -x "$bin/llama-bench" ]]; then
    echo "llama.cpp $version: cached in $bin"
    exit 0
fi

work="$cache/build-llama.cpp-$version"
rm -rf "$work"
mkdir -p "$work" "$bin"
echo "llama.cpp $version: downloading the llama-cpp-python source distribution from PyPI"
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work" "llama-cpp-python==$version"
tar -xzf "$work"/llama_cpp_python-"$version".tar.gz -C "$work"
src="$work/llama_cpp_python-$version/vendor/llama.cpp"

# GGML_NATIVE=OFF: a native build segfaulted on some of these CPUs (DEVELOPERS.md).
echo "llama.cpp $version: configuring (portable AVX2 build)"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
    -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF -DBUILD_SHARED_LIBS=OFF >"$work/configure.log"
echo "llama.cpp $version: compiling llama-server and llama-bench (10-15 min on 2 cores, once)"
if ! cmake --build "$work/build" --target llama-server llama-bench -j "$(nproc)" 2>&1 |
    tee "$work/build.log" | grep --line-buffered -oE '^\[ *[0-9]+%\]' |
    awk '{ printf "\r  %s", $0; fflush() } END { print "" }'; then
    tail -n 30 "$work/build.log" >&2
    echo "llama.cpp $version: build failed; full log in $work/build.log" >&2
    exit 1
fi
cp "$work/build/bin/llama-server" "$work/build/bin/llama-bench" "$bin/"
rm -rf "$work"
echo "llama.cpp $version: built into $bin"
