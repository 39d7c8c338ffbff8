#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, and runs `deepkeygen demo` on the
# shipped samples with the shipped DeepKeyGen model. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec ./build/src/cli/deepkeygen demo "$@"
