#!/usr/bin/env bash
# ensure-cgo.sh makes sure `go test -race` can build: it needs cgo and so a C
# compiler, which a machine with only Go installed lacks (gcc is installed
# with apt-get then).
set -euo pipefail
# shellcheck source=services.sh
. "$(dirname "${BASH_SOURCE[0]}")/services.sh"

svc_ensure_cgo
