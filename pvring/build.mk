# pvring: one ring library, built for riscv64 and for the host from the
# same sources. Users link $(PVRING_RV_LIB) or $(PVRING_HOST_LIB) and
# include "pvring.h" (pvring/ is on both include paths).
PVRING_SRCS := pvring/pvring_drv.c pvring/pvring_dev.c pvring/pvring_chain.c \
	pvring/pvring_strerror.c
PVRING_HDRS := pvring/pvring_abi.h pvring/pvring.h pvring/pvring_inline.h \
	pvring/pvring_barrier.h pvring/pvring_internal.h
PVRING_RV_OBJS := $(PVRING_SRCS:%.c=$(BUILD)/rv/%.o)
PVRING_HOST_OBJS := $(PVRING_SRCS:%.c=$(BUILD)/host/%.o)
PVRING_RV_LIB := $(BUILD)/rv/libpvring.a
PVRING_HOST_LIB := $(BUILD)/host/libpvring.a
PVRING_RV_AR := $(CROSS)ar
PVRING_HOST_AR ?= ar

ALL += $(PVRING_RV_LIB) $(PVRING_HOST_LIB)

$(PVRING_RV_LIB): $(PVRING_RV_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && $(PVRING_RV_AR) rcs $@ $^

$(PVRING_HOST_LIB): $(PVRING_HOST_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && $(PVRING_HOST_AR) rcs $@ $^

.PHONY: pvring
pvring: $(PVRING_RV_LIB) $(PVRING_HOST_LIB)
