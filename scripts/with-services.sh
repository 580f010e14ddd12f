#!/usr/bin/env bash
# with-services.sh runs a command with PostgreSQL and Redis available.
#
#   scripts/with-services.sh test -- go test ./...
#       exports TEST_DATABASE_URL and TEST_REDIS_URL: the ones already set, else
#       the servers on 127.0.0.1:5432 / 127.0.0.1:6379 when they answer, else
#       throwaway servers that are stopped and deleted when the command ends.
#       Exits with the command's exit code.
#   scripts/with-services.sh run -- bin/posko serve
#       exports DATABASE_URL and REDIS_URL: the ones already set, else servers
#       under ./.data (started now or reused; `make stop` stops them).
#
# See docs/operations.md and the settings at the top of scripts/services.sh.
set -euo pipefail
# shellcheck source=services.sh
. "$(dirname "${BASH_SOURCE[0]}")/services.sh"

usage() {
	echo "usage: $0 test|run -- command [args...]" >&2
	exit 2
}

mode=${1:-}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || usage

case $mode in
test)
	trap svc_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	svc_test_postgres
	svc_test_redis
	export TEST_DATABASE_URL TEST_REDIS_URL
	svc_log "tests use PostgreSQL $(svc_redact "$TEST_DATABASE_URL") ($SVC_PG_DESC)" \
		"and Redis $(svc_redact "$TEST_REDIS_URL") ($SVC_REDIS_DESC)"
	set +e
	"$@"
	rc=$?
	set -e
	exit "$rc"
	;;
run)
	if [ -n "${DATABASE_URL:-}" ]; then
		SVC_PG_DESC="from DATABASE_URL"
	else
		svc_data_postgres
	fi
	if [ -n "${REDIS_URL:-}" ]; then
		SVC_REDIS_DESC="from REDIS_URL"
	else
		svc_data_redis
	fi
	if [ -z "${DOCUMENT_KEY:-}" ]; then
		svc_document_key
	fi
	export DATABASE_URL REDIS_URL DOCUMENT_KEY
	svc_log "PostgreSQL $(svc_redact "$DATABASE_URL") ($SVC_PG_DESC)"
	svc_log "Redis $(svc_redact "$REDIS_URL") ($SVC_REDIS_DESC)"
	exec "$@"
	;;
*)
	usage
	;;
esac
