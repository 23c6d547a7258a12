#!/bin/sh
# make bench's second pass over the fault-in of a default VM (bench.sh).
# kvmtest-needs: kvm_bench
exec ./kvm_bench faultin_default
