#!/usr/bin/env bash
# Executor on 2 vCPUs: many tasks, priorities, timers, migration, wakes
# across vCPUs, concurrent processes; through the hypervisor.
exec "$(dirname "$0")/gk_run.sh" --hv --cpus 2 -- t-exec t-many
