#!/usr/bin/env bash
# stop-services.sh stops the PostgreSQL and Redis that `make run` started
# under ./.data. Their data stays; delete .data after stopping to start afresh.
set -euo pipefail
# shellcheck source=services.sh
. "$(dirname "${BASH_SOURCE[0]}")/services.sh"

svc_stop_data
