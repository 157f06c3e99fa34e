/*
 * homeward/vocab.h - the controlled vocabularies of the data model.
 *
 * Each vocabulary is an enum generated from one X-macro table together
 * with its stable code (used in the database, CSV, JSON and on the command
 * line), its English label and its Ukrainian label.  Codes are lower-case
 * ASCII and never change once released; values are only appended.
 *
 * Parsing is uniform: hw_vocab_parse() looks a text up by code (case and
 * surrounding blanks ignored) and, failing that, by either label; an
 * unknown text is HW_INVALID with a message that lists every allowed code.
 */
#ifndef HOMEWARD_VOCAB_H
#define HOMEWARD_VOCAB_H

#include "homeward/error.h"

/* X(ENUM, "code", "English label", "Ukrainian label") */
#define HW_SEX_MAP(X) \
	X(UNKNOWN, "U", "unknown", "невідомо") \
	X(MALE, "M", "man", "чоловік") \
	X(FEMALE, "F", "woman", "жінка")

#define HW_CATEGORY_MAP(X) \
	X(MILITARY, "military", "military", "військовий") \
	X(CIVILIAN, "civilian", "civilian", "цивільний")

/* Custody: who holds the person. */
#define HW_CUSTODY_MAP(X) \
	X(ADVERSARY, "adversary", "held by the other side", "утримується противником") \
	X(US, "us", "in our custody", "утримується нами")

/* Branch groups, which reports count besides the branches. */
#define HW_BRANCH_GROUP_MAP(X) \
	X(NONE, "", "none", "немає") \
	X(AFU, "afu", "Armed Forces of Ukraine", "Збройні сили України") \
	X(MIA, "mia", "Ministry of Internal Affairs", "Міністерство внутрішніх справ") \
	X(SBU, "sbu", "Security Service of Ukraine", "Служба безпеки України") \
	X(OTHER, "other", "other", "інші")

/* X(ENUM, "code", "English", "Ukrainian", GROUP) */
#define HW_BRANCH_MAP(X) \
	X(NONE, "", "none", "немає", NONE) \
	X(ARMY, "army", "Ground Forces", "Сухопутні війська", AFU) \
	X(NAVY, "navy", "Navy", "Військово-морські сили", AFU) \
	X(MARINES, "marines", "Marine Corps", "Морська піхота", AFU) \
	X(AIR_FORCE, "air_force", "Air Force", "Повітряні сили", AFU) \
	X(AIR_ASSAULT, "air_assault", "Air Assault Forces", "Десантно-штурмові війська", AFU) \
	X(TDF, "tdf", "Territorial Defence Forces", "Сили територіальної оборони", AFU) \
	X(SSO, "sso", "Special Operations Forces", "Сили спеціальних операцій", AFU) \
	X(NGU, "ngu", "National Guard", "Національна гвардія України", MIA) \
	X(SBGS, "sbgs", "State Border Guard Service", "Державна прикордонна служба України", MIA) \
	X(POLICE, "police", "National Police", "Національна поліція", MIA) \
	X(SBU, "sbu", "Security Service of Ukraine", "Служба безпеки України", SBU) \
	X(OTHER, "other", "other", "інші", OTHER)

#define HW_REGION_MAP(X) \
	X(NONE, "", "unknown", "невідомо") \
	X(DONETSK, "donetsk", "Donetsk", "Донецький напрямок") \
	X(LUHANSK, "luhansk", "Luhansk", "Луганський напрямок") \
	X(KHERSON, "kherson", "Kherson", "Херсонський напрямок") \
	X(KHARKIV, "kharkiv", "Kharkiv", "Харківський напрямок") \
	X(ZAPORIZHZHIA, "zaporizhzhia", "Zaporizhzhia", "Запорізький напрямок") \
	X(SUMY, "sumy", "Sumy", "Сумський напрямок") \
	X(CHERNIHIV, "chernihiv", "Chernihiv", "Чернігівський напрямок") \
	X(KYIV, "kyiv", "Kyiv", "Київський напрямок") \
	X(MYKOLAIV, "mykolaiv", "Mykolaiv", "Миколаївський напрямок") \
	X(CRIMEA, "crimea", "Crimea", "Крим") \
	X(OTHER, "other", "other", "інший")

#define HW_STATUS_MAP(X) \
	X(NONE, "", "not yet registered", "не зареєстровано") \
	X(MISSING, "missing", "missing", "зниклий безвісти") \
	X(CAPTIVE, "captive", "in captivity", "у полоні") \
	X(LISTED, "listed", "listed for exchange", "у списку на обмін") \
	X(RETURNED, "returned", "returned", "повернувся") \
	X(HANDED_OVER, "handed_over", "handed over", "переданий") \
	X(DECEASED, "deceased", "deceased", "загинув") \
	X(RELEASED, "released", "released otherwise", "звільнений іншим шляхом")

#define HW_RANK_CLASS_MAP(X) \
	X(NONE, "", "none", "немає") \
	X(ENLISTED, "enlisted", "privates", "рядові") \
	X(NCO, "nco", "sergeants and petty officers", "сержанти і старшини") \
	X(OFFICER, "officer", "officers", "офіцери")

/*
 * Ranks of the Armed Forces (land and naval), the National Guard and the
 * Border Guard Service after the 2023 NATO-aligned reform, with their
 * class.  X(ENUM, "code", "English", "Ukrainian", CLASS)
 */
#define HW_RANK_MAP(X) \
	X(NONE, "", "none", "немає", NONE) \
	X(RECRUIT, "recruit", "recruit", "рекрут", ENLISTED) \
	X(SOLDIER, "soldier", "private", "солдат", ENLISTED) \
	X(SENIOR_SOLDIER, "senior_soldier", "senior private", "старший солдат", ENLISTED) \
	X(SEAMAN, "seaman", "seaman", "матрос", ENLISTED) \
	X(SENIOR_SEAMAN, "senior_seaman", "senior seaman", "старший матрос", ENLISTED) \
	X(JUNIOR_SERGEANT, "junior_sergeant", "junior sergeant", "молодший сержант", NCO) \
	X(SERGEANT, "sergeant", "sergeant", "сержант", NCO) \
	X(SENIOR_SERGEANT, "senior_sergeant", "senior sergeant", "старший сержант", NCO) \
	X(CHIEF_SERGEANT, "chief_sergeant", "chief sergeant", "головний сержант", NCO) \
	X(STAFF_SERGEANT, "staff_sergeant", "staff sergeant", "штаб-сержант", NCO) \
	X(MASTER_SERGEANT, "master_sergeant", "master sergeant", "майстер-сержант", NCO) \
	X(SENIOR_MASTER_SERGEANT, "senior_master_sergeant", "senior master sergeant", "старший майстер-сержант", NCO) \
	X(CHIEF_MASTER_SERGEANT, "chief_master_sergeant", "chief master sergeant", "головний майстер-сержант", NCO) \
	X(PETTY_OFFICER_2, "petty_officer_2", "petty officer 2nd class", "старшина 2 статті", NCO) \
	X(PETTY_OFFICER_1, "petty_officer_1", "petty officer 1st class", "старшина 1 статті", NCO) \
	X(CHIEF_PETTY_OFFICER, "chief_petty_officer", "chief petty officer", "головний старшина", NCO) \
	X(JUNIOR_LIEUTENANT, "junior_lieutenant", "junior lieutenant", "молодший лейтенант", OFFICER) \
	X(LIEUTENANT, "lieutenant", "lieutenant", "лейтенант", OFFICER) \
	X(SENIOR_LIEUTENANT, "senior_lieutenant", "senior lieutenant", "старший лейтенант", OFFICER) \
	X(CAPTAIN, "captain", "captain", "капітан", OFFICER) \
	X(MAJOR, "major", "major", "майор", OFFICER) \
	X(LIEUTENANT_COLONEL, "lieutenant_colonel", "lieutenant colonel", "підполковник", OFFICER) \
	X(COLONEL, "colonel", "colonel", "полковник", OFFICER) \
	X(CAPTAIN_3RD_RANK, "captain_3rd_rank", "captain 3rd rank", "капітан 3 рангу", OFFICER) \
	X(CAPTAIN_2ND_RANK, "captain_2nd_rank", "captain 2nd rank", "капітан 2 рангу", OFFICER) \
	X(CAPTAIN_1ST_RANK, "captain_1st_rank", "captain 1st rank", "капітан 1 рангу", OFFICER) \
	X(BRIGADIER_GENERAL, "brigadier_general", "brigadier general", "бригадний генерал", OFFICER) \
	X(MAJOR_GENERAL, "major_general", "major general", "генерал-майор", OFFICER) \
	X(LIEUTENANT_GENERAL, "lieutenant_general", "lieutenant general", "генерал-лейтенант", OFFICER) \
	X(GENERAL, "general", "general", "генерал", OFFICER)

/* How a name record was written. */
#define HW_SCRIPT_MAP(X) \
	X(UNKNOWN, "unknown", "unknown", "невідомо") \
	X(UK, "uk", "Ukrainian Cyrillic", "українська кирилиця") \
	X(RU, "ru", "Russian Cyrillic", "російська кирилиця") \
	X(CYRL, "cyrl", "Cyrillic", "кирилиця") \
	X(LATN, "latn", "Latin", "латиниця")

/* The role of a name record. */
#define HW_NAME_KIND_MAP(X) \
	X(PRIMARY, "primary", "primary", "основне") \
	X(ALIAS, "alias", "as seen elsewhere", "варіант написання") \
	X(FORMER, "former", "former primary", "попереднє")

#define HW_SOURCE_KIND_MAP(X) \
	X(FAMILY_REQUEST, "family_request", "family request", "звернення родини") \
	X(UNIT_REPORT, "unit_report", "unit report", "донесення частини") \
	X(ADVERSARY_LIST, "adversary_list", "the other side's list", "список противника") \
	X(INTERNATIONAL, "international", "international body", "міжнародна організація") \
	X(OPEN_SOURCE, "open_source", "open source", "відкриті джерела") \
	X(REGISTRY_IMPORT, "registry_import", "registry import", "імпорт до реєстру") \
	X(MANUAL, "manual", "entered by hand", "внесено вручну")

#define HW_RELIABILITY_MAP(X) \
	X(UNKNOWN, "unknown", "unknown", "невідомо") \
	X(LOW, "low", "low", "низька") \
	X(MEDIUM, "medium", "medium", "середня") \
	X(HIGH, "high", "high", "висока") \
	X(CONFIRMED, "confirmed", "confirmed", "підтверджено")

/* Health flags, a bit set (GC III Art. 109-110). */
#define HW_HEALTH_MAP(X) \
	X(WOUNDED, "wounded", "wounded", "поранений") \
	X(SERIOUSLY_ILL, "seriously_ill", "seriously ill", "тяжкохворий") \
	X(DISABILITY, "disability", "disability", "інвалідність")

enum hw_sex {
#define X(e, c, en, uk) HW_SEX_##e,
	HW_SEX_MAP(X)
#undef X
};
enum hw_category {
#define X(e, c, en, uk) HW_CATEGORY_##e,
	HW_CATEGORY_MAP(X)
#undef X
};
enum hw_custody {
#define X(e, c, en, uk) HW_CUSTODY_##e,
	HW_CUSTODY_MAP(X)
#undef X
};
enum hw_branch_group {
#define X(e, c, en, uk) HW_GROUP_##e,
	HW_BRANCH_GROUP_MAP(X)
#undef X
};
enum hw_branch {
#define X(e, c, en, uk, g) HW_BRANCH_##e,
	HW_BRANCH_MAP(X)
#undef X
};
enum hw_region {
#define X(e, c, en, uk) HW_REGION_##e,
	HW_REGION_MAP(X)
#undef X
};
enum hw_status {
#define X(e, c, en, uk) HW_STATUS_##e,
	HW_STATUS_MAP(X)
#undef X
};
enum hw_rank_class {
#define X(e, c, en, uk) HW_RANK_CLASS_##e,
	HW_RANK_CLASS_MAP(X)
#undef X
};
enum hw_rank {
#define X(e, c, en, uk, cls) HW_RANK_##e,
	HW_RANK_MAP(X)
#undef X
};
enum hw_script {
#define X(e, c, en, uk) HW_SCRIPT_##e,
	HW_SCRIPT_MAP(X)
#undef X
};
enum hw_name_kind {
#define X(e, c, en, uk) HW_NAME_##e,
	HW_NAME_KIND_MAP(X)
#undef X
};
enum hw_source_kind {
#define X(e, c, en, uk) HW_SOURCE_##e,
	HW_SOURCE_KIND_MAP(X)
#undef X
};
enum hw_reliability {
#define X(e, c, en, uk) HW_RELIABILITY_##e,
	HW_RELIABILITY_MAP(X)
#undef X
};
enum hw_health_bit {
#define X(e, c, en, uk) HW_HEALTH_BIT_##e,
	HW_HEALTH_MAP(X)
#undef X
	HW_HEALTH_BIT__COUNT
};
#define HW_HEALTH_WOUNDED (1u << HW_HEALTH_BIT_WOUNDED)
#define HW_HEALTH_SERIOUSLY_ILL (1u << HW_HEALTH_BIT_SERIOUSLY_ILL)
#define HW_HEALTH_DISABILITY (1u << HW_HEALTH_BIT_DISABILITY)

/* A vocabulary, for generic parsing, listing and formatting. */
struct hw_vocab_entry {
	const char *code;
	const char *en;
	const char *uk;
};
struct hw_vocab {
	const char *name; /* "branch", "region": used in messages */
	const struct hw_vocab_entry *entries;
	int count;
	int first_allowed; /* 1 when entry 0 is the "none" value, not accepted from input */
};

extern const struct hw_vocab hw_vocab_sex, hw_vocab_category, hw_vocab_custody,
	hw_vocab_branch_group, hw_vocab_branch, hw_vocab_region, hw_vocab_status,
	hw_vocab_rank_class, hw_vocab_rank, hw_vocab_script, hw_vocab_name_kind,
	hw_vocab_source_kind, hw_vocab_reliability, hw_vocab_health;

/*
 * Looks `text` up in `v` by code, then by English or Ukrainian label
 * (ASCII case ignored, surrounding blanks ignored).  The empty text gives
 * entry 0 when `v` has a "none" entry, else it is invalid.  On failure
 * returns HW_INVALID naming the vocabulary and listing the allowed codes.
 */
enum hw_err hw_vocab_parse(const struct hw_vocab *v, const char *text, int *out,
			   struct hw_error *err);
/* Code of a value ("" for the none entry); "?" when out of range. */
const char *hw_vocab_code(const struct hw_vocab *v, int value);
const char *hw_vocab_label_en(const struct hw_vocab *v, int value);
const char *hw_vocab_label_uk(const struct hw_vocab *v, int value);
/* Writes "a, b, c" (the allowed codes) into out. */
void hw_vocab_list_codes(const struct hw_vocab *v, char *out, size_t size);

enum hw_branch_group hw_branch_group_of(enum hw_branch b);
enum hw_rank_class hw_rank_class_of(enum hw_rank r);

/*
 * Health flags as text: codes separated by ';' ("wounded;disability").
 * Parsing accepts ';' or ',' separators and rejects unknown flags.
 */
enum hw_err hw_health_parse(const char *text, unsigned *out, struct hw_error *err);
void hw_health_format(unsigned flags, char *out, size_t size);

/*
 * A tag names a group of persons ("mariupol", "snake_island"): 1 to 40
 * characters of a-z, 0-9, '_' and '-', starting with a letter.
 */
enum hw_err hw_tag_validate(const char *tag, struct hw_error *err);

#endif
