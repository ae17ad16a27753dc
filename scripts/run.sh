#!/usr/bin/env bash
# Set up this checkout (system packages, .venv, hipbreak) if needed, then start hipbreak with "$@".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
exec .venv/bin/hipbreak "$@"
