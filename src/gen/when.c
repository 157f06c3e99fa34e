/*
 * when.c - where and when: capture date, region and place, the tag of a
 * special group, birth date and birth place of a generated person.
 *
 * The capture is drawn first, because the birth date depends on it (the
 * military are adults when captured).  The region and the places depend
 * on the year: 2014 Crimea (27 February to March) and Donbas (from 12
 * April), 2015-2021 the line of contact in Donbas, 2022 from 24 February,
 * also the north until 5 April, when the invasion there was repelled,
 * 2023 on the east and south, 2024-2025 also the Kursk area (region
 * `other`).  The place names are real towns and villages: places, never
 * persons.
 */
#include "gen/gen_int.h"
#include "core/banned.h"

#define CAPTURE_PLACE_SHARE 0.90
#define BIRTH_PLACE_SHARE 0.60
#define BIRTH_TRIES 32

struct place_list {
	const char *const *names;
	size_t n;
};

#define PLACES(a) { a, GEN_COUNT(a) }

/* Donbas by year: 2014 (from April), 2015, and the line of contact until 2022. */
static const char *const donetsk_2014[] = {
	"Слов'янськ", "Краматорськ", "Іловайськ", "Савур-Могила", "Шахтарськ",
	"Донецький аеропорт", "Піски", "Мар'їнка", "Волноваха", "Амвросіївка",
};
static const char *const donetsk_2015[] = {
	"Дебальцеве", "Донецький аеропорт", "Широкине", "Піски", "Мар'їнка", "Вуглегірськ",
	"Логвинове",
};
static const char *const donetsk_2016[] = {
	"Авдіївка", "Мар'їнка", "Піски", "Широкине", "Світлодарськ", "Зайцеве", "Водяне",
	"Павлопіль", "Новолуганське",
};
static const char *const luhansk_2014[] = {
	"Луганський аеропорт", "Щастя", "Хрящувате", "Лутугине", "Станиця Луганська",
	"Металіст",
};
static const char *const luhansk_2015[] = {
	"Щастя", "Станиця Луганська", "Золоте", "Попасна", "Кримське", "Новотошківське",
};
static const char *const crimea[] = {
	"Сімферополь", "Севастополь", "Перевальне", "Феодосія", "Керч", "Бельбек",
};
static const char *const donetsk[] = {
	"Бахмут", "Авдіївка", "Мар'їнка", "Соледар", "Вугледар", "Покровськ", "Торецьк",
	"Часів Яр", "Кліщіївка", "Волноваха", "Красногорівка", "Курахове", "Опитне",
	"Костянтинівка", "Лиман", "Сіверськ", "Новомихайлівка", "Очеретине",
	"Велика Новосілка", "Селидове", "Мирноград", "Маріуполь",
};
static const char *const luhansk[] = {
	"Сєвєродонецьк", "Лисичанськ", "Рубіжне", "Попасна", "Золоте", "Гірське", "Кремінна",
	"Білогорівка", "Привілля", "Новодружеськ", "Тошківка",
};
static const char *const kharkiv[] = {
	"Ізюм", "Балаклія", "Куп'янськ", "Вовчанськ", "Липці", "Харків", "Старий Салтів",
	"Мала Рогань", "Руська Лозова", "Циркуни", "Борова", "Глибоке",
};
static const char *const zaporizhzhia[] = {
	"Оріхів", "Роботине", "Гуляйполе", "Василівка", "Енергодар", "Мелітополь", "Пологи",
	"Токмак", "Кам'янське", "Мала Токмачка", "Степногірськ", "Вербове",
};
static const char *const kherson[] = {
	"Херсон", "Нова Каховка", "Кринки", "Чорнобаївка", "Олешки", "Скадовськ", "Берислав",
	"Давидів Брід", "Каховка", "Станіслав",
};
static const char *const kyiv[] = {
	"Гостомель", "Буча", "Ірпінь", "Бородянка", "Макарів", "Іванків", "Мощун", "Демидів",
	"Димер",
};
static const char *const chernihiv[] = {
	"Чернігів", "Ніжин", "Новгород-Сіверський", "Мена", "Городня", "Ріпки", "Лукашівка",
	"Козелець",
};
static const char *const sumy[] = {
	"Суми", "Тростянець", "Охтирка", "Конотоп", "Лебедин", "Шостка", "Путивль",
};
static const char *const mykolaiv[] = {
	"Миколаїв", "Снігурівка", "Баштанка", "Вознесенськ", "Очаків", "Кінбурнська коса",
	"Новий Буг",
};
static const char *const kursk[] = { "Суджа", "Глушково", "Теткіно" };

static const char *const birth_ua[] = {
	"Київ", "Харків", "Одеса", "Дніпро", "Донецьк", "Запоріжжя", "Львів", "Кривий Ріг",
	"Миколаїв", "Маріуполь", "Луганськ", "Вінниця", "Макіївка", "Херсон", "Полтава",
	"Чернігів", "Черкаси", "Хмельницький", "Чернівці", "Житомир", "Суми", "Рівне",
	"Горлівка", "Івано-Франківськ", "Кам'янське", "Кропивницький", "Тернопіль",
	"Кременчук", "Луцьк", "Біла Церква", "Краматорськ", "Мелітополь", "Ужгород",
	"Слов'янськ", "Бердянськ", "Нікополь", "Павлоград", "Сєвєродонецьк", "Лисичанськ",
	"Алчевськ", "Кам'янець-Подільський", "Бровари", "Конотоп", "Умань", "Мукачево",
	"Бахмут", "Олександрія", "Шостка", "Ізмаїл", "Бердичів", "Ковель", "Стрий",
	"Дрогобич", "Ніжин", "Коломия", "Охтирка", "Лубни", "Нова Каховка", "Сміла",
	"Покровськ", "Жовті Води", "Прилуки", "Енергодар",
};
static const char *const birth_ru[] = {
	"Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань",
	"Нижний Новгород", "Челябинск", "Самара", "Омск", "Ростов-на-Дону", "Уфа",
	"Красноярск", "Воронеж", "Пермь", "Волгоград", "Краснодар", "Саратов", "Тюмень",
	"Ижевск", "Барнаул", "Иркутск", "Хабаровск", "Ярославль", "Владивосток",
	"Махачкала", "Томск", "Оренбург", "Кемерово", "Улан-Удэ", "Курск", "Белгород",
	"Брянск", "Псков", "Чита",
};

static const struct gen_weighted years[] = {
	{ 2014, 40 }, { 2015, 20 }, { 2016, 5 }, { 2017, 5 }, { 2018, 4 }, { 2019, 4 },
	{ 2020, 3 }, { 2021, 4 }, { 2022, 400 }, { 2023, 250 }, { 2024, 200 }, { 2025, 65 },
};
static const struct gen_weighted regions_2014[] = {
	{ HW_REGION_DONETSK, 50 }, { HW_REGION_LUHANSK, 30 }, { HW_REGION_CRIMEA, 20 },
};
static const struct gen_weighted regions_2015[] = {
	{ HW_REGION_DONETSK, 62 }, { HW_REGION_LUHANSK, 38 },
};
static const struct gen_weighted regions_2022[] = {
	{ HW_REGION_DONETSK, 30 }, { HW_REGION_LUHANSK, 14 }, { HW_REGION_KHARKIV, 13 },
	{ HW_REGION_KHERSON, 12 }, { HW_REGION_ZAPORIZHZHIA, 10 }, { HW_REGION_KYIV, 8 },
	{ HW_REGION_CHERNIHIV, 5 }, { HW_REGION_MYKOLAIV, 4 }, { HW_REGION_SUMY, 3 },
};
static const struct gen_weighted regions_2023[] = {
	{ HW_REGION_DONETSK, 50 }, { HW_REGION_ZAPORIZHZHIA, 13 }, { HW_REGION_KHARKIV, 12 },
	{ HW_REGION_LUHANSK, 10 }, { HW_REGION_KHERSON, 8 }, { HW_REGION_SUMY, 2 },
};
static const struct gen_weighted regions_2024[] = {
	{ HW_REGION_DONETSK, 52 }, { HW_REGION_KHARKIV, 14 }, { HW_REGION_ZAPORIZHZHIA, 11 },
	{ HW_REGION_LUHANSK, 8 }, { HW_REGION_KHERSON, 7 }, { HW_REGION_SUMY, 3 },
	{ HW_REGION_OTHER, 5 },
};
/* Day 88%, month 9%, year 3%. */
static const struct gen_weighted capture_precision[] = {
	{ HW_DATE_DAY, 88 }, { HW_DATE_MONTH, 9 }, { HW_DATE_YEAR, 3 },
};
/* Day 93%, month 2%, year 5%. */
static const struct gen_weighted birth_precision[] = {
	{ HW_DATE_DAY, 93 }, { HW_DATE_MONTH, 2 }, { HW_DATE_YEAR, 5 },
};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Day `yday` (1-based) of year y, cut to the precision. */
static struct hw_date make_date(int y, int yday, enum hw_date_precision prec)
{
	struct hw_date d = { (short)y, 1, 0 };

	while (yday > days_in_month(y, d.month))
		yday -= days_in_month(y, d.month++);
	d.day = prec == HW_DATE_DAY ? (signed char)yday : 0;
	if (prec == HW_DATE_YEAR)
		d.month = 0;
	return d;
}

static const struct gen_weighted *regions_of(int year, size_t *n)
{
#define RET(t) do { *n = GEN_COUNT(t); return t; } while (0)
	if (year == 2014)
		RET(regions_2014);
	if (year < 2022)
		RET(regions_2015);
	if (year == 2022)
		RET(regions_2022);
	if (year == 2023)
		RET(regions_2023);
	RET(regions_2024);
#undef RET
}

static const struct place_list by_region[] = {
	[HW_REGION_DONETSK] = PLACES(donetsk),
	[HW_REGION_LUHANSK] = PLACES(luhansk),
	[HW_REGION_KHERSON] = PLACES(kherson),
	[HW_REGION_KHARKIV] = PLACES(kharkiv),
	[HW_REGION_ZAPORIZHZHIA] = PLACES(zaporizhzhia),
	[HW_REGION_SUMY] = PLACES(sumy),
	[HW_REGION_CHERNIHIV] = PLACES(chernihiv),
	[HW_REGION_KYIV] = PLACES(kyiv),
	[HW_REGION_MYKOLAIV] = PLACES(mykolaiv),
	[HW_REGION_CRIMEA] = PLACES(crimea),
	[HW_REGION_OTHER] = PLACES(kursk),
};
/* Before 2022, by era: 2014, 2015, 2016-2021. */
static const struct place_list donetsk_early[] = {
	PLACES(donetsk_2014), PLACES(donetsk_2015), PLACES(donetsk_2016),
};
static const struct place_list luhansk_early[] = {
	PLACES(luhansk_2014), PLACES(luhansk_2015), PLACES(luhansk_2015),
};

static const struct place_list *places_of(enum hw_region region, int year)
{
	int era = year == 2014 ? 0 : year == 2015 ? 1 : 2;

	if (year < 2022 && region == HW_REGION_DONETSK)
		return &donetsk_early[era];
	if (year < 2022 && region == HW_REGION_LUHANSK)
		return &luhansk_early[era];
	return &by_region[region];
}

/* The ordinary capture: year, region by year, a day in the window of both. */
static int draw_capture(struct gen_rng *r, struct hw_person *p)
{
	size_t n;
	const struct gen_weighted *regions;
	int year = gen_pick_small(r, years, GEN_COUNT(years)), first = 1, last;

	regions = regions_of(year, &n);
	p->region = gen_pick_small(r, regions, n);
	last = is_leap(year) ? 366 : 365;
	if (year == 2014 && p->region == HW_REGION_CRIMEA) {
		first = 58; /* 27 February */
		last = 90;  /* 31 March */
	} else if (year == 2014) {
		first = 102; /* 12 April */
	}
	if (year == 2022) {
		first = 55; /* 24 February */
		if (p->region == HW_REGION_KYIV || p->region == HW_REGION_CHERNIHIV ||
		    p->region == HW_REGION_SUMY)
			last = 95; /* 5 April */
	}
	return year * 1000 + gen_range(r, first, last);
}

/* A special group's capture: returns year * 1000 + day of year, and the place. */
static int draw_group_capture(struct gen_rng *r, enum gen_group group, struct hw_person *p,
			      const char **place)
{
	switch (group) {
	case GEN_GROUP_MARIUPOL:
		p->region = HW_REGION_DONETSK;
		*place = "Маріуполь";
		/* Most left Azovstal on 16-20 May 2022; others from 10 April. */
		return 2022000 + (gen_chance(r, 0.6) ? gen_range(r, 136, 140) : gen_range(r, 100, 135));
	case GEN_GROUP_SNAKE_ISLAND:
		p->region = HW_REGION_OTHER;
		*place = "острів Зміїний";
		return 2022000 + gen_range(r, 55, 56);
	case GEN_GROUP_CHORNOBYL:
		p->region = HW_REGION_KYIV;
		*place = "Чорнобильська АЕС";
		return 2022055;
	case GEN_GROUP_NONE:
		break;
	}
	return 0;
}

enum hw_err gen_fill_capture(const struct hw_gen *g, const struct gen_draft *d,
			     struct hw_person *p, struct hw_error *err)
{
	static const char *const tags[] = { NULL, "mariupol", "snake_island", "chornobyl_npp" };
	const char *place = NULL;
	const struct place_list *list;
	struct gen_rng r;
	enum hw_err rc;
	int when;

	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_CAPTURE);
	if (d->group != GEN_GROUP_NONE) {
		when = draw_group_capture(&r, d->group, p, &place);
		rc = hw_person_add_tag(p, tags[d->group], err);
		if (rc)
			return rc;
	} else {
		when = draw_capture(&r, p);
		list = places_of(p->region, when / 1000);
		if (list->n && gen_chance(&r, CAPTURE_PLACE_SHARE))
			place = list->names[gen_below(&r, list->n)];
	}
	p->captured_on = make_date(when / 1000, when % 1000,
				   gen_pick_small(&r, capture_precision, GEN_COUNT(capture_precision)));
	rc = hw_person_set_str(&p->capture_place, place);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}

static int draw_birth_year(struct gen_rng *r, const struct gen_draft *d)
{
	if (d->category == HW_CATEGORY_CIVILIAN)
		return gen_range(r, 1940, 2008);
	if (gen_chance(r, 0.8))
		return gen_range(r, 1975, 2000);
	return gen_range(r, 1960, 2005);
}

enum hw_err gen_fill_birth(const struct hw_gen *g, const struct gen_draft *d, struct hw_person *p)
{
	int officer = d->rank_class == HW_RANK_CLASS_OFFICER, year = 0, y, i, latest;
	const char *place = NULL;
	struct gen_rng r;

	latest = p->captured_on.year - (d->category == HW_CATEGORY_CIVILIAN ? 16
					: officer ? 22 : d->rank_class == HW_RANK_CLASS_NCO ? 20 : 19);
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_BIRTH);
	for (i = 0; i < BIRTH_TRIES && !year; i++) {
		y = draw_birth_year(&r, d);
		if (officer) { /* officers are older: the earlier of two years */
			int y2 = draw_birth_year(&r, d);

			y = y2 < y ? y2 : y;
		}
		if (y <= latest)
			year = y;
	}
	if (!year)
		year = latest - gen_range(&r, 0, 4);
	p->birth_date = make_date(year, gen_range(&r, 1, is_leap(year) ? 366 : 365),
				  gen_pick_small(&r, birth_precision, GEN_COUNT(birth_precision)));
	gen_rng_seed(&r, g->opt.seed, d->index, GEN_F_BIRTH_PLACE);
	if (gen_chance(&r, BIRTH_PLACE_SHARE))
		place = d->id.held_by == HW_CUSTODY_US ? birth_ru[gen_below(&r, GEN_COUNT(birth_ru))]
						       : birth_ua[gen_below(&r, GEN_COUNT(birth_ua))];
	return hw_person_set_str(&p->birth_place, place);
}
