"""
Tests of bench/listgen.py.  Run from the repository root:

    python3 -m unittest bench/listgen_test.py

The registries here are synthetic: a small one written by hand and a larger
one made up from common name parts (see make_registry).
"""

import csv
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import listgen as L  # noqa: E402

HEADER = ("ref,family_name,given_name,patronymic,sex,birth_date,birth_place,citizenship,"
          "category,branch,unit,rank,service_number,status,held_by,captured_on,capture_place,"
          "region,tags,notes,health,next_of_kin")

# Written by hand: plausible, made-up people.  A byte order mark, a second ref,
# dates of every precision, no patronymic, quoted fields, detainees in Russian.
SAMPLE = "\ufeff" + HEADER + "\n" + """\
gen:1-0,Коваленко,Олександр,Петрович,M,1987-03-14,м. Суми,UA,military,army,в/ч А1234,soldier,,captive,adversary,2022-04-12,Маріуполь,donetsk,mariupol,,,
gen:1-1;HW-000002,Гнатюк,Юрій,Миколайович,M,1979-11-02,,UA,military,ngu,в/ч 3017,sergeant,,missing,adversary,2022-05-20,,donetsk,,"note, with a comma",,
gen:1-2,Рибак,Сергій,Олексійович,M,1991-07,,UA,military,army,в/ч А0457,,,captive,adversary,2023-01-03,,luhansk,,,,
gen:1-3,Ковальська,Ганна,Іванівна,F,1969,,UA,civilian,,,,,captive,adversary,2022-03-01,,kherson,,,,
gen:1-4,Згурський,Олексій,,M,1995-02-28,,UA,military,tdf,в/ч А4410,,,captive,adversary,2022-08-15,,kharkiv,,,,
gen:1-5,Ярошенко,Наталія,Василівна,F,1983-12-25,,UA,military,army,в/ч А1234,,,returned,adversary,2022-04-12,,donetsk,,,,
gen:1-6,Щербак,Євген,Дмитрович,M,2001-01-09,,UA,military,marines,в/ч А2272,senior_soldier,,captive,adversary,2022-04-16,,donetsk,mariupol,,,
gen:1-7,Їжакевич,Андрій,Володимирович,M,1976-06-30,,UA,military,army,,,,,adversary,,,,,,,
gen:1-8,Кравець,Дмитро,Павлович,M,1990-09-17,,UA,military,sbgs,в/ч 2138,,,captive,adversary,2022-02-25,,other,snake_island,,,
gen:1-9,Смирнов,Алексей,Викторович,M,1994-04-04,,RU,military,,,,,captive,us,2023-06-11,,zaporizhzhia,,,,
gen:1-10,Белова,Ирина,Сергеевна,F,1988,,RU,civilian,,,,,captive,us,2023-02-02,,kherson,,,,
gen:1-11,Дем'яненко,Тетяна,Ігорівна,F,,,UA,civilian,,,,,missing,adversary,,,,,,,
gen:1-12,Мельник,Олександр,Петрович,M,1964-10-10,,UA,military,army,в/ч А1234,,,captive,adversary,2022-04-12,,donetsk,,,,
"""

SURNAMES = [
    "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Шевчук", "Мельник", "Бойко", "Коваль",
    "Олійник", "Поліщук", "Лисенко", "Руденко", "Савченко", "Петренко", "Марченко", "Мороз",
    "Ковальчук", "Павленко", "Гнатюк", "Рибак", "Ковальський", "Білецький", "Згурський",
    "Кравець", "Сірий", "Заїка", "Ярошенко", "Щербак", "Дем'яненко", "Юрченко", "Гончаренко",
    "Литвиненко", "Остапчук", "Вовк", "Левченко", "Карпенко", "Мельничук", "Приходько",
    "Зінченко", "Кузьменко", "Панченко", "Іващенко", "Дорошенко", "Федоренко", "Гаврилюк",
    "Стасюк", "Білик", "Соловйов", "Дяченко", "Клименко", "Онищенко", "Мацюк", "Гуцуляк",
    "Семенюк", "Тарасюк", "Кучер", "Сорока", "Головко", "Мартинюк", "Ярмолюк",
]


def female_surname(s):
    for m, f in (("ський", "ська"), ("цький", "цька"), ("ий", "а"), ("йов", "йова"),
                 ("ов", "ова")):
        if s.endswith(m):
            return s[: -len(m)] + f
    return s


def make_registry(path, n, seed=5):
    """A synthetic registry of n persons in the interchange format."""
    rng = random.Random(seed)
    males = [x for x in L.NAMES if x.sex == "M"]
    females = [x for x in L.NAMES if x.sex == "F"]
    rows = []
    for i in range(n):
        if rows and rng.random() < 0.02:  # a namesake in the registry itself
            src = rng.choice(rows)
            y = int(src[5][:4]) + rng.choice((-5, 5, 9)) if src[5] else 1980
            row = list(src)
            row[0] = "gen:5-%d" % i
            row[5] = "%04d-%02d-%02d" % (y, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(row)
            continue
        us = rng.random() < 0.1
        woman = rng.random() < 0.08
        given = rng.choice(females if woman else males)
        father = rng.choice(males)
        fam = rng.choice(SURNAMES)
        if woman:
            fam = female_surname(fam)
        g = given.uk
        p = "" if rng.random() < 0.03 else (father.uk_pf if woman else father.uk_pm)
        if us:
            fam, g, p = L.russian_surname(fam), L.russian_given(g), L.russian_patronymic(p)
        y = rng.randint(1962, 2004)
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        prec = rng.random()
        bd = "" if prec < 0.02 else "%04d" % y if prec < 0.07 else "%04d-%02d" % (y, m) \
            if prec < 0.10 else "%04d-%02d-%02d" % (y, m, d)
        r = rng.random()
        unit = "" if r < 0.2 else "в/ч А%04d" % rng.randint(100, 500) if r < 0.8 else \
            "в/ч %04d" % rng.randint(3001, 3030)
        ref = "gen:5-%d" % i + (";HW-%06d" % (i + 1) if rng.random() < 0.05 else "")
        rows.append([ref, fam, g, p, "F" if woman else "M", bd, "", "UA", "military", "army",
                     unit, "", "", "captive", "us" if us else "adversary", "2022-04-12", "",
                     "donetsk", "", "", "", ""])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER.split(","))
        w.writerows(rows)
    return rows


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def truth_items(corruptions):
    out = {}
    for item in corruptions.split(";"):
        k, _, v = item.partition("=")
        out.setdefault(k, []).append(v)
    return out


class Tables(unittest.TestCase):
    def check(self, system, pairs, **kw):
        for cyr, lat in pairs:
            self.assertEqual(L.translit(cyr, system, **kw), lat, (system, cyr))

    def test_ua2010(self):
        self.check("ua2010", [
            ("Згурський", "Zghurskyi"), ("Юрій", "Yurii"), ("Їжакевич", "Yizhakevych"),
            ("Олексій", "Oleksii"), ("Щербак", "Shcherbak"), ("Гнатюк", "Hnatiuk"),
            ("Ярошенко", "Yaroshenko"), ("Євген", "Yevhen"), ("Соловйов", "Soloviov"),
            ("Знам'янка", "Znamianka"), ("Дем\u02bcяненко", "Demianenko"),
            ("Розгон", "Rozghon"), ("Ковальчук", "Kovalchuk"), ("Олександр", "Oleksandr"),
            ("Наталія", "Nataliia"), ("Гуцуляк", "Hutsuliak"), ("ЖУК", "ZHUK"),
            ("Петренко-Коваль", "Petrenko-Koval"), ("Хома", "Khoma"), ("Йосипович", "Yosypovych"),
        ])

    def test_bgn_ua(self):
        self.check("bgn_ua", [
            ("Юрій", "Yuriy"), ("Олексій", "Oleksiy"), ("Гнатюк", "Hnatyuk"), ("Євген", "Yevhen"),
            ("Їжакевич", "Yizhakevych"), ("Щербак", "Shcherbak"), ("Ярошенко", "Yaroshenko"),
            ("Ковальчук", "Koval’chuk"), ("Сергійович", "Serhiyovych"), ("Марія", "Mariya"),
            ("Гуцуляк", "Hutsulyak"), ("Григорович", "Hryhorovych"),
        ])
        self.assertEqual(L.translit("Ковальчук", "bgn_ua", soft=""), "Kovalchuk")

    def test_bgn_ru(self):
        self.check("bgn_ru", [
            ("Юрий", "Yuriy"), ("Александр", "Aleksandr"), ("Евгений", "Yevgeniy"),
            ("Сергеевич", "Sergeyevich"), ("Андреев", "Andreyev"), ("Яковлев", "Yakovlev"),
            ("Чайка", "Chayka"), ("Лысенко", "Lysenko"), ("Щукин", "Shchukin"),
            ("Наталья", "Natal’ya"), ("Цыбуля", "Tsybulya"), ("Алексей", "Aleksey"),
        ])

    def test_icao_ru(self):
        self.check("icao_ru", [
            ("Александр", "Aleksandr"), ("Юрий", "Iurii"), ("Петрович", "Petrovich"),
            ("Наталья", "Natalia"), ("Подъячев", "Podieiachev"), ("Цыбуля", "Tsybulia"),
            ("Яковлев", "Iakovlev"), ("Ёлкин", "Elkin"), ("Эдуард", "Eduard"),
            ("Хомич", "Khomich"), ("Щукин", "Shchukin"), ("Жиленко", "Zhilenko"),
            ("Сергей", "Sergei"), ("ЧАЙКА", "CHAIKA"),
        ])

    def test_scholarly(self):
        self.check("scholarly_ua", [
            ("Шевчук", "Ševčuk"), ("Жук", "Žuk"), ("Юрій", "Jurij"), ("Щербак", "Ščerbak"),
            ("Хома", "Choma"), ("Їжакевич", "Jižakevyč"), ("Гуцуляк", "Huculjak"),
            ("Євген", "Jevhen"), ("Кравець", "Kravec"), ("Ярошенко", "Jarošenko"),
            ("Дмитрович", "Dmytrovyč"), ("Олексій", "Oleksij"),
        ])

    def test_russian_forms(self):
        given = [("Олександр", "Александр"), ("Сергій", "Сергей"), ("Юрій", "Юрий"),
                 ("Іванна", "Иванна"), ("Ганна", "Анна"), ("Олексій", "Алексей"),
                 ("Євген", "Евгений"), ("Григорій", "Григорий"), ("Василь", "Василий"),
                 ("Михайло", "Михаил"), ("Андрій", "Андрей"), ("Дмитро", "Дмитрий"),
                 ("Павло", "Павел"), ("Олена", "Елена"), ("Наталія", "Наталья"),
                 ("Тетяна", "Татьяна"), ("Ольга", "Ольга"), ("Марія", "Мария"),
                 ("Микола", "Николай"), ("ОЛЕКСАНДР", "АЛЕКСАНДР")]
        for uk, ru in given:
            self.assertEqual(L.russian_given(uk), ru, uk)
        for _ in range(20):
            self.assertIn(L.russian_given("Петро", random.Random(_)), ("Пётр", "Петр"))
        patronymics = [("Петрович", "Петрович"), ("Миколайович", "Николаевич"),
                       ("Петрівна", "Петровна"), ("Сергіївна", "Сергеевна"),
                       ("Юрійович", "Юрьевич"), ("Іллівна", "Ильинична"),
                       ("Олексійович", "Алексеевич"), ("Григорович", "Григорьевич"),
                       ("Васильович", "Васильевич"), ("Ігорович", "Игоревич"),
                       ("Якович", "Яковлевич"), ("Гордійович", "Гордеевич"),
                       ("Тихомирівна", "Тихомировна"), ("Тихомирович", "Тихомирович")]
        for uk, ru in patronymics:
            self.assertEqual(L.russian_patronymic(uk), ru, uk)
        surnames = [("Рибак", "Рыбак"), ("Ковальський", "Ковальский"), ("Білецький", "Белецкий"),
                    ("Згурський", "Згурский"), ("Гнатюк", "Гнатюк"), ("Євтушенко", "Евтушенко"),
                    ("Кравець", "Кравец"), ("Сірий", "Серый"), ("Заїка", "Заика"),
                    ("Ковальська", "Ковальская"), ("Воробйов", "Воробьев"),
                    ("Дем'яненко", "Демьяненко"), ("Коваль", "Коваль"), ("Ґудзь", "Гудзь"),
                    ("Литвинський", "Литвинский")]
        for uk, ru in surnames:
            self.assertEqual(L.russian_surname(uk), ru, uk)
        # Back to Ukrainian, for detainees registered in Russian.
        self.assertEqual(L.ukrainian_given("Александр"), "Олександр")
        self.assertEqual(L.ukrainian_patronymic("Николаевич"), "Миколайович")
        self.assertEqual(L.ukrainian_surname("Рыбак"), "Рибак")

    def test_given_table(self):
        males = [n for n in L.NAMES if n.sex == "M"]
        self.assertGreaterEqual(len(L.NAMES), 80)
        self.assertGreaterEqual(len(males), 60)
        for n in males:
            self.assertTrue(n.ru and n.uk_pm and n.uk_pf and n.ru_pm and n.ru_pf, n.uk)
            self.assertTrue(n.latin and all(re.fullmatch(r"[A-Za-z]+", x) for x in n.latin), n.uk)

    def test_informal(self):
        endings = set()
        given = set()
        for s in range(300):
            inf = L.Informal(random.Random(s), "uk")
            out = inf.surname("Ковальський")
            self.assertTrue(out.startswith("Kovalsk"), out)
            endings.add(out[len("Kovalsk"):])
            given.add(inf.given("Сергій"))
            self.assertIn(inf.surname("Кравець"), ("Kravets", "Kravetz", "Kravec"))
        self.assertEqual(endings, {"y", "iy", "yy", "yi", "i"})
        self.assertTrue({"Sergey", "Serhiy", "Serhii"} <= given, given)

    def test_typo(self):
        rng = random.Random(3)
        for _ in range(500):
            w = rng.choice(["Коваленко", "Олександр", "Kovalenko", "Petrovych", "ЩЕРБАК"])
            new, kind = L.typo(w, rng)
            self.assertIsNotNone(kind)
            self.assertNotEqual(new, w)
            self.assertLessEqual(abs(len(new) - len(w)), 1)

    def test_dates_keep_precision(self):
        for s in range(2000):
            rng = random.Random(s)
            text, tag = L.corrupt_date("1969", rng)
            self.assertRegex(text, r"^(\d{4})?$")
            text, tag = L.corrupt_date("1991-07", rng)
            self.assertRegex(text, r"^(\d{4}(-\d{2})?|\d{2}\.\d{4})?$")
            text, tag = L.corrupt_date("1987-03-14", rng)
            if text:
                self.assertIsNotNone(L.parse_date(text) or re.fullmatch(r"\d\d\.\d\d\.\d{4}", text))
            self.assertEqual(L.corrupt_date("", rng), ("", "none"))
        rng = random.Random(1)
        swaps = {L.corrupt_date("1987-03-14", random.Random(s)) for s in range(3000)}
        self.assertIn(("03.14.1987", "mdy_text"), swaps)
        swaps = {L.corrupt_date("1987-11-04", random.Random(s))[1] for s in range(3000)}
        self.assertIn("swap_dm", swaps)

    def test_reservoir_uniform(self):
        counts = [0] * 50
        for seed in range(4000):
            r = L.Reservoir(5, random.Random(seed))
            for i in range(50):
                j = r.slot()
                if j >= 0:
                    r.items[j] = i
            self.assertEqual(len(set(r.items)), 5)
            for i in r.items:
                counts[i] += 1
        self.assertTrue(all(320 < c < 480 for c in counts), counts)  # 400 expected

    def test_units(self):
        seen = set()
        for s in range(400):
            text, tag = L.write_unit("в/ч А1234", False, "uk", random.Random(s))
            seen.add(text)
            if tag == "missing":
                self.assertEqual(text, "")
            else:
                self.assertIn("1234", text)
        self.assertTrue({"А1234", "в/ч А1234", "військова частина А1234", "A1234"} <= seen, seen)


class Generated(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        cls.registry = os.path.join(cls.dir, "registry.csv")
        cls.rows = make_registry(cls.registry, 3000)
        cls.sample = os.path.join(cls.dir, "sample.csv")
        with open(cls.sample, "w", encoding="utf-8", newline="") as fh:
            fh.write(SAMPLE)
        cls.out = os.path.join(cls.dir, "list.csv")
        cls.truth = os.path.join(cls.dir, "truth.csv")
        cls.stats = L.generate(cls.registry, 1000, 1, cls.out, cls.truth, log=None)
        cls.list = read_csv(cls.out)
        cls.truths = read_csv(cls.truth)
        cls.by_ref = {r[0].split(";")[0]: r for r in cls.rows}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_gen(self, registry, name, **kw):
        out = os.path.join(self.dir, name + ".csv")
        truth = os.path.join(self.dir, name + ".truth.csv")
        L.generate(registry, out=out, truth=truth, log=None, **kw)
        with open(out, "rb") as a, open(truth, "rb") as b:
            return a.read(), b.read()

    def test_determinism(self):
        a = self.run_gen(self.registry, "a", lines=300, seed=7)
        b = self.run_gen(self.registry, "b", lines=300, seed=7)
        c = self.run_gen(self.registry, "c", lines=300, seed=8)
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)
        with open(self.out, "rb") as fh:
            self.assertEqual(fh.read(), self.run_gen(self.registry, "d", lines=1000, seed=1)[0])

    def test_determinism_across_processes(self):
        outputs = []
        for hashseed in ("0", "1", "4242"):
            out = os.path.join(self.dir, "h%s.csv" % hashseed)
            truth = os.path.join(self.dir, "h%s.truth.csv" % hashseed)
            env = dict(os.environ, PYTHONHASHSEED=hashseed)
            subprocess.run([sys.executable, os.path.join(HERE, "listgen.py"), self.registry,
                            "--lines", "500", "--seed", "11", "--out", out, "--truth", truth,
                            "--quiet"], check=True, env=env)
            with open(out, "rb") as a, open(truth, "rb") as b:
                outputs.append((a.read(), b.read()))
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(outputs[0], outputs[2])

    def test_held_by(self):
        self.run_gen(self.registry, "us", lines=200, seed=5, held_by="us")
        truths = read_csv(os.path.join(self.dir, "us.truth.csv"))
        refs = [t["ref"] for t in truths if t["kind"] == "registry"]
        self.assertEqual(len(refs), 170)
        self.assertTrue(all(self.by_ref[r][14] == "us" for r in refs))

    def test_format(self):
        self.assertEqual(list(self.list[0].keys()), L.HEADERS["full"])
        self.assertEqual(len(self.list), 1000)
        self.assertEqual([int(r["line"]) for r in self.list], list(range(1, 1001)))
        self.assertEqual([int(r["line"]) for r in self.truths], list(range(1, 1001)))
        for r in self.list:
            self.assertTrue(r["full_name"].strip())
        data = self.run_gen(self.registry, "split", lines=200, seed=3, fmt="split")[0]
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        self.assertEqual(list(rows[0].keys()), L.HEADERS["split"])
        self.assertTrue(all(r["family_name"] and r["given_name"] for r in rows))

    def test_mix(self):
        kinds = [t["kind"] for t in self.truths]
        self.assertEqual(kinds.count("registry"), 850)
        self.assertEqual(kinds.count("namesake"), 50)
        self.assertEqual(kinds.count("absent"), 100)
        reg = [t for t in self.truths if t["kind"] == "registry"]
        typos = [len(truth_items(t["corruptions"]).get("typo", [])) for t in reg]
        self.assertLessEqual(sum(1 for n in typos if n) / 1000, 0.15)
        self.assertLessEqual(sum(1 for n in typos if n >= 2) / 1000, 0.03)
        self.assertGreater(sum(1 for n in typos if n >= 2), 0)
        scripts = {truth_items(t["corruptions"])["script"][0] for t in self.truths}
        self.assertEqual(scripts, set(L.SYSTEMS))
        # Most lines differ from the registry in one or two ways.
        diffs = self.stats["diffs"]
        self.assertGreater((diffs.get(1, 0) + diffs.get(2, 0)) / 850, 0.5)

    def test_truth_refs_exist(self):
        for t in self.truths:
            if t["kind"] == "registry":
                self.assertIn(t["ref"], self.by_ref)
            else:
                self.assertEqual(t["ref"], "")
            items = truth_items(t["corruptions"])
            if t["kind"] == "namesake":
                self.assertIn(items["namesake_of"][0], self.by_ref)
        refs = [t["ref"] for t in self.truths if t["ref"]]
        self.assertEqual(len(refs), len(set(refs)))  # each person at most once

    def test_absent_are_absent(self):
        exact = {(r[1], r[2], r[3], r[5]) for r in self.rows}
        same_names = {}
        for r in self.rows:
            same_names.setdefault((r[1], r[2]), []).append((r[3], r[5][:4]))
        for t in self.truths:
            if t["kind"] == "registry":
                continue
            items = truth_items(t["corruptions"])
            f, g, p, date = items["person"][0].split("|")
            self.assertNotIn((f, g, p, date), exact)
            y = int(date[:4])
            line = self.list[int(t["line"]) - 1]
            by_year = "told_apart_by_patronymic" in items
            for other_p, other_y in same_names.get((f, g), ()):
                near = not other_y or abs(int(other_y) - y) <= 1
                # Somebody of these names born about then differs by the patronymic, which
                # is written then.
                self.assertFalse(near and (not by_year or other_p in (p, "")),
                                 (t, other_p, other_y))
            if by_year:
                self.assertNotIn("patronymic", items)
            if t["kind"] == "namesake":
                src = self.by_ref[items["namesake_of"][0]]
                self.assertEqual((f, g), (src[1], src[2]))
                self.assertGreaterEqual(abs(int(src[5][:4]) - y), 2)
                self.assertTrue(line["birth_date"])  # what tells it apart is always there
                self.assertNotIn(line["birth_date"], ("", src[5]))

    def test_date_precision(self):
        for t, line in zip(self.truths, self.list):
            if t["kind"] != "registry":
                continue
            bd = self.by_ref[t["ref"]][5]
            if not bd:
                self.assertEqual(line["birth_date"], "")
            elif len(bd) == 4:
                self.assertRegex(line["birth_date"], r"^(\d{4})?$")
            elif len(bd) == 7:
                self.assertRegex(line["birth_date"], r"^(\d{4}(-\d\d)?|\d\d\.\d{4})?$")

    def test_sample_registry(self):
        out, truth = self.run_gen(self.sample, "sample", lines=40, seed=2)
        truths = list(csv.DictReader(io.StringIO(truth.decode("utf-8"))))
        lines = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
        self.assertEqual(len(lines), len(truths))
        refs = {"gen:1-%d" % i for i in range(13)}
        for t in truths:
            if t["kind"] == "registry":
                self.assertIn(t["ref"], refs)
        self.assertFalse(any(t["ref"].startswith("HW-") for t in truths))

    def test_cli(self):
        out = os.path.join(self.dir, "cli.csv")
        truth = os.path.join(self.dir, "cli.truth.csv")
        p = subprocess.run([sys.executable, os.path.join(HERE, "listgen.py"), self.registry,
                            "--lines", "100", "--seed", "4", "--out", out, "--truth", truth,
                            "--format", "split"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("kind", p.stderr)
        self.assertIn("registry 85.0%", p.stderr)
        self.assertEqual(len(read_csv(out)), 100)


if __name__ == "__main__":
    unittest.main()
