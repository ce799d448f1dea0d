#!/usr/bin/env bash
# Rebuilds the Huawei C2 (auth-v2) signing test vectors from the vendor's own Java demo.
#
# src/ holds the demo classes of huawei-cec-2.5-api-reference.txt section 4.3 as printed there,
# minimally completed to compile (each file's header says what was completed), plus Switchboard's
# VectorGenerator. This script compiles them into a temporary directory and writes:
#   vectors.json             - the demo with PathUtils' escape format restored to "%%%02X" (%XX),
#                              which every example of section 4.3 agrees with (the default signing);
#   vectors-as-printed.json  - the demo with PathUtils exactly as the 4.3 listing prints it
#                              ("%02X": bytes escape to bare hex, no percent sign).
# tests/adapters/huawei_cec/test_signing.py checks the Python signer against every vector of both.
# CI does not need Java: the JSON files are committed; run this after changing the generator.
# Needs a JDK 11 or later (javac and java on PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

generate() {  # generate <source dir> <output file>
    local sources="$1" output="$2" classes
    classes="$(mktemp -d -p "$build")"
    find "$sources" -name '*.java' > "$classes.list"
    javac -encoding UTF-8 -d "$classes" @"$classes.list"
    java -Dfile.encoding=UTF-8 -cp "$classes" com.huawei.client.rest.v2.demo.VectorGenerator > "$classes.json"
    mv "$classes.json" "$output"
    echo "wrote $output ($(grep -c '"name"' "$output") vectors)"
}

generate "$here/src" "$here/vectors.json"

cp -r "$here/src" "$build/as-printed"
path_utils="$build/as-printed/com/huawei/client/rest/v2/demo/utils/PathUtils.java"
sed -i 's/String.format("%%%02X"/String.format("%02X"/' "$path_utils"
grep -q 'String.format("%02X"' "$path_utils"
generate "$build/as-printed" "$here/vectors-as-printed.json"
