// SPDX-License-Identifier: GPL-2.0-only
/*
 * conversion_demo: the loop a VMM needs for private memory.
 *
 * A KVM_X86_SW_PROTECTED_VM with one vCPU and two memslots for data: four
 * pages backed by a guest_memfd, which can be private or shared, and one
 * plain page, which can only be shared. The guest converts the four pages
 * with KVM_HC_MAP_GPA_RANGE. KVM hands each request to the host as a
 * KVM_EXIT_MEMORY_FAULT, as it does with a guest access that it cannot serve
 * in the page's current state. run_to_sync() is the whole loop: KVM_RUN, the
 * exit, KVM_SET_MEMORY_ATTRIBUTES, KVM_RUN again.
 *
 * Like a real VMM, the host discards the side a conversion leaves: the
 * guest_memfd's pages when a range becomes shared, the shared memory when it
 * becomes private. So the guest's private data never shows up in memory the
 * host can read, and it does not survive a round trip through shared either.
 * The selftest library does the plumbing (guest page tables, GUEST_SYNC(),
 * the test data patterns, is_memory_fault_exit()); what private memory asks
 * of a VMM is the setup in main() (the VM type) and add_data_memslot()
 * (the guest_memfd, the memslot that binds it), run_to_sync(),
 * handle_memory_fault() and set_private().
 *
 * Then implicit_demo() shows the other kind of conversion request: with
 * KVM_CAP_X86_SHARED_GPA_BIT (this series' own, not upstream's), the guest
 * asks for a page's shared or private state by the address it uses, as
 * TDX and SEV-SNP guests do, with no hypercall: an access in the other
 * state than the page's exits to the same loop, which converts the page.
 *
 * Porting from mainline Linux: this ABI is the 6.1 series', not mainline's.
 * - The exit is KVM_EXIT_MEMORY_FAULT 38 here; mainline's is 39 (its 38 is
 *   KVM_EXIT_LOONGARCH_IOCSR).
 * - The exit's data is kvm_run.memory here; mainline calls it memory_fault.
 * - KVM_MEMORY_EXIT_FLAG_PRIVATE is bit 0 here; mainline's is bit 3.
 * - KVM_HC_MAP_GPA_RANGE exits as KVM_EXIT_MEMORY_FAULT here by default;
 *   mainline exits with KVM_EXIT_HYPERCALL, which this series does too only
 *   once userspace enables KVM_CAP_EXIT_HYPERCALL for it.
 */
#define _GNU_SOURCE	/* fallocate() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/falloc.h>
#include <linux/kvm.h>
#include <linux/kvm_para.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"

#define DATA_SLOT	1
#define DATA_GPA	BIT_ULL(32)
#define DATA_NPAGES	4
#define DATA_SIZE	(DATA_NPAGES * PAGE_SIZE)
#define PLAIN_SLOT	2
#define PLAIN_GPA	(DATA_GPA + DATA_SIZE)

/*
 * Data patterns (pattern_qword(): each qword is the pattern xored with its
 * gpa; pattern 0 is zeroes, what fresh private pages read).
 */
#define SHARED_PAT	0x5a5a5a5a5a5a5a5aULL	/* the guest's, while shared */
#define SECRET_PAT	0xc5c5c5c5c5c5c5c5ULL	/* the guest's, while private */
#define HOST_PAT	0x3c3c3c3c3c3c3c3cULL	/* the host's, for the guest */

/* The data memslot's two backings: shared memory and the guest_memfd. */
static uint8_t *data_hva;
static int gmem_fd;

/*
 * The VMM's own record of each page's state, data pages then the plain one.
 * KVM_SET_MEMORY_ATTRIBUTES is the truth, but only the VMM knows what it
 * asked for, and that is what tells a guest's request from a stale exit.
 */
static bool page_private[DATA_NPAGES + 1];

/* Where the second guest reaches the data pages with the shared GPA bit. */
#define SHARED_GVA	(DATA_GPA + (1ULL << 30))

/* Ask the host to convert a range, as a confidential guest does. */
static void guest_map_gpa_range(uint64_t gpa, uint64_t size, bool private)
{
	uint64_t r = kvm_hypercall(KVM_HC_MAP_GPA_RANGE, gpa, size / PAGE_SIZE,
				   private ? KVM_MAP_GPA_RANGE_ENCRYPTED :
					     KVM_MAP_GPA_RANGE_DECRYPTED, 0);

	GUEST_ASSERT_1(!r, r);
}

/* Fill the pages of [gpa, gpa + size), which the guest reaches at @gva. */
static void guest_fill_at(uint64_t gva, uint64_t gpa, uint64_t size,
			  uint64_t pattern)
{
	uint64_t off;

	for (off = 0; off < size; off += 8)
		WRITE_ONCE(*(uint64_t *)(gva + off), pattern_qword(pattern, gpa + off));
}

static void guest_expect_at(uint64_t gva, uint64_t gpa, uint64_t size,
			    uint64_t pattern)
{
	uint64_t off, val;

	for (off = 0; off < size; off += 8) {
		val = READ_ONCE(*(uint64_t *)(gva + off));
		GUEST_ASSERT_2(val == pattern_qword(pattern, gpa + off), gpa + off, val);
	}
}

static void guest_fill(uint64_t gpa, uint64_t size, uint64_t pattern)
{
	guest_fill_at(gpa, gpa, size, pattern);
}

static void guest_expect(uint64_t gpa, uint64_t size, uint64_t pattern)
{
	guest_expect_at(gpa, gpa, size, pattern);
}

static void guest_code(void)
{
	/* Shared pages are ordinary host memory: the host sees this. */
	guest_fill(DATA_GPA, DATA_SIZE, SHARED_PAT);
	GUEST_SYNC(1);

	/*
	 * A conversion switches the pages to the guest_memfd's; it does not
	 * move their contents, so fresh private pages read as zeros.
	 */
	guest_map_gpa_range(DATA_GPA, DATA_SIZE, true);
	guest_expect(DATA_GPA, DATA_SIZE, 0);
	guest_fill(DATA_GPA, DATA_SIZE, SECRET_PAT);
	GUEST_SYNC(2);

	guest_map_gpa_range(DATA_GPA, DATA_SIZE, false);
	guest_expect(DATA_GPA, DATA_SIZE, HOST_PAT);
	GUEST_SYNC(3);

	/*
	 * The host discarded the private pages when they became shared: the
	 * secret did not survive the round trip, as on confidential hardware.
	 */
	guest_map_gpa_range(DATA_GPA, DATA_SIZE, true);
	guest_expect(DATA_GPA, DATA_SIZE, 0);
	GUEST_SYNC(4);

	/*
	 * No hypercall: the host made this page private, so this read is a
	 * private access, and the plain memslot has no private page to map.
	 */
	guest_expect(PLAIN_GPA, PAGE_SIZE, HOST_PAT);
	GUEST_SYNC(5);
}

/*
 * The second guest: no hypercall, only accesses.  Its page tables map the
 * data pages twice, at DATA_GPA through the gpas themselves, which it means
 * as private accesses, and at SHARED_GVA through the gpas with the shared
 * GPA bit, which it means as shared ones; a guest kernel learns the bit from
 * the KVM_CPUID_SHARED_GPA_BIT leaf at boot.
 */
static void implicit_guest_code(void)
{
	/* The pages start shared: shared accesses go through. */
	guest_fill_at(SHARED_GVA, DATA_GPA, DATA_SIZE, SHARED_PAT);
	GUEST_SYNC(1);

	/* Private accesses to shared pages: each page exits, and is converted. */
	guest_expect(DATA_GPA, DATA_SIZE, 0);
	guest_fill(DATA_GPA, DATA_SIZE, SECRET_PAT);
	GUEST_SYNC(2);

	/* Shared accesses to private pages: each exits, and is converted back. */
	guest_expect_at(SHARED_GVA, DATA_GPA, DATA_SIZE, HOST_PAT);
	GUEST_SYNC(3);
}

/*
 * A conversion is one VM ioctl on a gpa range; memslots do not matter to it.
 * Then the side the range left is discarded where it has one (the data
 * memslot): the guest_memfd's pages on private->shared, so that the guest's
 * private data is gone, and the shared memory on shared->private, so that
 * the host holds no stale copy of what the guest now keeps private.
 */
static void set_private(struct kvm_vm *vm, uint64_t gpa, uint64_t size,
			bool private)
{
	struct kvm_memory_attributes attr = {
		.address = gpa,
		.size = size,
		.attributes = private ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
	};
	uint64_t start = gpa, end = gpa + size, i;
	int r = ioctl(vm->fd, KVM_SET_MEMORY_ATTRIBUTES, &attr);

	TEST_ASSERT(!r, "KVM_SET_MEMORY_ATTRIBUTES gpa %#lx size %#lx: %s",
		    gpa, size, strerror(errno));
	for (i = (gpa - DATA_GPA) / PAGE_SIZE; i < (end - DATA_GPA) / PAGE_SIZE; i++)
		page_private[i] = private;

	if (start < DATA_GPA)
		start = DATA_GPA;
	if (end > DATA_GPA + DATA_SIZE)
		end = DATA_GPA + DATA_SIZE;
	if (start >= end)
		return;
	if (private)
		r = madvise(data_hva + start - DATA_GPA, end - start, MADV_DONTNEED);
	else
		r = fallocate(gmem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      start - DATA_GPA, end - start);
	TEST_ASSERT(!r, "discarding the %s side of gpa %#lx size %#lx: %s",
		    private ? "shared" : "private", start, end - start,
		    strerror(errno));
}

/* Whether every page of the range is in the state @private, by our record. */
static bool range_is(uint64_t gpa, uint64_t size, bool private)
{
	uint64_t i;

	for (i = (gpa - DATA_GPA) / PAGE_SIZE; i < (gpa + size - DATA_GPA) / PAGE_SIZE; i++)
		if (page_private[i] != private)
			return false;
	return true;
}

static void handle_memory_fault(struct kvm_vm *vm, const struct kvm_run *run)
{
	uint64_t gpa = run->memory.gpa, size = run->memory.size;
	bool access_private = run->memory.flags & KVM_MEMORY_EXIT_FLAG_PRIVATE;
	bool private = access_private;

	/* This guest touches nothing else; a real VMM records all its memory. */
	TEST_ASSERT(gpa >= DATA_GPA && size && gpa + size <= PLAIN_GPA + PAGE_SIZE,
		    "memory fault outside the demo's memory: gpa %#lx size %#lx",
		    gpa, size);

	/*
	 * Give the range the state the access (or the guest's request) needs,
	 * where the host can back it: only the data memslot has a guest_memfd.
	 * Elsewhere a private page has nothing behind it and would fault on
	 * every retry; make the range shared, so that the access retries as a
	 * shared one (and a guest that asked for private gets -KVM_EFAULT
	 * from its hypercall).
	 */
	if (gpa < DATA_GPA || gpa + size > DATA_GPA + DATA_SIZE)
		private = false;

	/*
	 * A range that already has that state, by the VMM's own record, is no
	 * request: the exit raced with a conversion the VMM made meanwhile
	 * (from another thread, or for another vCPU), and re-entering retries
	 * the access in the new state. Converting it again, or discarding its
	 * other side, would destroy data the guest still owns.
	 */
	if (range_is(gpa, size, private)) {
		printf("host: %s access at gpa %#lx size %#lx: already %s\n",
		       access_private ? "private" : "shared", gpa, size,
		       private ? "private" : "shared");
		return;
	}

	printf("host: %s access at gpa %#lx size %#lx: convert %s\n",
	       access_private ? "private" : "shared", gpa, size,
	       private ? "shared->private" : "private->shared");
	set_private(vm, gpa, size, private);
}

/*
 * Run the vCPU until its next GUEST_SYNC(), which must be @stage, handling
 * every memory fault on the way.
 */
static void run_to_sync(struct kvm_vcpu *vcpu, uint64_t stage)
{
	struct kvm_run *run = vcpu->run;
	struct ucall uc;
	int r;

	for (;;) {
		r = __vcpu_run(vcpu);	/* ioctl(vcpu_fd, KVM_RUN, 0) */

		/*
		 * A signal for this thread (EINTR), or KVM asking to be called
		 * again (EAGAIN), interrupts KVM_RUN before the guest could run
		 * or finish an exit: nothing to handle, just re-enter.
		 */
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;

		/*
		 * A memory fault is a failed KVM_RUN, not a normal exit: it
		 * returns -1 with errno EFAULT, and run->memory is valid only
		 * then. EFAULT alone can mean another failure (e.g. a memslot
		 * with an unmapped hva), so is_memory_fault_exit() checks
		 * exit_reason too; KVM resets it on every KVM_RUN, so it is
		 * never left over from an earlier exit.
		 */
		if (is_memory_fault_exit(vcpu, r, errno)) {
			handle_memory_fault(vcpu->vm, run);
			/*
			 * Re-entering retries the faulting access, or
			 * completes the guest's hypercall: 0 if the range now
			 * has the state it asked for, -KVM_EFAULT if not.
			 */
			continue;
		}
		TEST_ASSERT(!r, "KVM_RUN: %s, exit reason %s",
			    strerror(errno), exit_reason_str(run->exit_reason));

		if (get_ucall(vcpu, &uc) == UCALL_ABORT)
			REPORT_GUEST_ASSERT_2(uc, "values: %#lx, %#lx");
		TEST_ASSERT(uc.cmd == UCALL_SYNC && uc.args[1] == stage,
			    "want GUEST_SYNC(%lu), got exit %s, ucall %lu",
			    stage, exit_reason_str(run->exit_reason), uc.cmd);
		return;
	}
}

/* The host's view of the data memslot holds @pattern. */
static void expect(const uint8_t *data, uint64_t pattern, const char *what)
{
	uint64_t off = check_pattern(data, DATA_GPA, DATA_SIZE, pattern);

	TEST_ASSERT(off == DATA_SIZE, "%s: the qword at gpa %#llx is %#lx, want %#lx",
		    what, DATA_GPA + off, *(uint64_t *)(data + off),
		    pattern_qword(pattern, DATA_GPA + off));
}

/*
 * The data memslot of @vm: its guest_memfd, a file of the VM's private
 * pages, and a memslot with both backings: userspace_addr for the gpas
 * while they are shared, the guest_memfd (from offset 0) while they are
 * private.  Every page starts shared.
 */
static void add_data_memslot(struct kvm_vm *vm)
{
	struct kvm_create_guest_memfd gmem = { .size = DATA_SIZE };
	struct kvm_userspace_memory_region2 region = {
		.slot = DATA_SLOT,
		.flags = KVM_MEM_GUEST_MEMFD,
		.guest_phys_addr = DATA_GPA,
		.memory_size = DATA_SIZE,
		.guest_memfd_offset = 0,
	};
	int r;

	gmem_fd = ioctl(vm->fd, KVM_CREATE_GUEST_MEMFD, &gmem);
	TEST_ASSERT(gmem_fd >= 0, "KVM_CREATE_GUEST_MEMFD: %s", strerror(errno));
	data_hva = mmap(NULL, DATA_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(data_hva != MAP_FAILED, "mmap: %s", strerror(errno));
	region.userspace_addr = (uint64_t)data_hva;
	region.guest_memfd = gmem_fd;
	r = ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION2, &region);
	TEST_ASSERT(!r, "KVM_SET_USER_MEMORY_REGION2: %s", strerror(errno));
	memset(page_private, 0, sizeof(page_private));
}

/* The data memslot's backings go with its VM. */
static void free_data_memslot(void)
{
	close(gmem_fd);
	munmap(data_hva, DATA_SIZE);
}

/*
 * The same data memslot, in a second VM whose guest requests conversions
 * implicitly, through KVM_CAP_X86_SHARED_GPA_BIT.  The host's loop is the
 * same: run_to_sync() and handle_memory_fault() do not tell the two kinds
 * of request apart, and need not.
 */
static void implicit_demo(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	unsigned int bit;
	uint64_t i;

	/*
	 * 1. KVM_CHECK_EXTENSION(KVM_CAP_X86_SHARED_GPA_BIT) lists the bits
	 * allowed, bit n for GPA bit 32 + n; kvm_highest_shared_gpa_bit()
	 * takes the highest below the guest's MAXPHYADDR, well above the data
	 * memslot.  KVM_ENABLE_CAP names one before the VM has memslots or
	 * vCPUs; vm_create_shared_gpa_bit() does so, and tells the guest the
	 * bit in the KVM_CPUID_SHARED_GPA_BIT leaf.
	 */
	bit = kvm_highest_shared_gpa_bit();
	TEST_ASSERT(bit > 32, "no shared GPA bit above the data memslot (got %u)",
		    bit);
	vm = vm_create_shared_gpa_bit(bit, 1, 0, implicit_guest_code, &vcpu);

	/* 2. The guest_memfd and the data memslot, as before. */
	add_data_memslot(vm);

	/* 3. The guest's view: each data page at both of its aliases. */
	for (i = 0; i < DATA_NPAGES; i++) {
		__virt_pg_map(vm, DATA_GPA + i * PAGE_SIZE,
			      DATA_GPA + i * PAGE_SIZE, PG_LEVEL_4K);
		__virt_pg_map(vm, SHARED_GVA + i * PAGE_SIZE,
			      (DATA_GPA + i * PAGE_SIZE) | BIT_ULL(bit),
			      PG_LEVEL_4K);
	}
	printf("demo 2: shared GPA bit %u: gpa %#llx is private, gpa %#llx shared, for the same page\n",
	       bit, DATA_GPA, DATA_GPA | BIT_ULL(bit));

	run_to_sync(vcpu, 1);
	expect(data_hva, SHARED_PAT, "shared data");
	printf("guest: wrote pattern %#llx through the shared alias, and the host reads it\n",
	       SHARED_PAT);

	run_to_sync(vcpu, 2);
	expect(data_hva, 0, "shared view of private data");
	printf("guest: its private accesses made each page private, no hypercall; it wrote its secret there\n");
	fill_pattern(data_hva, DATA_GPA, DATA_SIZE, HOST_PAT);
	printf("host: wrote pattern %#llx to the shared view\n", HOST_PAT);

	run_to_sync(vcpu, 3);
	printf("guest: its shared accesses made each page shared again; it reads the host's pattern\n");

	kvm_vm_free(vm);
	free_data_memslot();
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	uint8_t *data, *plain;

	/* Keep stdout in order with the library's assertions on stderr. */
	setlinebuf(stdout);
	TEST_REQUIRE(kvm_check_cap(KVM_CAP_VM_TYPES) & BIT(KVM_X86_SW_PROTECTED_VM));

	/*
	 * 1. The VM type: ioctl(kvm_fd, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM),
	 * which the library issues here (lib/kvm_util.c) before it loads the
	 * guest. KVM_CAP_VM_TYPES says which types this KVM offers.
	 */
	vm = vm_create_type_with_vcpus(KVM_X86_SW_PROTECTED_VM, 1, 0,
				       guest_code, &vcpu);

	/* 2. and 3. The guest_memfd and the memslot that binds it. */
	add_data_memslot(vm);

	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, PLAIN_GPA,
				    PLAIN_SLOT, 1, 0);
	virt_map(vm, DATA_GPA, DATA_GPA, DATA_NPAGES + 1);
	data = data_hva;
	plain = addr_gpa2hva(vm, PLAIN_GPA);
	printf("demo: data gpa %#llx size %#llx (guest_memfd), plain gpa %#llx\n",
	       DATA_GPA, DATA_SIZE, PLAIN_GPA);

	run_to_sync(vcpu, 1);
	expect(data, SHARED_PAT, "shared data");
	printf("guest: wrote pattern %#llx to shared data, and the host reads it\n",
	       SHARED_PAT);

	run_to_sync(vcpu, 2);
	/*
	 * The guest's secret went to the guest_memfd, not to this mapping,
	 * which the conversion to private discarded.
	 */
	expect(data, 0, "shared view of private data");
	printf("guest: private data read as zeros; wrote its secret pattern %#llx there\n",
	       SECRET_PAT);
	printf("host: the shared view was discarded: zeros, not the secret\n");
	fill_pattern(data, DATA_GPA, DATA_SIZE, HOST_PAT);
	printf("host: wrote pattern %#llx to the shared view\n", HOST_PAT);

	run_to_sync(vcpu, 3);
	printf("guest: shared again, reads the host's pattern %#llx\n", HOST_PAT);

	run_to_sync(vcpu, 4);
	expect(data, 0, "shared view of private data again");
	printf("guest: private again, reads zeros: the round trip through shared\n"
	       "       discarded its secret pattern %#llx\n", SECRET_PAT);

	/*
	 * VMMs of confidential guests often make guest memory private up
	 * front. Doing that to the plain page, which has no guest_memfd,
	 * leaves the guest's next access to it unservable: it faults to the
	 * same loop, which turns the page back to shared.
	 */
	fill_pattern(plain, PLAIN_GPA, PAGE_SIZE, HOST_PAT);
	set_private(vm, PLAIN_GPA, PAGE_SIZE, true);
	printf("host: made plain gpa %#llx private without the guest asking\n",
	       PLAIN_GPA);
	run_to_sync(vcpu, 5);
	printf("guest: reads the host's pattern %#llx there\n", HOST_PAT);

	expect(data, 0, "shared view at the end");
	kvm_vm_free(vm);
	free_data_memslot();

	implicit_demo();
	printf("demo: OK, data stayed where it belongs, with both kinds of request\n");
	return 0;
}
