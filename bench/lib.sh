# Shared by bench/run and bench/scale (sourced, not run): starting and stopping the processes,
# measuring one RPC with bench/renda-loadgen, and printing the Markdown report. The sourcing
# script sets root, build, duration, warmup, concurrency, channels, rounds, loadgen, rendactl
# and token (after minting it), and uses start_redis, start_server, measure and report.

say() { echo "$(basename "$0"): $*" >&2; }
die() {
  say "$*"
  exit 1
}

# --- processes ----------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/renda-bench.XXXXXX")
pids=()
redis_port="" echo_addr="" representatives_addr="" intake_addr="" # set by start_*
loadgen_pid=""                                                    # the load running now

stop_all() {
  local pid i
  [[ -n $loadgen_pid ]] && pids+=("$loadgen_pid")
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid ignored SIGTERM for 5 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
# shellcheck disable=SC2317 # invoked by the trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() { # FILE: its last lines, on stderr
  [[ -s $1 ]] && { say "last lines of $(basename "$1"):"; tail -n 20 "$1" >&2; }
  return 0
}

# start_server VAR NAME COMMAND...: starts a server that prints `listening on ADDR` as its first
# stdout line and stores ADDR in VAR.
start_server() {
  local var=$1 name=$2 line pid i
  shift 2
  : >"$tmp/$name.out"
  "$@" >>"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  for ((i = 0; i < 100; i++)); do
    if IFS= read -r line <"$tmp/$name.out"; then
      [[ $line == "listening on "* ]] ||
        die "$name printed '$line' where 'listening on ADDR' was expected"
      printf -v "$var" '%s' "${line#listening on }"
      say "$name listening on ${line#listening on } (pid $pid)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log "$tmp/$name.err"
      die "$name exited before listening"
    fi
    sleep 0.1
  done
  show_log "$tmp/$name.err"
  die "$name did not print its address within 10 s"
}

redis_ping() ( # PORT; a subshell, so that a refused connection cannot end the script
  reply=""
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 1 reply <&3 || true
  [[ $reply == +PONG* ]]
)

# A free port for redis (it cannot pick one itself): try random ones until a server stays up.
start_redis() {
  local attempt port pid i
  mkdir -p "$tmp/redis"
  for ((attempt = 0; attempt < 10; attempt++)); do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi # taken
    redis-server --bind 127.0.0.1 --port "$port" --dir "$tmp/redis" --appendonly yes \
      --appendfsync "${BENCH_APPENDFSYNC:-everysec}" --save '' --daemonize no --logfile "$tmp/redis.log" &
    pid=$!
    for ((i = 0; i < 50; i++)); do
      if redis_ping "$port" 2>/dev/null; then
        pids+=("$pid")
        redis_port=$port
        say "redis-server on 127.0.0.1:$port (pid $pid)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  show_log "$tmp/redis.log"
  die "could not start redis-server"
}

mint_token() { # KEY: a staff token for congress hz, into $token
  token=$("$rendactl" token mint --role staff --congress hz --key "$1" 2>"$tmp/rendactl.err") ||
    {
      show_log "$tmp/rendactl.err"
      die "rendactl token mint failed"
    }
  token=${token//[[:space:]]/}
  [[ -n $token ]] || die "rendactl token mint printed no token"
}

register_congress() { # REPRESENTATIVES_ADDR KEY: registers congress hz (every call is checked against the registry)
  local admin
  admin=$("$rendactl" token mint --role admin --congress '*' --key "$2" 2>"$tmp/rendactl.err") ||
    {
      show_log "$tmp/rendactl.err"
      die "rendactl token mint (admin) failed"
    }
  if ! "$loadgen" --target "$1" --method /renda.representatives.v1.RegistryService/CreateCongress \
    --request 'congress_id: "hz" congress { display_name: "杭州市人民代表大会" level: CONGRESS_LEVEL_CITY term: 14 }' \
    --token "${admin//[[:space:]]/}" --calls 1 --max_failures 1 --concurrency 1 --channels 1 --duration_s 10 \
    >"$tmp/register.out" 2>&1; then
    show_log "$tmp/register.out"
    die "could not register congress hz"
  fi
}

# --- load ---------------------------------------------------------------------------------------
labels=()
requests=()
results=()

# measure LABEL TARGET METHOD REQUEST [LOADGEN FLAGS...]
measure() {
  local label=$1 target=$2 method=$3 request=$4 out
  shift 4
  say "$label: ${warmup} s warmup + ${duration} s at concurrency $concurrency"
  # In the background, so that a signal to this script is handled at once, not after the run.
  "$loadgen" --target "$target" --method "$method" --request "$request" --token "$token" \
    --concurrency "$concurrency" --channels "$channels" --duration_s "$duration" \
    --warmup_s "$warmup" --json "$@" >"$tmp/loadgen.out" 2>"$tmp/loadgen.err" &
  loadgen_pid=$!
  wait "$loadgen_pid" || true
  loadgen_pid=""
  out=$(cat "$tmp/loadgen.out")
  if [[ $out != "{"* ]]; then
    show_log "$tmp/loadgen.err"
    die "$label: the load generator failed"
  fi
  labels+=("$label")
  requests+=("$method $request${*:+ (loadgen $*)}")
  results+=("$out")
}

# --- report -------------------------------------------------------------------------------------
json_number() { sed -n "s/.*\"$2\":\([-+.0-9eE]*\).*/\1/p" <<<"$1"; }
json_string() { sed -n "s/.*\"$2\":\"\(\([^\"\\\\]\|\\\\.\)*\)\".*/\1/p" <<<"$1"; }

# report TITLE: the machine facts and one table row per RPC measured (the rounds' median ratio to
# that round's echo, which must be the first RPC of every round). Returns 1 when a call failed.
report() {
  local title=$1 cpu memory revision grpc_version per_round failures=0 k round i e rate echo_rate
  local lines sorted median r all failed uncounted note notes=()
  cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
  [[ -n $cpu ]] || cpu=$(uname -m)
  memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ $revision != unknown && -n $(git -C "$root" status --porcelain 2>/dev/null) ]]; then
    revision="$revision (with uncommitted changes)"
  fi
  grpc_version=$(pkg-config --modversion grpc++ 2>/dev/null || echo unknown)

  echo "## $title $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- git revision: $revision"
  echo "- machine: $(nproc) cores, $cpu, $memory; $(uname -sr); load average at the end" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- gRPC $grpc_version; load generator, servers and redis (appendonly, appendfsync ${BENCH_APPENDFSYNC:-everysec})" \
    "on the same machine"
  echo "- load: $concurrency calls outstanding over $channels connections, ${duration} s measured" \
    "after ${warmup} s warmup, per RPC; $rounds rounds of echo then each RPC"
  echo "- each row is the round whose ratio to that round's echo is the median; all rounds' ratios" \
    "are in the last column"
  echo
  echo "| RPC | calls/s | p50 ms | p95 ms | p99 ms | throughput vs echo | failed | ratio per round |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  per_round=$((${#results[@]} / rounds))
  for ((k = 0; k < per_round; k++)); do
    lines=()
    for ((round = 0; round < rounds; round++)); do
      i=$((round * per_round + k))
      e=$((round * per_round))
      rate=$(json_number "${results[$i]}" calls_per_s)
      echo_rate=$(json_number "${results[$e]}" calls_per_s)
      lines+=("$(awk -v a="$rate" -v b="$echo_rate" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print 0 }') $i")
    done
    sorted=$(printf '%s\n' "${lines[@]}" | sort -n)
    median=$(sed -n "$(((rounds + 1) / 2))p" <<<"$sorted")
    i=${median#* }
    r=${results[$i]}
    all=$(printf '%s\n' "${lines[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')
    rate=$(json_number "$r" calls_per_s)
    failed=$(json_number "$r" calls_failed)
    printf '| %s | %.0f | %.2f | %.2f | %.2f | %.2f× | %s | %s |\n' "${labels[$i]}" "$rate" \
      "$(json_number "$r" p50_ms)" "$(json_number "$r" p95_ms)" "$(json_number "$r" p99_ms)" \
      "${median% *}" "$failed" "$all"
  done
  for i in "${!results[@]}"; do
    r=${results[$i]}
    failed=$(json_number "$r" calls_failed)
    uncounted=$(json_number "$r" uncounted_failed)
    if ((failed + uncounted > 0)); then
      failures=1
      note="${labels[$i]}: $failed failed (+$uncounted in warmup or drain), the first with"
      note+=" $(json_string "$r" first_error_code): $(json_string "$r" first_error_message)"
      notes+=("$note")
    fi
  done
  echo
  echo "Requests (protobuf text; \`{{seq}}\` is a number unique to each call, or cycling 1..N with --seq_cycle N):"
  echo
  for ((i = 0; i < per_round; i++)); do
    echo "- ${labels[$i]}: \`$(tr -s ' \n' ' ' <<<"${requests[$i]}" | sed 's/ $//')\`"
  done
  if ((${#notes[@]} > 0)); then
    echo
    echo "Failures:"
    echo
    for note in "${notes[@]}"; do echo "- $note"; done
  fi
  return "$failures"
}
