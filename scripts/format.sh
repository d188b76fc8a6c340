#!/usr/bin/env bash
# Formats every C++ file of the project with its .clang-format (what ctest's test_format checks).
set -euo pipefail
cd "$(dirname "$0")/.."
find backend app widgets bench tests \( -name '*.h' -o -name '*.cpp' \) -not -path 'tests/fixtures/*' -print0 |
  xargs -0 clang-format-14 -i --style=file
