#!/usr/bin/env bash
# Installs, configures and starts a one-node Slurm cluster (munged + slurmctld + slurmd) on this
# machine, for soce's Slurm tests and for trying `executor: slurm` locally. Run it as root.
#
#   bash tools/slurm/start-cluster.sh        # install if needed, (re)configure, start, wait until idle
#   bash tools/slurm/start-cluster.sh stop   # stop slurmd, slurmctld and munged
#
# Idempotent: when everything is up with the same configuration it changes nothing and returns
# within a second. It needs no systemd: the daemons are started directly and leave their pid files
# in /run and their logs in /var/log/slurm and /var/log/munge. A node left DOWN or DRAINED (slurmd
# killed, machine restarted) is resumed. Accounting is off, as on many small clusters: job states
# come from squeue while slurmctld remembers the job (MinJobAge) and from the job's own files later.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MUNGE_KEY=/etc/munge/munge.key
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
MUNGED_PID=/run/munge/munged.pid
LOG_DIR=/var/log/slurm
STATE_DIR=/var/lib/slurm/slurmctld
SPOOL_DIR=/var/lib/slurm/slurmd
PARTITION=debug

say() { printf 'slurm: %s\n' "$*"; }
die() {
  printf 'slurm: error: %s\n' "$*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then die "run me as root (sudo bash $0): the daemons run as root and as the slurm and munge users"; fi

# The pid in `$1` if that process is alive (not a zombie awaiting its reaper) and runs the program `$2`.
live_pid() {
  local pid state
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
  state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] && echo "$pid"
}

# Stops the daemon of pid file `$1` (program `$2`): SIGTERM, then SIGKILL after 10 s. The pid file
# goes too: Debian's slurmctld prerm runs scancel whenever /run/slurmctld.pid exists.
stop_daemon() {
  local pid
  if pid=$(live_pid "$1" "$2"); then
    say "stopping $2 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      live_pid "$1" "$2" >/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

if [ "${1:-start}" = stop ]; then
  stop_daemon "$SLURMD_PID" slurmd
  stop_daemon "$CTLD_PID" slurmctld
  stop_daemon "$MUNGED_PID" munged
  exit 0
elif [ "${1:-start}" != start ]; then
  die "unknown command '$1': use 'start' (the default) or 'stop'"
fi

install_packages() {
  local missing=()
  for program in munged slurmctld slurmd sbatch; do
    command -v "$program" >/dev/null || missing+=("$program")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing slurm-wlm and munge (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # The packages' maintainer scripts would start the daemons through systemd or init.d before
  # this script has written a configuration; a policy-rc.d that denies every start prevents it
  # (unless one is already in place, as in most containers).
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } || status=$?
  if [ "$own_policy" -eq 1 ]; then rm -f "$policy"; fi
  [ "$status" -eq 0 ] || die "apt-get could not install slurm-wlm and munge (exit $status)"
}

# The configuration for this machine: its short host name, CPUs and memory as slurmd detects them,
# reached over the loopback address so that the host name need not resolve.
render_conf() {
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | head -n 1)
  case "$node" in
    "NodeName=$host "*) ;;
    *) die "slurmd -C printed '$node', expected 'NodeName=$host ...'" ;;
  esac
  cat <<EOF
# Written by soce's tools/slurm/start-cluster.sh (rerun it to rewrite; edits here are replaced).
# A one-node cluster for tests: no accounting, no cgroups, short timeouts so tests run fast.
ClusterName=soce
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# A node that was down (slurmd stopped, machine restarted) is back in service when slurmd registers.
ReturnToService=2
SchedulerType=sched/backfill
# Schedule at once on submission and look at the whole queue every 2 s (defaults: 3 s and 60 s).
SchedulerParameters=batch_sched_delay=0,sched_interval=2,bf_interval=1
# SIGTERM to SIGKILL on cancel or time limit in 2 s (default 30 s); no grace beyond --time.
KillWait=2
OverTimeLimit=0
MessageTimeout=5
InactiveLimit=0
# Finished jobs stay visible to squeue for 5 minutes (the default).
MinJobAge=300
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munged() {
  if [ ! -s "$MUNGE_KEY" ]; then
    say "generating $MUNGE_KEY"
    mungekey --create --keyfile="$MUNGE_KEY"
  fi
  chown munge:munge "$MUNGE_KEY"
  chmod 400 "$MUNGE_KEY"
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  say "starting munged"
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 /var/log/munge /var/lib/munge
  runuser -u munge -- /usr/sbin/munged </dev/null >/dev/null 2>&1 || die "munged did not start; see /var/log/munge/munged.log"
  for _ in $(seq 50); do
    if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "munged does not answer; see /var/log/munge/munged.log"
}

# Starts `$1` (slurmctld or slurmd) unless it runs; restarts it when the configuration changed.
start_slurm_daemon() {
  local program=$1 pidfile=$2 log=$LOG_DIR/$1.log
  if [ "$changed" -eq 1 ]; then stop_daemon "$pidfile" "$program"; fi
  if live_pid "$pidfile" "$program" >/dev/null; then return 0; fi
  say "starting $program"
  "/usr/sbin/$program" </dev/null >>"$log" 2>&1 || die "$program did not start; the end of $log:$(printf '\n'; tail -n 20 "$log")"
}

node_state() { sinfo -h -N -n "$(hostname -s)" -o '%T' 2>/dev/null | head -n 1; }

wait_until_idle() {
  local host state="" resumed=0
  host=$(hostname -s)
  for _ in $(seq 300); do
    state=$(node_state)
    case "$state" in
      idle | mixed | allocated | completing) return 0 ;;
      down | down~ | drained | draining | drain* | fail*)
        if [ "$resumed" -eq 0 ]; then
          say "node $host is $state; resuming it"
          scontrol update NodeName="$host" State=RESUME || true
          resumed=1
        fi
        ;;
    esac
    sleep 0.2
  done
  die "node $host is '${state:-unknown}' after 60 s, not idle; see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log"
}

install_packages
install -d -o slurm -g slurm -m 755 "$LOG_DIR" "$STATE_DIR"
install -d -m 755 "$SPOOL_DIR" /etc/slurm

changed=0
new_conf=$(mktemp)
trap 'rm -f "$new_conf"' EXIT
render_conf >"$new_conf"
if ! cmp -s "$new_conf" "$CONF"; then
  say "writing $CONF"
  install -m 644 "$new_conf" "$CONF"
  changed=1
fi

start_munged
start_slurm_daemon slurmctld "$CTLD_PID"
for _ in $(seq 100); do
  if scontrol ping 2>/dev/null | grep -q 'is UP'; then break; fi
  sleep 0.1
done
start_slurm_daemon slurmd "$SLURMD_PID"
wait_until_idle
say "up: $(sinfo -h -o '%P %a %D node(s) %T, %c CPUs, %m MB' | head -n 1) (Slurm $(sinfo -V | cut -d' ' -f2))"
