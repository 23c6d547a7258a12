/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place where the benchmark's build for upstream (6.12, -DBENCH_UPSTREAM)
 * differs from its build for the series and the base: the uapi values that
 * the series fixes differently from mainline. Everything else (ioctl, VM type
 * and capability numbers, struct layouts, KVM_EXIT_HYPERCALL) is the same.
 */
#ifndef BENCH_UAPI_H
#define BENCH_UAPI_H

#include <linux/kvm.h>

#ifdef BENCH_UPSTREAM
#define BENCH_KERNEL			"upstream"
/* Mainline's 38 is KVM_EXIT_LOONGARCH_IOCSR. */
#define BENCH_EXIT_MEMORY_FAULT		39
#define BENCH_MEMORY_EXIT_FLAG_PRIVATE	(1ULL << 3)
#else
#define BENCH_KERNEL			"series"
#define BENCH_EXIT_MEMORY_FAULT		KVM_EXIT_MEMORY_FAULT
#define BENCH_MEMORY_EXIT_FLAG_PRIVATE	KVM_MEMORY_EXIT_FLAG_PRIVATE
#endif

/* kvm_run.memory here, kvm_run.memory_fault in mainline: the same union slot. */
struct bench_memory_fault {
	__u64 flags;
	__u64 gpa;
	__u64 size;
};

static inline struct bench_memory_fault *bench_memory_fault(struct kvm_run *run)
{
	return (struct bench_memory_fault *)&run->memory;
}

#endif /* BENCH_UAPI_H */
