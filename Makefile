# Entry points only; each target runs one script from scripts/.
# `make` builds, boots and shows the series at work; `make check` is the suite.

B        := build
TREE     := $(B)/linux
OBJ      := $(B)/obj
TESTS    := $(B)/selftests
RESULTS  := $(B)/results
PATCHES  := patches
LANES    := npt1 npt0 ept1 ept0 dbg
# Leading patches of the series that only make 6.1's own selftests build; the
# "unpatched base" of the baseline is the base tag plus these.
BASE_FIXES := 2
FORCE    ?=

.PHONY: all deps tree export status checkpatch kernel selftests demo check check-debug \
	check-vmx series-gates lanes baseline prove-base harness-test harness-mutants clean \
	deb distro docs fuzz soak bench

all: deps
	@scripts/main.sh $(TREE) $(OBJ) $(TESTS) $(RESULTS)/demo

deps:
	@scripts/deps.sh BASE_VERSION

tree:
	@scripts/tree.sh $(TREE) $(PATCHES) $(if $(FORCE),force)

export:
	@scripts/export.sh $(TREE) $(PATCHES)

status:
	@scripts/status.sh $(TREE) $(PATCHES)

checkpatch:
	@scripts/checkpatch.sh $(TREE) $(PATCHES)

kernel:
	@scripts/build-kernel.sh $(TREE) $(OBJ) configs/kvm.config configs/series.config

selftests:
	@scripts/build-selftests.sh $(TREE) $(OBJ) $(TESTS)

# The demo VMM of demo/, against the library of `make selftests`.
demo:
	@scripts/build-demo.sh $(TREE) $(OBJ) $(TESTS)

# The fuzzer of the new uapi on the debug kernel (lane dbg), SECONDS long
# with a fresh seed (make check runs it for 60 s); make soak runs it and
# private_mem_stress_test at once for MINUTES.
SECONDS ?= 300
MINUTES ?= 30
fuzz: deps tree
	@scripts/fuzz.sh fuzz $(TREE) $(B) $(SECONDS)
soak: deps tree
	@scripts/fuzz.sh soak $(TREE) $(B) $$(( $(MINUTES) * 60 ))

# Debian packages of the patched kernel (bindeb-pkg) in build/deb: the lane
# configuration by default; CONFIG=debian starts from Debian's 6.1
# configuration with CONFIG_KVM_SW_PROTECTED_VM=y (hours on 2 cores).
deb: deps tree
	@scripts/build-deb.sh $(TREE) $(OBJ) $(B)/deb $(or $(CONFIG),lane) configs/kvm.config configs/series.config

# KVM under Debian's 6.1 configuration, the series' options off and on
# (make check runs it); the documentation under the kernel's Sphinx setup.
distro: deps tree
	@scripts/plan.sh distro scripts/build-distro.sh $(TREE) $(B)/distro \
		/usr/src/linux-config-6.1/config.amd64_none_amd64.xz $(RESULTS)
docs: deps tree
	@scripts/plan.sh docs scripts/docs.sh $(TREE) $(B)/docs

# Benchmarks (BENCHMARKS.md): the unpatched base, the series and upstream
# (Debian's linux-source-6.12, version pinned in BENCH_UPSTREAM_VERSION) built
# alike and measured one after the other under lane npt1's QEMU, results in
# build/results/bench. A cold run builds three kernels; make check runs none of it.
bench: deps tree
	@scripts/bench.sh $(TREE) $(B)/bench $(RESULTS)/bench BENCH_UPSTREAM_VERSION

check: deps
	@scripts/check.sh $(TREE) $(PATCHES) $(B) "$(LANES)"

# The harness's self-tests (make check runs them): fakes in, verdicts out.
harness-test:
	@scripts/harness-test.sh $(wildcard $(TREE))

# Revert each judging rule in a copy of scripts/ and require the self-tests
# to notice (a few minutes, mostly waiting on fake emulators).
harness-mutants:
	@scripts/harness-mutants.sh $(wildcard $(TREE))

# The VMX lanes (ept*) under Bochs with their whole gate; make check runs only
# the gate's fast part. One lane: make check-vmx LANES=ept0
check-vmx: deps
	@scripts/check-vmx.sh $(TREE) $(OBJ) $(TESTS) $(RESULTS)/vmx "$(filter ept%,$(LANES))"

# The debug lane (KASAN, lockdep, UBSAN, kmemleak...) on a second kernel with
# its whole gate, the slow tests that make check's lane dbg leaves out
# included; after make check (or make tree selftests).
check-debug: deps
	@scripts/check-debug.sh $(TREE) $(B)

baseline: deps
	@scripts/baseline.sh $(TREE) $(PATCHES) $(BASE_FIXES) $(B)/base "$(LANES)" tests

# Re-prove on the unpatched base that a test listed as failing there fails:
#   make prove-base TEST=debug_regs [LANE=npt1]
prove-base: deps
	@scripts/prove-base.sh $(TREE) $(PATCHES) $(BASE_FIXES) $(B)/base "$(TEST)" $(or $(LANE),npt1) tests

clean:
	rm -rf $(OBJ) $(OBJ)-debian $(TESTS) $(RESULTS) $(B)/base $(B)/bisect $(B)/deb $(B)/distro $(B)/docs
