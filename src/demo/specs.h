/*
 * specs.h - the stages of the demo's exchanges and who came home in each
 * (specs.c).  Internal to src/demo.
 */
#ifndef HOMEWARD_DEMO_SPECS_H
#define HOMEWARD_DEMO_SPECS_H

#include "demo/demo_int.h"

enum demo_spec_id {
	DEMO_SPEC_52,   /* 31 May 2024, the 52nd exchange */
	DEMO_SPEC_K1,   /* "1000 for 1000", 23 May 2025 */
	DEMO_SPEC_K2,   /* 24 May 2025 */
	DEMO_SPEC_K3,   /* 25 May 2025 */
	DEMO_SPEC_NEXT, /* the open agreement */
	DEMO_SPEC__COUNT
};

extern const struct demo_spec demo_specs[DEMO_SPEC__COUNT];

#endif
