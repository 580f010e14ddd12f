# shellcheck shell=bash
# services.sh: functions that find, install, start and stop the PostgreSQL and
# Redis servers that `posko` and its tests need. Sourced by with-services.sh,
# stop-services.sh, ensure-cgo.sh and .ci/run; it does nothing on its own.
#
# Two kinds of servers:
#   - "data" servers for `make run` / `make migrate`: kept under ./.data, kept
#     running between runs (PostgreSQL on 127.0.0.1:55432, Redis on
#     127.0.0.1:56379) until `make stop`;
#   - "throwaway" servers for `make test` / `make bench` when no usable server
#     is found: a mktemp directory and a free port, removed on exit.
#
# Settings (environment):
#   POSKO_DATA_DIR          where the data servers live (default <repo>/.data)
#   POSKO_PG_PORT           data PostgreSQL port (default 55432)
#   POSKO_REDIS_PORT        data Redis port (default 56379)
#   POSKO_PROBE_PG_URL      server the tests try before a throwaway one
#                           (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable;
#                           empty: never probe)
#   POSKO_PROBE_REDIS_URL   same for Redis (default redis://127.0.0.1:6379/0)

POSKO_ROOT=${POSKO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
POSKO_DATA_DIR=${POSKO_DATA_DIR:-$POSKO_ROOT/.data}
case $POSKO_DATA_DIR in /*) ;; *) POSKO_DATA_DIR=$PWD/$POSKO_DATA_DIR ;; esac
POSKO_PG_PORT=${POSKO_PG_PORT:-55432}
POSKO_REDIS_PORT=${POSKO_REDIS_PORT:-56379}
POSKO_PROBE_PG_URL=${POSKO_PROBE_PG_URL-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
POSKO_PROBE_REDIS_URL=${POSKO_PROBE_REDIS_URL-redis://127.0.0.1:6379/0}

SVC_APT_UPDATED=
SVC_PGBIN=
SVC_TMP_PG_DIR=
SVC_TMP_REDIS_DIR=

# ---------------------------------------------------------------- messages

svc_log() { printf 'services: %s\n' "$*" >&2; }

svc_die() {
	printf 'services: error: %s\n' "$*" >&2
	exit 1
}

# svc_redact URL prints URL with any password replaced by ***.
svc_redact() { printf '%s' "$1" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'; }

# svc_show_log FILE prints the end of a server log, to explain a failed start.
svc_show_log() {
	[ -f "$1" ] || return 0
	printf 'services: last lines of %s:\n' "$1" >&2
	tail -n 20 "$1" | sed 's/^/    /' >&2
}

# ---------------------------------------------------------------- privileges and packages

svc_is_root() { [ "$(id -u)" -eq 0 ]; }

# svc_as_root CMD... runs CMD as root: directly when root, else through sudo
# (never prompting when there is no terminal).
svc_as_root() {
	if svc_is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
	else
		svc_die "root is needed to run: $* (run as root or install sudo)"
	fi
}

# svc_apt_install PKG... installs Debian packages, running `apt-get update`
# at most once per script run.
svc_apt_install() {
	command -v apt-get >/dev/null 2>&1 ||
		svc_die "apt-get not found; install these yourself and retry: $*"
	svc_log "installing $* with apt-get"
	if [ -z "$SVC_APT_UPDATED" ]; then
		svc_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
			svc_die "apt-get update failed"
		SVC_APT_UPDATED=1
	fi
	svc_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 ||
		svc_die "apt-get install $* failed"
}

# svc_ensure_cgo makes sure `go test -race` can build: the race detector
# needs cgo, and Go turns cgo off when it finds no C compiler.
svc_ensure_cgo() {
	command -v go >/dev/null 2>&1 || svc_die "go not found in PATH"
	local cc
	cc=$(go env CC)
	cc=${cc%% *}
	if ! command -v "$cc" >/dev/null 2>&1; then
		svc_log "no C compiler ($cc); go test -race needs one"
		svc_apt_install gcc libc6-dev
	fi
	[ "$(go env CGO_ENABLED)" = 1 ] ||
		svc_die "go test -race needs cgo but CGO_ENABLED=0; unset CGO_ENABLED (or set it to 1)"
}

# ---------------------------------------------------------------- finding binaries

# svc_find_pg_bindir [VERSION] prints the directory holding initdb/pg_ctl:
# Debian's /usr/lib/postgresql/VERSION/bin when asked and present, else the
# highest version there, else wherever pg_ctl is on PATH.
svc_find_pg_bindir() {
	local want=${1:-} best
	if [ -n "$want" ] && [ -x "/usr/lib/postgresql/$want/bin/pg_ctl" ]; then
		printf '%s\n' "/usr/lib/postgresql/$want/bin"
		return 0
	fi
	best=$(printf '%s\n' /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
	if [ -x "$best" ]; then
		dirname "$best"
		return 0
	fi
	if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
		dirname "$(command -v pg_ctl)"
		return 0
	fi
	return 1
}

# svc_need_pg_server [VERSION] sets SVC_PGBIN, installing PostgreSQL when missing.
svc_need_pg_server() {
	SVC_PGBIN=$(svc_find_pg_bindir "${1:-}") || SVC_PGBIN=
	if [ -z "$SVC_PGBIN" ]; then
		svc_apt_install postgresql
		SVC_PGBIN=$(svc_find_pg_bindir "${1:-}") ||
			svc_die "PostgreSQL is installed but initdb/pg_ctl were not found"
	fi
	if [ -n "${1:-}" ] && [ "$SVC_PGBIN" != "/usr/lib/postgresql/$1/bin" ] &&
		[ -d /usr/lib/postgresql ]; then
		svc_log "warning: data was made by PostgreSQL $1 but using $SVC_PGBIN"
	fi
}

# svc_psql prints the psql to use (the server's own when known).
svc_psql() {
	if [ -n "$SVC_PGBIN" ] && [ -x "$SVC_PGBIN/psql" ]; then
		printf '%s\n' "$SVC_PGBIN/psql"
	else
		command -v psql
	fi
}

# svc_need_psql makes sure a psql client exists, installing PostgreSQL when not.
svc_need_psql() {
	SVC_PGBIN=$(svc_find_pg_bindir) || SVC_PGBIN=
	svc_psql >/dev/null 2>&1 && return 0
	svc_need_pg_server
}

# svc_need_redis makes sure redis-server and redis-cli exist.
svc_need_redis() {
	if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
		svc_apt_install redis-server
	fi
	command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ||
		svc_die "redis-server/redis-cli not found after installing redis-server"
}

# ---------------------------------------------------------------- probes and ports

# svc_pg_accepts URL succeeds when URL answers a real query as a role that
# may create databases (the tests create one each).
svc_pg_accepts() {
	local out
	out=$(PGCONNECT_TIMEOUT=3 "$(svc_psql)" -X -q -A -t -w -d "$1" \
		-c "select 'ok' from pg_roles where rolname = current_user and (rolsuper or rolcreatedb)" \
		2>/dev/null) || return 1
	[ "$out" = ok ]
}

# svc_redis_accepts URL succeeds when Redis at URL answers PING.
svc_redis_accepts() {
	local out
	out=$(timeout 5 redis-cli -u "$1" ping 2>/dev/null) || return 1
	[ "$out" = PONG ]
}

# svc_port_in_use PORT succeeds when something listens on 127.0.0.1:PORT.
svc_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# svc_free_port prints a port nobody listens on, below Linux's ephemeral range.
svc_free_port() {
	local i port
	for i in $(seq 1 100); do
		port=$((20000 + RANDOM % 12000))
		if ! svc_port_in_use "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	svc_die "no free port found"
}

# ---------------------------------------------------------------- PostgreSQL primitives

# svc_as_pg_owner CMD... runs CMD as the user that owns PostgreSQL's files:
# `postgres` when we are root (PostgreSQL refuses to run as root), else us.
svc_as_pg_owner() {
	if ! svc_is_root; then
		"$@"
	elif command -v runuser >/dev/null 2>&1; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && su -s /bin/bash postgres -c "$(printf '%q ' "$@")")
	fi
}

# svc_pg_own DIR gives DIR to the postgres user when we are root.
svc_pg_own() {
	svc_is_root || return 0
	if ! id -u postgres >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /var/lib/postgresql --shell /bin/bash postgres ||
			svc_die "could not create the postgres user"
	fi
	chown -R postgres:postgres "$1"
}

# svc_pg_initdb DATADIR [ARGS...] creates a cluster with superuser postgres
# and trust authentication (it only listens on 127.0.0.1 and a private socket).
svc_pg_initdb() {
	local data=$1 log
	shift
	log=$(dirname "$data")/initdb.log
	if ! svc_as_pg_owner "$SVC_PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale "$@" \
		>"$log" 2>&1; then
		svc_show_log "$log"
		return 1
	fi
}

# svc_pg_start DATADIR PORT SOCKDIR LOGFILE [SERVER-OPTIONS] starts a server and
# waits until it accepts connections.
svc_pg_start() {
	local data=$1 port=$2 sock=$3 log=$4 extra=${5:-}
	svc_as_pg_owner "$SVC_PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 -o \
		"-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$sock' $extra" \
		start >/dev/null 2>&1
}

# svc_pg_running DATADIR succeeds when a server runs on DATADIR.
svc_pg_running() {
	[ -f "$1/postmaster.pid" ] || return 1
	svc_as_pg_owner "$SVC_PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# svc_pg_stop DATADIR MODE stops the server on DATADIR (fast or immediate).
svc_pg_stop() {
	svc_as_pg_owner "$SVC_PGBIN/pg_ctl" -D "$1" -m "$2" -w -t 60 stop >/dev/null 2>&1
}

# svc_pg_url PORT DB prints the URL of a local trust-auth server.
svc_pg_url() { printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$1" "$2"; }

# ---------------------------------------------------------------- Redis primitives

# svc_redis_wait PORT waits up to 10 s for Redis on PORT to answer PING.
svc_redis_wait() {
	local i
	for i in $(seq 1 100); do
		[ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.1
	done
	return 1
}

# svc_redis_stop PORT PIDFILE MODE stops Redis (MODE: save or nosave) and waits
# for its process to end.
svc_redis_stop() {
	local port=$1 pidfile=$2 mode=$3 pid= i
	[ -f "$pidfile" ] && pid=$(cat "$pidfile")
	redis-cli -p "$port" shutdown "$mode" >/dev/null 2>&1 || true
	[ -n "$pid" ] || return 0
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- tests: probe, else throwaway

# svc_test_postgres sets TEST_DATABASE_URL and SVC_PG_DESC: the given
# TEST_DATABASE_URL, else POSKO_PROBE_PG_URL when it answers, else a throwaway.
svc_test_postgres() {
	if [ -n "${TEST_DATABASE_URL:-}" ]; then
		SVC_PG_DESC="from TEST_DATABASE_URL"
		return 0
	fi
	if [ -n "$POSKO_PROBE_PG_URL" ]; then
		svc_need_psql
		if svc_pg_accepts "$POSKO_PROBE_PG_URL"; then
			TEST_DATABASE_URL=$POSKO_PROBE_PG_URL
			SVC_PG_DESC="existing server"
			return 0
		fi
	fi
	svc_start_throwaway_pg
	TEST_DATABASE_URL=$(svc_pg_url "$SVC_TMP_PG_PORT" postgres)
	SVC_PG_DESC="throwaway in $SVC_TMP_PG_DIR"
}

# svc_start_throwaway_pg starts a PostgreSQL in a new temporary directory on a
# free port (fsync off: its data is deleted anyway). svc_cleanup removes it.
svc_start_throwaway_pg() {
	local tmp attempt
	svc_need_pg_server
	tmp=${TMPDIR:-/tmp}
	svc_is_root && tmp=/tmp # the postgres user must reach it
	SVC_TMP_PG_DIR=$(mktemp -d "$tmp/posko-test-pg.XXXXXX")
	svc_pg_own "$SVC_TMP_PG_DIR"
	svc_pg_initdb "$SVC_TMP_PG_DIR/data" --no-sync ||
		svc_die "initdb of the throwaway PostgreSQL failed"
	for attempt in 1 2 3; do
		SVC_TMP_PG_PORT=$(svc_free_port)
		if svc_pg_start "$SVC_TMP_PG_DIR/data" "$SVC_TMP_PG_PORT" "$(svc_pg_sockdir "$SVC_TMP_PG_DIR")" \
			"$SVC_TMP_PG_DIR/postgres.log" \
			"-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"; then
			svc_pg_accepts "$(svc_pg_url "$SVC_TMP_PG_PORT" postgres)" && return 0
		fi
	done
	svc_show_log "$SVC_TMP_PG_DIR/postgres.log"
	svc_die "the throwaway PostgreSQL did not start"
}

# svc_test_redis sets TEST_REDIS_URL and SVC_REDIS_DESC like svc_test_postgres.
svc_test_redis() {
	if [ -n "${TEST_REDIS_URL:-}" ]; then
		SVC_REDIS_DESC="from TEST_REDIS_URL"
		return 0
	fi
	svc_need_redis
	if [ -n "$POSKO_PROBE_REDIS_URL" ] && svc_redis_accepts "$POSKO_PROBE_REDIS_URL"; then
		TEST_REDIS_URL=$POSKO_PROBE_REDIS_URL
		SVC_REDIS_DESC="existing server"
		return 0
	fi
	svc_start_throwaway_redis
	TEST_REDIS_URL="redis://127.0.0.1:$SVC_TMP_REDIS_PORT/0"
	SVC_REDIS_DESC="throwaway in $SVC_TMP_REDIS_DIR"
}

# svc_start_throwaway_redis starts a Redis without persistence in a new
# temporary directory on a free port. svc_cleanup removes it.
svc_start_throwaway_redis() {
	local attempt
	SVC_TMP_REDIS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/posko-test-redis.XXXXXX")
	for attempt in 1 2 3; do
		SVC_TMP_REDIS_PORT=$(svc_free_port)
		redis-server --port "$SVC_TMP_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
			--dir "$SVC_TMP_REDIS_DIR" --daemonize yes \
			--pidfile "$SVC_TMP_REDIS_DIR/redis.pid" --logfile "$SVC_TMP_REDIS_DIR/redis.log" \
			>/dev/null 2>&1 || continue
		svc_redis_wait "$SVC_TMP_REDIS_PORT" && return 0
	done
	svc_show_log "$SVC_TMP_REDIS_DIR/redis.log"
	svc_die "the throwaway Redis did not start"
}

# svc_cleanup stops and deletes the throwaway servers; safe to call twice and
# from an EXIT trap (it never fails).
svc_cleanup() {
	set +e
	if [ -n "$SVC_TMP_PG_DIR" ] && [ -d "$SVC_TMP_PG_DIR" ]; then
		if [ -f "$SVC_TMP_PG_DIR/data/postmaster.pid" ]; then
			svc_pg_stop "$SVC_TMP_PG_DIR/data" immediate ||
				kill -9 "$(head -n 1 "$SVC_TMP_PG_DIR/data/postmaster.pid")" 2>/dev/null
		fi
		rm -rf "$SVC_TMP_PG_DIR"
	fi
	SVC_TMP_PG_DIR=
	if [ -n "$SVC_TMP_REDIS_DIR" ] && [ -d "$SVC_TMP_REDIS_DIR" ]; then
		if [ -n "${SVC_TMP_REDIS_PORT:-}" ]; then
			svc_redis_stop "$SVC_TMP_REDIS_PORT" "$SVC_TMP_REDIS_DIR/redis.pid" nosave
		fi
		rm -rf "$SVC_TMP_REDIS_DIR"
	fi
	SVC_TMP_REDIS_DIR=
}

# ---------------------------------------------------------------- run: servers under .data

# svc_data_pg_root prints the directory of the data PostgreSQL, creating it.
# When we are root and the postgres user cannot reach it (a checkout under
# /root, which is 0700), the files go to /var/lib/posko-dev/<hash> and
# .data/postgres becomes a symlink there.
svc_data_pg_root() {
	local root=$POSKO_DATA_DIR/postgres real
	mkdir -p "$POSKO_DATA_DIR"
	if [ ! -e "$root" ]; then
		mkdir -p "$root"
		chmod 700 "$root"
		svc_pg_own "$root"
		if svc_is_root && ! svc_as_pg_owner test -w "$root"; then
			real=/var/lib/posko-dev/$(printf '%s' "$POSKO_DATA_DIR" | cksum | cut -d ' ' -f 1)/postgres
			svc_log "user postgres cannot reach $root; keeping its files in $real (symlinked)"
			mkdir -p "$real"
			chmod 700 "$real"
			svc_pg_own "$real"
			rmdir "$root"
			ln -s "$real" "$root"
		fi
	fi
	readlink -f "$root"
}

# svc_data_postgres starts (or reuses) the data PostgreSQL, creates database
# posko on first use and sets DATABASE_URL and SVC_PG_DESC.
svc_data_postgres() {
	local root data port ver=
	root=$(svc_data_pg_root)
	data=$root/data
	[ -f "$data/PG_VERSION" ] && ver=$(cat "$data/PG_VERSION")
	svc_need_pg_server "$ver"
	if [ -z "$ver" ]; then
		svc_log "creating a PostgreSQL cluster in $data"
		rm -rf "$data"
		svc_pg_initdb "$data" || svc_die "initdb failed"
	fi
	if svc_pg_running "$data"; then
		port=$(sed -n 4p "$data/postmaster.pid")
		SVC_PG_DESC="already running, data in $root"
	else
		port=$POSKO_PG_PORT
		svc_port_in_use "$port" &&
			svc_die "port $port is taken by another program; set POSKO_PG_PORT, or DATABASE_URL to use a server of your own"
		mkdir -p "$root/run"
		svc_pg_own "$root/run"
		if ! svc_pg_start "$data" "$port" "$(svc_pg_sockdir "$root/run")" "$root/postgres.log"; then
			svc_show_log "$root/postgres.log"
			svc_die "PostgreSQL did not start"
		fi
		SVC_PG_DESC="started, data in $root"
	fi
	svc_pg_accepts "$(svc_pg_url "$port" postgres)" ||
		svc_die "PostgreSQL on port $port does not answer (see $root/postgres.log)"
	if [ "$("$(svc_psql)" -X -q -A -t -w -d "$(svc_pg_url "$port" postgres)" \
		-c "select 1 from pg_database where datname = 'posko'")" != 1 ]; then
		"$(svc_psql)" -X -q -w -d "$(svc_pg_url "$port" postgres)" -c "create database posko" >/dev/null ||
			svc_die "could not create database posko"
	fi
	DATABASE_URL=$(svc_pg_url "$port" posko)
}

# svc_pg_sockdir DIR prints DIR, or '' (no Unix socket, TCP only) when DIR is
# too long for a socket path.
svc_pg_sockdir() {
	if [ "${#1}" -le 90 ]; then printf '%s\n' "$1"; else printf '\n'; fi
}

# svc_redis_is_ours PORT succeeds when the Redis on PORT keeps its data in .data/redis.
svc_redis_is_ours() {
	local dir
	dir=$(redis-cli -p "$1" config get dir 2>/dev/null | sed -n 2p) || return 1
	[ -n "$dir" ] && [ "$dir" = "$(readlink -f "$POSKO_DATA_DIR/redis")" ]
}

# svc_data_redis starts (or reuses) the data Redis, with an append-only file so
# the inbox survives a restart, and sets REDIS_URL and SVC_REDIS_DESC.
svc_data_redis() {
	local dir=$POSKO_DATA_DIR/redis port
	svc_need_redis
	mkdir -p "$dir"
	chmod 700 "$dir"
	port=$(cat "$dir/port" 2>/dev/null || true)
	if [ -n "$port" ] && svc_redis_is_ours "$port"; then
		SVC_REDIS_DESC="already running, data in $dir"
	else
		port=$POSKO_REDIS_PORT
		svc_port_in_use "$port" &&
			svc_die "port $port is taken by another program; set POSKO_REDIS_PORT, or REDIS_URL to use a server of your own"
		redis-server --port "$port" --bind 127.0.0.1 --dir "$(readlink -f "$dir")" \
			--appendonly yes --appendfsync everysec --daemonize yes \
			--pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null 2>&1 ||
			svc_die "redis-server did not start"
		if ! svc_redis_wait "$port"; then
			svc_show_log "$dir/redis.log"
			svc_die "Redis did not start"
		fi
		printf '%s\n' "$port" >"$dir/port"
		SVC_REDIS_DESC="started, data in $dir"
	fi
	REDIS_URL="redis://127.0.0.1:$port/0"
}

# svc_stop_data stops the .data servers when they run; their data stays.
svc_stop_data() {
	local root dir=$POSKO_DATA_DIR/redis port ver stopped=
	root=$(readlink -f "$POSKO_DATA_DIR/postgres" || true) # it may be a symlink
	if [ -n "$root" ] && [ -f "$root/data/PG_VERSION" ]; then
		ver=$(cat "$root/data/PG_VERSION")
		SVC_PGBIN=$(svc_find_pg_bindir "$ver") || svc_die "no PostgreSQL binaries to stop $root"
		if svc_pg_running "$root/data"; then
			svc_pg_stop "$root/data" fast || svc_die "could not stop PostgreSQL in $root"
			svc_log "stopped PostgreSQL (data kept in $root)"
			stopped=1
		fi
	fi
	port=$(cat "$dir/port" 2>/dev/null || true)
	if [ -n "$port" ] && command -v redis-cli >/dev/null 2>&1 && svc_redis_is_ours "$port"; then
		svc_redis_stop "$port" "$dir/redis.pid" save
		svc_log "stopped Redis (data kept in $dir)"
		stopped=1
	fi
	[ -n "$stopped" ] || svc_log "no .data servers were running"
}

# svc_document_key sets DOCUMENT_KEY for `make run` from .data/document.key,
# creating a random 32-byte key there on first use. Stored documents and
# NIK/NIP can only be read with this key: back it up with the data.
svc_document_key() {
	local file=$POSKO_DATA_DIR/document.key
	mkdir -p "$POSKO_DATA_DIR"
	if [ ! -s "$file" ]; then
		(umask 077 && head -c 32 /dev/urandom | base64 >"$file")
		svc_log "created a document encryption key in $file (back it up with the data)"
	fi
	DOCUMENT_KEY=$(cat "$file")
}
