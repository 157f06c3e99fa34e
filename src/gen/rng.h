/*
 * rng.h - the counter-based random numbers of the generator.
 *
 * Every field of every person has its own stream: the stream for
 * (seed, index, field) starts from a state obtained by hashing the three
 * with the splitmix64 finaliser, and steps like splitmix64 (add the golden
 * gamma, mix).  Nothing depends on what was drawn before for another field
 * or another person, so person i is generated directly, and adding a field
 * (a new enum value) changes no existing one.  The values of enum
 * gen_field are therefore part of the output: only append to it.
 */
#ifndef HOMEWARD_GEN_RNG_H
#define HOMEWARD_GEN_RNG_H

#include <stddef.h>
#include <stdint.h>

enum gen_field {
	GEN_F_NAMESAKE = 1,
	GEN_F_NAMESAKE_OF,
	GEN_F_CUSTODY,
	GEN_F_CATEGORY,
	GEN_F_SEX,
	GEN_F_SURNAME,
	GEN_F_GIVEN,
	GEN_F_FATHER,
	GEN_F_PATRONYMIC_COPY,
	GEN_F_BIRTH,
	GEN_F_BIRTH_PLACE,
	GEN_F_CITIZENSHIP,
	GEN_F_GROUP,
	GEN_F_BRANCH,
	GEN_F_RANK,
	GEN_F_UNIT,
	GEN_F_SERVICE_NUMBER,
	GEN_F_CAPTURE,
	GEN_F_STATUS,
	GEN_F_HEALTH,
	GEN_F_KIN,
	GEN_F_RANK_CLASS,
};

#define GEN_GAMMA UINT64_C(0x9e3779b97f4a7c15)

struct gen_rng {
	uint64_t state;
};

/* A value and its weight, for the small fixed distributions. */
struct gen_weighted {
	int value;
	unsigned weight;
};

/* The splitmix64 finaliser: a bijection that mixes all bits. */
static inline uint64_t gen_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Hash of a few words, for values keyed by something else than a person. */
static inline uint64_t gen_hash3(uint64_t a, uint64_t b, uint64_t c)
{
	return gen_mix64(gen_mix64(gen_mix64(a + GEN_GAMMA) + b) ^ (c * GEN_GAMMA));
}

static inline void gen_rng_seed(struct gen_rng *r, uint64_t seed, uint64_t index,
				enum gen_field field)
{
	r->state = gen_hash3(seed, index, (uint64_t)field);
}

static inline uint64_t gen_next(struct gen_rng *r)
{
	r->state += GEN_GAMMA;
	return gen_mix64(r->state);
}

/* Uniform in [0, 1), 53 bits. */
static inline double gen_unit(struct gen_rng *r)
{
	return (double)(gen_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [0, n), n > 0; the modulo bias (n / 2^64) is negligible here. */
static inline uint64_t gen_below(struct gen_rng *r, uint64_t n)
{
	return gen_next(r) % n;
}

/* Uniform in [lo, hi], lo <= hi. */
static inline int gen_range(struct gen_rng *r, int lo, int hi)
{
	return lo + (int)gen_below(r, (uint64_t)(hi - lo) + 1);
}

/* 1 with probability p. */
static inline int gen_chance(struct gen_rng *r, double p)
{
	return gen_unit(r) < p;
}

/* One value of a small table by weight (linear scan; tables of a few rows). */
static inline int gen_pick_small(struct gen_rng *r, const struct gen_weighted *w, size_t n)
{
	uint64_t total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i].weight;
	x = gen_below(r, total);
	for (i = 0; i + 1 < n; i++) {
		if (x < w[i].weight)
			break;
		x -= w[i].weight;
	}
	return w[i].value;
}

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
