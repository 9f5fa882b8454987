#!/usr/bin/env bash
# Starts a single-node Slurm cluster for the table tests: this machine is controller and only node.
#   .ci/slurm-up.sh DIR      config, state, spool, logs and pid files all under DIR; prints nothing on success
#   .ci/slurm-up.sh --stop DIR
# Clients then need SLURM_CONF=DIR/slurm.conf. Installs Debian's packages when they are missing (needs root).
# The recipe: a munge key, munged, slurm.conf naming $(hostname) with CPUs=$(nproc), proctrack/linuxproc,
# task/none and select/cons_tres (no cgroups needed), slurmctld -D and slurmd -D in the background.
set -euo pipefail

if [ "${1:-}" = "--stop" ]; then
  dir="$2"
  for p in slurmd slurmctld munged; do
    if [ -f "$dir/$p.pid" ]; then kill "$(cat "$dir/$p.pid")" 2>/dev/null || true; fi
  done
  exit 0
fi

dir="$(mkdir -p "$1" && cd "$1" && pwd)"
port_ctld="${REDREG_SLURMCTLD_PORT:-6817}"
port_d="${REDREG_SLURMD_PORT:-6818}"

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "slurm-up: Slurm is not installed and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
  echo "slurm-up: installing slurmctld slurmd slurm-client munge ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    if (apt-get update -qq && apt-get install -y -qq slurmctld slurmd slurm-client munge) >"$dir/apt.log" 2>&1; then
      break
    fi
    [ "$attempt" = 3 ] && { echo "slurm-up: apt-get failed, see $dir/apt.log" >&2; exit 1; }
    sleep 5
  done
fi

# munge: a key readable by the munge user only, and the daemon with its socket in our folder.
# The munge user must reach the socket: the folders on its way are world-executable, the key's folder is not.
chmod 755 "$dir"
mkdir -p "$dir/munge" "$dir/munge-run" "$dir/state" "$dir/spool"
chmod 755 "$dir/munge-run"
key="$dir/munge/munge.key"
dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
socket="$dir/munge-run/munge.socket"
if id munge >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  chown -R munge:munge "$dir/munge" "$dir/munge-run"
  chmod 700 "$dir/munge"; chmod 400 "$key"
  runuser -u munge -- munged --key-file="$key" --socket="$socket" --pid-file="$dir/munge-run/munged.pid" \
      --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  cp "$dir/munge-run/munged.pid" "$dir/munged.pid"
else
  chmod 700 "$dir/munge"; chmod 400 "$key"
  munged --force --key-file="$key" --socket="$socket" --pid-file="$dir/munged.pid" \
      --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
fi

host="$(hostname -s)"
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
cat >"$dir/slurm.conf" <<EOF
ClusterName=redreg-ci
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmctldPort=$port_ctld
SlurmdPort=$port_d
AuthType=auth/munge
AuthInfo=socket=$socket
CryptoType=crypto/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$host CPUs=$(nproc) RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

slurmctld -D -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
echo $! >"$dir/slurmctld.pid"
slurmd -D -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
echo $! >"$dir/slurmd.pid"

for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then
    exit 0
  fi
  sleep 1
done
echo "slurm-up: the node did not become idle in 60 s; logs: $dir/slurmctld.log $dir/slurmd.log" >&2
sinfo >&2 || true
exit 1
