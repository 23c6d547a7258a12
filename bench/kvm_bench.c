// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm_bench: the programs of `make bench` (BENCHMARKS.md). It runs inside the
 * lane npt1 guest, once on each kernel, and prints one line per sample:
 *
 *   BENCH,metric,variant,size,ranges,vcpus,stored,rep,ns,slab
 *
 * ns is per unit of the metric (a page, a range, a conversion), slab the
 * growth of the slab bytes charged to this process's memory cgroup once RCU
 * has freed what the step let go (mem_* rows; -1 where not measured). A
 * cell that does not run says why:
 *
 *   BENCHSKIP,metric,variant,size,ranges,why
 *
 * Built twice from the same source: for the series (and the base, which
 * lacks what a metric needs and says so), and with -DBENCH_UPSTREAM for
 * 6.12; bench_uapi.h holds the only difference. scripts/bench-report.sh
 * turns the samples into medians, spreads and ratios.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/kvm_para.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "bench_uapi.h"

#define KiB		(1UL << 10)
#define MiB		(1UL << 20)
#define GiB		(1UL << 30)
#define TiB		(1UL << 40)

#define DATA_SLOT	10
/* Above memslot 0 and the 32-bit MMIO hole; identity-mapped in the guest. */
#define DATA_GPA	(4 * GiB)
/* Where the implicit benchmark maps the private and the shared alias. */
#define PRIV_GVA	(64 * GiB)
#define SHARED_GVA	(128 * GiB)
/* Attribute ranges with no vCPU behind them may lie anywhere. */
#define ATTR_GPA	(1 * TiB)
/* The largest memslot at DATA_GPA below MAXPHYADDR (40 bits under QEMU). */
#define GMEM_MAX	(1 * TiB - DATA_GPA)

#define MAX_VCPUS	4

enum { OP_TOUCH = 1, OP_MAP, OP_IMPLICIT };

static int reps = 7;
static bool upstream;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void emit(const char *metric, const char *variant, uint64_t size,
		 uint64_t ranges, int vcpus, uint64_t stored, int rep,
		 uint64_t ns, int64_t slab)
{
	/* Round -1 only warms up the emulator's code cache. */
	if (rep < 0)
		return;
	printf("BENCH,%s,%s,%lu,%lu,%d,%lu,%d,%lu,%ld\n", metric, variant,
	       size, ranges, vcpus, stored, rep, ns, slab);
	fflush(stdout);
}

static void skip(const char *metric, const char *variant, uint64_t size,
		 uint64_t ranges, const char *why)
{
	printf("BENCHSKIP,%s,%s,%lu,%lu,%s\n", metric, variant, size, ranges,
	       why);
	fflush(stdout);
}

/*
 * This process in a memory cgroup of its own: its kernel allocations with
 * __GFP_ACCOUNT, the memory-attribute stores of the series and of 6.12 among
 * them, show in the cgroup's slab counter.
 */
#define MEMCG		"/sys/fs/cgroup/kvm_bench"

static bool write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok;
}

static bool memcg_setup(void)
{
	char pid[32];

	mkdir(MEMCG, 0755);
	write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	snprintf(pid, sizeof(pid), "%d", getpid());
	return write_file(MEMCG "/cgroup.procs", pid) &&
	       access(MEMCG "/memory.stat", R_OK) == 0;
}

static int64_t slab_bytes(void)
{
	FILE *f = fopen(MEMCG "/memory.stat", "r");
	long long v = -1;
	char line[256];

	TEST_ASSERT(f, "open " MEMCG "/memory.stat: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "slab %lld", &v) == 1)
			break;
	fclose(f);
	TEST_ASSERT(v >= 0, "no slab counter in " MEMCG "/memory.stat");
	return v;
}

/*
 * The slab bytes once RCU has freed what the last operation let go: both
 * the maple tree and the xarray free nodes after a grace period, and
 * garbage in flight is not memory that a conversion keeps.
 */
static int64_t slab_settled(void)
{
	int64_t prev = slab_bytes(), cur = prev;
	int i;

	for (i = 0; i < 50; i++) {
		usleep(20000);
		cur = slab_bytes();
		if (cur == prev)
			break;
		prev = cur;
	}
	return cur;
}

static uint64_t g_op, g_gpa, g_npages, g_iters;

static void guest_map(uint64_t gpa, uint64_t npages, uint64_t iters)
{
	uint64_t i, r;

	for (i = 0; i < iters; i++) {
		r = kvm_hypercall(KVM_HC_MAP_GPA_RANGE, gpa, npages,
				  KVM_MAP_GPA_RANGE_ENCRYPTED, 0);
		GUEST_ASSERT_1(!r, r);
		r = kvm_hypercall(KVM_HC_MAP_GPA_RANGE, gpa, npages,
				  KVM_MAP_GPA_RANGE_DECRYPTED, 0);
		GUEST_ASSERT_1(!r, r);
	}
}

/* vCPU @id works on its own pages: @id * npages * 2 pages on. */
static void guest_main(uint64_t id)
{
	uint64_t gpa, i;

	for (;;) {
		GUEST_SYNC(0);
		gpa = READ_ONCE(g_gpa) + id * READ_ONCE(g_npages) * 2 * PAGE_SIZE;
		switch (READ_ONCE(g_op)) {
		case OP_TOUCH:
			for (i = 0; i < g_npages; i++)
				*(volatile uint64_t *)(gpa + i * PAGE_SIZE) = i;
			break;
		case OP_MAP:
			guest_map(gpa, g_npages, g_iters);
			break;
		case OP_IMPLICIT:
			for (i = 0; i < g_npages; i++) {
				(void)*(volatile uint64_t *)(PRIV_GVA + i * PAGE_SIZE);
				(void)*(volatile uint64_t *)(SHARED_GVA + i * PAGE_SIZE);
			}
			break;
		default:
			GUEST_ASSERT_1(0, g_op);
		}
	}
}

/* A VM's data memslot: shared memory and a guest_memfd behind DATA_GPA. */
struct data {
	struct kvm_vm *vm;
	int gmem_fd;
	uint8_t *hva;
	uint64_t gpa, size;
};

/* What a VMM does on a request: set the attributes, discard the other side. */
static void convert(struct data *d, uint64_t gpa, uint64_t size, bool private)
{
	struct kvm_memory_attributes attr = {
		.address = gpa,
		.size = size,
		.attributes = private ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
	};
	int r;

	TEST_ASSERT(gpa >= d->gpa && size <= d->size && gpa - d->gpa <= d->size - size,
		    "conversion of gpa %#lx size %#lx outside the data memslot",
		    gpa, size);
	r = ioctl(d->vm->fd, KVM_SET_MEMORY_ATTRIBUTES, &attr);
	TEST_ASSERT(!r, "KVM_SET_MEMORY_ATTRIBUTES: %s", strerror(errno));
	if (private)
		r = madvise(d->hva + gpa - d->gpa, size, MADV_DONTNEED);
	else
		r = fallocate(d->gmem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      gpa - d->gpa, size);
	TEST_ASSERT(!r, "discarding the other side: %s", strerror(errno));
}

/*
 * Run @vcpu to its next GUEST_SYNC(0), serving conversion requests of both
 * kinds on the way, as a VMM would.
 */
static void run_to_sync(struct kvm_vcpu *vcpu, struct data *d)
{
	struct kvm_run *run = vcpu->run;
	struct ucall uc;
	int r;

	for (;;) {
		r = __vcpu_run(vcpu);
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r == -1 && errno == EFAULT &&
		    run->exit_reason == BENCH_EXIT_MEMORY_FAULT) {
			struct bench_memory_fault *mf = bench_memory_fault(run);

			convert(d, mf->gpa, mf->size,
				mf->flags & BENCH_MEMORY_EXIT_FLAG_PRIVATE);
			continue;
		}
		TEST_ASSERT(!r, "KVM_RUN: %s", strerror(errno));
		if (run->exit_reason == KVM_EXIT_HYPERCALL) {
			TEST_ASSERT(run->hypercall.nr == KVM_HC_MAP_GPA_RANGE,
				    "hypercall %llu", run->hypercall.nr);
			convert(d, run->hypercall.args[0],
				run->hypercall.args[1] * PAGE_SIZE,
				run->hypercall.args[2] & KVM_MAP_GPA_RANGE_ENCRYPTED);
			run->hypercall.ret = 0;
			continue;
		}
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			return;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT_1(uc, "value %#lx");
			break;
		default:
			TEST_FAIL("exit %s", exit_reason_str(run->exit_reason));
		}
	}
}

/* The operation that the vCPUs of @vm do when they next leave GUEST_SYNC(0). */
static void set_guest_op(struct kvm_vm *vm, uint64_t op, uint64_t gpa,
			 uint64_t npages, uint64_t iters)
{
	g_op = op;
	g_gpa = gpa;
	g_npages = npages;
	g_iters = iters;
	sync_global_to_guest(vm, g_op);
	sync_global_to_guest(vm, g_gpa);
	sync_global_to_guest(vm, g_npages);
	sync_global_to_guest(vm, g_iters);
}

/* Give the guest its next operation, and time it to the next GUEST_SYNC(0). */
static uint64_t timed_op(struct kvm_vcpu *vcpu, struct data *d, uint64_t op,
			 uint64_t gpa, uint64_t npages, uint64_t iters)
{
	uint64_t t0;

	set_guest_op(vcpu->vm, op, gpa, npages, iters);
	t0 = now_ns();
	run_to_sync(vcpu, d);
	return now_ns() - t0;
}

static void vcpus_start(struct kvm_vcpu **vcpus, int nr, struct data *d)
{
	int i;

	for (i = 0; i < nr; i++) {
		vcpu_args_set(vcpus[i], 1, i);
		run_to_sync(vcpus[i], d);
	}
}

/*
 * Bind a data memslot of @size bytes at DATA_GPA, both sides in 4 KiB pages;
 * @map: identity-map it in the guest.
 */
static void data_add(struct kvm_vm *vm, struct data *d, uint64_t size, bool map)
{
	int r;

	d->vm = vm;
	d->gpa = DATA_GPA;
	d->size = size;
	d->gmem_fd = vm_create_guest_memfd(vm, size, 0);
	d->hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	TEST_ASSERT(d->hva != MAP_FAILED, "mmap: %s", strerror(errno));
	madvise(d->hva, size, MADV_NOHUGEPAGE);
	r = __vm_set_user_memory_region2(vm, DATA_SLOT, KVM_MEM_GUEST_MEMFD,
					 DATA_GPA, size, d->hva, d->gmem_fd, 0);
	TEST_ASSERT(!r, "KVM_SET_USER_MEMORY_REGION2: %s", strerror(errno));
	if (map)
		virt_map(vm, DATA_GPA, DATA_GPA, size / PAGE_SIZE);
}

static void data_free(struct data *d)
{
	kvm_vm_free(d->vm);
	close(d->gmem_fd);
	munmap(d->hva, d->size);
}

static struct kvm_vm *sw_vm(int nr_vcpus, struct kvm_vcpu **vcpus,
			    struct data *d, uint64_t size, bool map)
{
	struct kvm_vm *vm;

	vm = vm_create_type_with_vcpus(KVM_X86_SW_PROTECTED_VM, nr_vcpus,
				       map ? size / PAGE_SIZE / 512 + 8 : 0,
				       guest_main, vcpus);
	data_add(vm, d, size, map);
	vcpus_start(vcpus, nr_vcpus, d);
	return vm;
}

/* 1. Fault-in of a default VM: the series must cost it nothing. */
static void bench_faultin_default(void)
{
	static const struct {
		const char *name;
		enum vm_mem_backing_src_type src;
		uint64_t size;
	} b[] = {
		{ "4k", VM_MEM_SRC_ANONYMOUS, 16 * MiB },
		{ "2m", VM_MEM_SRC_ANONYMOUS_THP, 64 * MiB },
	};
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	uint64_t npages, ns;
	int rep, i;

	for (rep = -1; rep < 2 * reps; rep++) {
		for (i = 0; i < 2; i++) {
			npages = b[i].size / PAGE_SIZE;
			vm = __vm_create_with_one_vcpu(&vcpu, npages / 512 + 8,
						       guest_main);
			vm_userspace_mem_region_add(vm, b[i].src, DATA_GPA,
						    DATA_SLOT, npages, 0);
			virt_map(vm, DATA_GPA, DATA_GPA, npages);
			vcpus_start(&vcpu, 1, NULL);
			ns = timed_op(vcpu, NULL, OP_TOUCH, DATA_GPA, npages, 0);
			emit("faultin_default", b[i].name, b[i].size, 1, 1, 0,
			     rep, ns / npages, -1);
			kvm_vm_free(vm);
		}
	}
}

/*
 * Set @nr ranges of @size bytes, every other one from @gpa on, to private or
 * shared; ns in all.
 */
static uint64_t convert_ranges(struct kvm_vm *vm, uint64_t gpa, uint64_t size,
			       uint64_t nr, bool private)
{
	struct kvm_memory_attributes attr = {
		.size = size,
		.attributes = private ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
	};
	uint64_t i, t0 = now_ns();

	for (i = 0; i < nr; i++) {
		attr.address = gpa + 2 * i * size;
		vm_ioctl(vm, KVM_SET_MEMORY_ATTRIBUTES, &attr);
	}
	return now_ns() - t0;
}

/* What one round of a cell converts at least, in ns of conversions. */
#define ROUND_NS	2000000ULL

/*
 * One round of a cell: the ranges converted to private and back, again until
 * ROUND_NS have passed; ns per range each way.  A conversion of a few us
 * timed alone under the emulator is mostly its noise (a tick, a
 * retranslation); upstream's slow cells stay one conversion per round.
 */
static void convert_round(struct kvm_vm *vm, uint64_t gpa, uint64_t size,
			  uint64_t nr, uint64_t *to_private, uint64_t *to_shared)
{
	uint64_t ns_private = 0, ns_shared = 0, i = 0;

	do {
		ns_private += convert_ranges(vm, gpa, size, nr, true);
		ns_shared += convert_ranges(vm, gpa, size, nr, false);
		i++;
	} while (ns_private + ns_shared < ROUND_NS);
	*to_private = ns_private / (i * nr);
	*to_shared = ns_shared / (i * nr);
}

/* 2. KVM_SET_MEMORY_ATTRIBUTES on ranges, without and with a memslot. */
static void bench_attributes(void)
{
	static const uint64_t sizes[] = { 4 * KiB, 2 * MiB, 64 * MiB, 1 * GiB,
					  64 * GiB, 1 * TiB };
	static const uint64_t nranges[] = { 1, 2, 1000 };
	static const char *const variants[] = { "none", "gmem" };
	uint64_t s, k, t0, span, size, gpa, to_private, to_shared;
	struct data d = {};
	int64_t m0, m1;
	int v, rep, n, r;

	for (v = 0; v < 2; v++) {
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			for (k = 0; k < ARRAY_SIZE(nranges); k++) {
				size = sizes[s];
				if (upstream && nranges[k] * size > 64 * GiB) {
					skip("attr_private", variants[v], size, nranges[k],
					     "upstream stores an entry per page: over 64 GiB it takes minutes and GiBs; BENCHMARKS.md extrapolates");
					continue;
				}
				/*
				 * Memslots end below MAXPHYADDR (40 bits here): one
				 * range may reach past the memslot's end, the ranges
				 * of several must lie inside it.
				 */
				gpa = v ? DATA_GPA : ATTR_GPA;
				span = 2 * nranges[k] * size;
				if (v && nranges[k] > 1 && span > GMEM_MAX) {
					skip("attr_private", variants[v], size, nranges[k],
					     "the ranges and their gaps reach past MAXPHYADDR, where no memslot can be");
					continue;
				}
				span = min(span, GMEM_MAX);
				d.vm = vm_create_barebones_type(KVM_X86_SW_PROTECTED_VM);
				if (v) {
					d.gmem_fd = vm_create_guest_memfd(d.vm, span, 0);
					d.hva = mmap(NULL, span, PROT_READ | PROT_WRITE,
						     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
						     -1, 0);
					TEST_ASSERT(d.hva != MAP_FAILED, "mmap: %s",
						    strerror(errno));
					r = __vm_set_user_memory_region2(d.vm, DATA_SLOT,
							KVM_MEM_GUEST_MEMFD, gpa, span,
							d.hva, d.gmem_fd, 0);
					TEST_ASSERT(!r, "KVM_SET_USER_MEMORY_REGION2 of %#lx bytes: %s",
						    span, strerror(errno));
				}
				/* Upstream takes seconds per 16 GiB: two rounds there. */
				n = upstream && nranges[k] * size >= 16 * GiB ? 2 : reps;
				for (rep = n > 3 ? -1 : 0; rep < n; rep++) {
					convert_round(d.vm, gpa, size, nranges[k],
						      &to_private, &to_shared);
					emit("attr_private", variants[v], size, nranges[k], 0, 0,
					     rep, to_private, -1);
					emit("attr_shared", variants[v], size, nranges[k], 0, 0,
					     rep, to_shared, -1);
				}
				/*
				 * Memory in a round of its own: waiting for RCU between
				 * the steps would leave the next timing with cold caches.
				 */
				m0 = slab_settled();
				t0 = convert_ranges(d.vm, gpa, size, nranges[k],
						    true) / nranges[k];
				m1 = slab_settled();
				emit("mem_private", variants[v], size, nranges[k], 0, 0, 0,
				     t0, m1 - m0);
				t0 = convert_ranges(d.vm, gpa, size, nranges[k],
						    false) / nranges[k];
				emit("mem_shared", variants[v], size, nranges[k], 0, 0, 0,
				     t0, slab_settled() - m0);
				kvm_vm_free(d.vm);
				if (v) {
					close(d.gmem_fd);
					munmap(d.hva, span);
				}
			}
		}
	}
}

/*
 * 3. The explicit round trip: KVM_HC_MAP_GPA_RANGE, the exit, the VMM's
 * conversion, re-entry; ns per conversion, both directions alike.
 */
static void bench_explicit(const char *path, bool hypercall_exit)
{
	static const struct { uint64_t size, iters; } b[] = {
		{ 4 * KiB, 100 }, { 2 * MiB, 50 }, { 64 * MiB, 10 }, { 1 * GiB, 3 },
	};
	struct kvm_vcpu *vcpu;
	struct data d;
	uint64_t ns;
	int i, rep;

	sw_vm(1, &vcpu, &d, 1 * GiB, false);
	if (hypercall_exit)
		vm_enable_cap(d.vm, KVM_CAP_EXIT_HYPERCALL,
			      BIT_ULL(KVM_HC_MAP_GPA_RANGE));
	for (i = 0; i < (int)ARRAY_SIZE(b); i++) {
		for (rep = -1; rep < reps; rep++) {
			ns = timed_op(vcpu, &d, OP_MAP, DATA_GPA,
				      b[i].size / PAGE_SIZE, b[i].iters);
			emit("explicit", path, b[i].size, 1, 1, 0, rep,
			     ns / (2 * b[i].iters), -1);
		}
	}
	data_free(&d);
}

/*
 * 4. The implicit round trip: the guest reads a shared page through its
 * private alias, then through its shared alias; ns per conversion.
 */
static void bench_implicit(void)
{
	const uint64_t npages = 256;
	unsigned int bit = kvm_highest_shared_gpa_bit();
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct data d;
	uint64_t i, ns;
	int rep;

	if (!bit) {
		skip("implicit", "memfault", PAGE_SIZE, 1,
		     "no KVM_CAP_X86_SHARED_GPA_BIT: only the series converts implicitly");
		return;
	}
	vm = vm_create_shared_gpa_bit(bit, 1, 2 * npages / 512 + 8, guest_main,
				      &vcpu);
	data_add(vm, &d, npages * PAGE_SIZE, false);
	for (i = 0; i < npages; i++) {
		__virt_pg_map(vm, PRIV_GVA + i * PAGE_SIZE,
			      DATA_GPA + i * PAGE_SIZE, PG_LEVEL_4K);
		__virt_pg_map(vm, SHARED_GVA + i * PAGE_SIZE,
			      (DATA_GPA + i * PAGE_SIZE) | BIT_ULL(bit),
			      PG_LEVEL_4K);
	}
	vcpus_start(&vcpu, 1, &d);
	for (rep = -1; rep < reps; rep++) {
		ns = timed_op(vcpu, &d, OP_IMPLICIT, DATA_GPA, npages, 0);
		emit("implicit", "memfault", PAGE_SIZE, 1, 1, 0, rep,
		     ns / (2 * npages), -1);
	}
	data_free(&d);
}

/* 5. First touch of private (guest_memfd) pages against shared ones. */
static void bench_faultin_private(void)
{
	const uint64_t size = 8 * MiB, npages = size / PAGE_SIZE;
	struct kvm_vcpu *vcpu;
	struct data d;
	uint64_t ns;
	int rep, private;

	for (rep = -1; rep < reps; rep++) {
		for (private = 0; private < 2; private++) {
			sw_vm(1, &vcpu, &d, size, true);
			if (private)
				vm_set_memory_attributes(d.vm, DATA_GPA, size,
							 KVM_MEMORY_ATTRIBUTE_PRIVATE);
			ns = timed_op(vcpu, &d, OP_TOUCH, DATA_GPA, npages, 0);
			emit("faultin_sw", private ? "private" : "shared", size,
			     1, 1, 0, rep, ns / npages, -1);
			data_free(&d);
		}
	}
}

struct worker {
	struct kvm_vcpu *vcpu;
	struct data *d;
	pthread_t thread;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	run_to_sync(w->vcpu, w->d);
	return NULL;
}

/* 6a. 4 KiB explicit round trips by 1, 2 and 4 vCPUs at once. */
static void bench_scaling_vcpus(void)
{
	const uint64_t iters = 50;
	struct kvm_vcpu *vcpus[MAX_VCPUS];
	struct worker w[MAX_VCPUS];
	int nr, i, rep;
	struct data d;
	uint64_t t0;

	for (nr = 1; nr <= MAX_VCPUS; nr *= 2) {
		sw_vm(nr, vcpus, &d, 64 * MiB, false);
		/* The path that upstream has too. */
		vm_enable_cap(d.vm, KVM_CAP_EXIT_HYPERCALL,
			      BIT_ULL(KVM_HC_MAP_GPA_RANGE));
		set_guest_op(d.vm, OP_MAP, DATA_GPA, 1, iters);
		for (rep = -1; rep < reps; rep++) {
			t0 = now_ns();
			for (i = 0; i < nr; i++) {
				w[i] = (struct worker){ vcpus[i], &d };
				pthread_create(&w[i].thread, NULL, worker_run, &w[i]);
			}
			for (i = 0; i < nr; i++)
				pthread_join(w[i].thread, NULL);
			/* The time one vCPU waits for one conversion. */
			emit("scaling_vcpus", "hypercall", PAGE_SIZE, 1, nr, 0, rep,
			     (now_ns() - t0) / (2 * iters), -1);
		}
		data_free(&d);
	}
}

/* 6b. A single 4 KiB conversion while @stored other ranges are private. */
static void bench_scaling_stored(void)
{
	static const uint64_t stored[] = { 0, 10, 100, 1000, 10000, 100000 };
	const uint64_t nconv = 200, max = 100000;
	const uint64_t size = 2 * (max + nconv) * PAGE_SIZE;
	struct kvm_memory_attributes attr = { .size = PAGE_SIZE };
	uint64_t s, i, t0;
	struct data d;
	int64_t m0;
	int rep, v;

	for (v = 0; v < 2; v++) {
		for (s = 0; s < ARRAY_SIZE(stored); s++) {
			d.vm = vm_create_barebones_type(KVM_X86_SW_PROTECTED_VM);
			if (v)
				data_add(d.vm, &d, size, false);
			/*
			 * Every other page, so that no two ranges merge; what
			 * they take is the memory per range of scattered
			 * conversions, large enough here for the counter.
			 */
			attr.attributes = KVM_MEMORY_ATTRIBUTE_PRIVATE;
			m0 = slab_settled();
			t0 = now_ns();
			for (i = 0; i < stored[s]; i++) {
				attr.address = DATA_GPA + 2 * i * PAGE_SIZE;
				vm_ioctl(d.vm, KVM_SET_MEMORY_ATTRIBUTES, &attr);
			}
			t0 = now_ns() - t0;
			if (stored[s])
				emit("mem_stored", v ? "gmem" : "none", PAGE_SIZE,
				     stored[s], 0, stored[s], 0, t0 / stored[s],
				     slab_settled() - m0);
			for (rep = -1; rep < reps; rep++) {
				t0 = now_ns();
				for (i = 0; i < nconv; i++) {
					attr.address = DATA_GPA + 2 * (max + i) * PAGE_SIZE;
					attr.attributes = KVM_MEMORY_ATTRIBUTE_PRIVATE;
					vm_ioctl(d.vm, KVM_SET_MEMORY_ATTRIBUTES, &attr);
					attr.attributes = 0;
					vm_ioctl(d.vm, KVM_SET_MEMORY_ATTRIBUTES, &attr);
				}
				emit("scaling_stored", v ? "gmem" : "none", PAGE_SIZE, 1,
				     0, stored[s], rep, (now_ns() - t0) / (2 * nconv), -1);
			}
			if (v)
				data_free(&d);
			else
				kvm_vm_free(d.vm);
		}
	}
}

int main(int argc, char *argv[])
{
	const char *only = argc > 1 ? argv[1] : "";
	bool sw;

#ifdef BENCH_UPSTREAM
	upstream = true;
#endif
	if (getenv("BENCH_REPS"))
		reps = atoi(getenv("BENCH_REPS"));
	setbuf(stdout, NULL);
	printf("# kvm_bench (%s build), %d repetitions\n", BENCH_KERNEL, reps);

	sw = kvm_check_cap(KVM_CAP_VM_TYPES) & BIT(KVM_X86_SW_PROTECTED_VM);
	if (!*only || strstr(only, "faultin_default"))
		bench_faultin_default();
	if (!sw) {
		skip("attr_private", "all", 0, 0,
		     "no KVM_X86_SW_PROTECTED_VM: only fault-in of a default VM runs here");
		printf("# kvm_bench done\n");
		return 0;
	}
	TEST_ASSERT(memcg_setup(), "cannot run in memory cgroup " MEMCG);
	if (!*only || strstr(only, "attr"))
		bench_attributes();
	if (!*only || strstr(only, "explicit")) {
		if (!upstream)
			bench_explicit("memfault", false);
		bench_explicit("hypercall", true);
	}
	if (!*only || strstr(only, "implicit"))
		bench_implicit();
	if (!*only || strstr(only, "faultin_sw"))
		bench_faultin_private();
	if (!*only || strstr(only, "scaling_vcpus"))
		bench_scaling_vcpus();
	if (!*only || strstr(only, "scaling_stored"))
		bench_scaling_stored();
	printf("# kvm_bench done\n");
	return 0;
}
