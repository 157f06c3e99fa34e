#!/usr/bin/env python3
"""
listgen.py - exchange lists for benchmarking Homeward's matcher.

Reads a registry CSV in Homeward's interchange format (as `homeward generate
persons N` writes it) and writes a list "as the other side would send it":
registry persons written in another script, spelling system, name order,
with typos, date slips and units written otherwise, mixed with people who
are not in the registry (namesakes of registry persons and invented people),
plus a truth file saying who every line is and what was done to it.

    python3 bench/listgen.py REGISTRY.csv --lines 1000 --seed 1 \
        --out LIST.csv --truth TRUTH.csv [--format full|split]

Every table here (given names and their Russian forms, patronymics,
transliteration systems, keyboard layouts) is written for this generator
alone and deliberately shares nothing with src/names, so that the benchmark
does not share the engine's blind spots.  Proportions: bench/LISTGEN.md.

Standard library only.  Same inputs and seed give byte-identical outputs.
"""

import argparse
import bisect
import csv
import functools
import math
import random
import re
import sys
import time

# ---------------------------------------------------------------------------
# Given names: Ukrainian form, Russian forms, patronymics, informal Latin.
#
# M|uk|ru forms|uk patronymic m|uk patronymic f|ru patronymic m|ru patronymic f|Latin
# F|uk|ru forms|Latin
# Written for this generator from common usage; Russian forms separated by
# commas, the first being the usual one.
# ---------------------------------------------------------------------------
GIVEN_NAMES = """
M|Олександр|Александр|Олександрович|Олександрівна|Александрович|Александровна|Alexander,Olexandr,Oleksandr,Alexandr,Aleksandr,Oleksander
M|Сергій|Сергей|Сергійович|Сергіївна|Сергеевич|Сергеевна|Sergey,Serhiy,Serhii,Sergei,Sergiy,Serhij
M|Петро|Пётр,Петр|Петрович|Петрівна|Петрович|Петровна|Petro,Peter,Petr,Pyotr
M|Микола|Николай|Миколайович|Миколаївна|Николаевич|Николаевна|Mykola,Nikolay,Nicholas,Nikolai,Mikola
M|Юрій|Юрий|Юрійович|Юріївна|Юрьевич|Юрьевна|Yuriy,Yuri,Yury,Yurii,Iurii,Jurij
M|Олексій|Алексей|Олексійович|Олексіївна|Алексеевич|Алексеевна|Oleksiy,Alexey,Alexei,Aleksey,Olexiy,Oleksii
M|Євген|Евгений|Євгенович|Євгенівна|Евгеньевич|Евгеньевна|Yevhen,Evgeny,Yevgeniy,Eugene,Evgen,Yevgen
M|Григорій|Григорий|Григорович|Григорівна|Григорьевич|Григорьевна|Hryhoriy,Grigory,Gregory,Grygoriy,Hryhorii
M|Василь|Василий|Васильович|Василівна|Васильевич|Васильевна|Vasyl,Vasily,Vasiliy,Vasil,Basil
M|Михайло|Михаил|Михайлович|Михайлівна|Михайлович|Михайловна|Mykhailo,Mikhail,Michael,Mykhaylo,Mihail
M|Андрій|Андрей|Андрійович|Андріївна|Андреевич|Андреевна|Andriy,Andrey,Andrew,Andrii,Andrei
M|Дмитро|Дмитрий|Дмитрович|Дмитрівна|Дмитриевич|Дмитриевна|Dmytro,Dmitry,Dmitriy,Dmitri
M|Павло|Павел|Павлович|Павлівна|Павлович|Павловна|Pavlo,Pavel,Paul
M|Іван|Иван|Іванович|Іванівна|Иванович|Ивановна|Ivan
M|Володимир|Владимир|Володимирович|Володимирівна|Владимирович|Владимировна|Volodymyr,Vladimir,Wolodymyr,Volodimir
M|Віктор|Виктор|Вікторович|Вікторівна|Викторович|Викторовна|Viktor,Victor
M|Анатолій|Анатолий|Анатолійович|Анатоліївна|Анатольевич|Анатольевна|Anatoliy,Anatoly,Anatolii,Anatolij
M|Валерій|Валерий|Валерійович|Валеріївна|Валерьевич|Валерьевна|Valeriy,Valery,Valerii
M|Віталій|Виталий|Віталійович|Віталіївна|Витальевич|Витальевна|Vitaliy,Vitaly,Vitalii
M|Геннадій|Геннадий|Геннадійович|Геннадіївна|Геннадьевич|Геннадьевна|Gennadiy,Hennadiy,Gennady,Hennadii
M|Аркадій|Аркадий|Аркадійович|Аркадіївна|Аркадьевич|Аркадьевна|Arkadiy,Arkady,Arkadii
M|Леонід|Леонид|Леонідович|Леонідівна|Леонидович|Леонидовна|Leonid
M|Богдан|Богдан|Богданович|Богданівна|Богданович|Богдановна|Bohdan,Bogdan
M|Тарас|Тарас|Тарасович|Тарасівна|Тарасович|Тарасовна|Taras
M|Остап|Остап|Остапович|Остапівна|Остапович|Остаповна|Ostap
M|Ігор|Игорь|Ігорович|Ігорівна|Игоревич|Игоревна|Ihor,Igor
M|Олег|Олег|Олегович|Олегівна|Олегович|Олеговна|Oleh,Oleg
M|Роман|Роман|Романович|Романівна|Романович|Романовна|Roman
M|Руслан|Руслан|Русланович|Русланівна|Русланович|Руслановна|Ruslan
M|Максим|Максим|Максимович|Максимівна|Максимович|Максимовна|Maksym,Maxim,Maksim,Maxym
M|Артем|Артём,Артем|Артемович|Артемівна|Артёмович|Артёмовна|Artem,Artyom,Artiom
M|Денис|Денис|Денисович|Денисівна|Денисович|Денисовна|Denys,Denis
M|Владислав|Владислав|Владиславович|Владиславівна|Владиславович|Владиславовна|Vladyslav,Vladislav
M|В'ячеслав|Вячеслав|В'ячеславович|В'ячеславівна|Вячеславович|Вячеславовна|Viacheslav,Vyacheslav,Vjacheslav
M|Ярослав|Ярослав|Ярославович|Ярославівна|Ярославович|Ярославовна|Yaroslav,Jaroslav
M|Станіслав|Станислав|Станіславович|Станіславівна|Станиславович|Станиславовна|Stanislav,Stanyslav
M|Святослав|Святослав|Святославович|Святославівна|Святославович|Святославовна|Sviatoslav,Svyatoslav
M|Мирослав|Мирослав|Мирославович|Мирославівна|Мирославович|Мирославовна|Myroslav,Miroslav
M|Ростислав|Ростислав|Ростиславович|Ростиславівна|Ростиславович|Ростиславовна|Rostyslav,Rostislav
M|Степан|Степан|Степанович|Степанівна|Степанович|Степановна|Stepan,Stephan
M|Федір|Фёдор,Федор|Федорович|Федорівна|Федорович|Федоровна|Fedir,Fedor,Fyodor,Theodore
M|Антон|Антон|Антонович|Антонівна|Антонович|Антоновна|Anton
M|Артур|Артур|Артурович|Артурівна|Артурович|Артуровна|Artur,Arthur
M|Вадим|Вадим|Вадимович|Вадимівна|Вадимович|Вадимовна|Vadym,Vadim
M|Валентин|Валентин|Валентинович|Валентинівна|Валентинович|Валентиновна|Valentyn,Valentin
M|Костянтин|Константин|Костянтинович|Костянтинівна|Константинович|Константиновна|Kostiantyn,Konstantin,Kostyantyn,Constantine
M|Кирило|Кирилл|Кирилович|Кирилівна|Кириллович|Кирилловна|Kyrylo,Kirill,Kyrillo,Cyril
M|Данило|Даниил,Данила|Данилович|Данилівна|Данилович|Даниловна|Danylo,Daniil,Daniel,Danilo
M|Гаврило|Гавриил,Гаврила|Гаврилович|Гаврилівна|Гаврилович|Гавриловна|Havrylo,Gavriil,Gavrilo
M|Ілля|Илья|Ілліч|Іллівна|Ильич|Ильинична|Illia,Ilya,Illya,Ilia
M|Яків|Яков|Якович|Яківна|Яковлевич|Яковлевна|Yakiv,Yakov,Jacob
M|Лука|Лука|Лукич|Луківна|Лукич|Лукинична|Luka
M|Кузьма|Кузьма|Кузьмич|Кузьмівна|Кузьмич|Кузьминична|Kuzma
M|Хома|Фома|Хомич|Хомівна|Фомич|Фоминична|Khoma,Foma,Thomas
M|Йосип|Иосиф,Осип|Йосипович|Йосипівна|Иосифович|Иосифовна|Yosyp,Iosif,Joseph,Josyp
M|Матвій|Матвей|Матвійович|Матвіївна|Матвеевич|Матвеевна|Matviy,Matvey,Matvii
M|Тимофій|Тимофей|Тимофійович|Тимофіївна|Тимофеевич|Тимофеевна|Tymofiy,Timofey,Tymofii
M|Опанас|Афанасий|Опанасович|Опанасівна|Афанасьевич|Афанасьевна|Opanas,Afanasiy
M|Семен|Семён,Семен|Семенович|Семенівна|Семёнович|Семёновна|Semen,Semyon,Semion
M|Борис|Борис|Борисович|Борисівна|Борисович|Борисовна|Borys,Boris
M|Едуард|Эдуард|Едуардович|Едуардівна|Эдуардович|Эдуардовна|Eduard,Edward
M|Микита|Никита|Микитович|Микитівна|Никитич|Никитична|Mykyta,Nikita
M|Назар|Назар|Назарович|Назарівна|Назарович|Назаровна|Nazar
M|Всеволод|Всеволод|Всеволодович|Всеволодівна|Всеволодович|Всеволодовна|Vsevolod
M|Георгій|Георгий|Георгійович|Георгіївна|Георгиевич|Георгиевна|Heorhiy,Georgiy,George,Heorhii
M|Арсеній|Арсений|Арсенійович|Арсеніївна|Арсеньевич|Арсеньевна|Arseniy,Arsenii,Arseny
M|Веніамін|Вениамин|Веніамінович|Веніамінівна|Вениаминович|Вениаминовна|Veniamin,Veniamyn
M|Лев|Лев|Левович|Левівна|Львович|Львовна|Lev,Leo
M|Марко|Марк|Маркович|Марківна|Маркович|Марковна|Marko,Mark
M|Тимур|Тимур|Тимурович|Тимурівна|Тимурович|Тимуровна|Tymur,Timur
M|Захар|Захар|Захарович|Захарівна|Захарович|Захаровна|Zakhar,Zahar
M|Нестор|Нестор|Несторович|Несторівна|Несторович|Несторовна|Nestor
M|Пилип|Филипп|Пилипович|Пилипівна|Филиппович|Филипповна|Pylyp,Filipp,Philip
M|Трохим|Трофим|Трохимович|Трохимівна|Трофимович|Трофимовна|Trokhym,Trofim
M|Дем'ян|Демьян|Дем'янович|Дем'янівна|Демьянович|Демьяновна|Demian,Demyan
M|Савелій|Савелий|Савелійович|Савеліївна|Савельевич|Савельевна|Saveliy,Savely
M|Зиновій|Зиновий|Зиновійович|Зиновіївна|Зиновьевич|Зиновьевна|Zynoviy,Zinoviy
M|Прокіп|Прокопий|Прокопович|Прокопівна|Прокопьевич|Прокопьевна|Prokip,Prokopiy
M|Орест|Орест|Орестович|Орестівна|Орестович|Орестовна|Orest
M|Любомир|Любомир|Любомирович|Любомирівна|Любомирович|Любомировна|Liubomyr,Lubomyr,Lyubomyr
M|Євгеній|Евгений|Євгенійович|Євгеніївна|Евгеньевич|Евгеньевна|Yevhenii,Evgeniy
M|Олесь|Олесь|Олесьович|Олесівна|Олесевич|Олесевна|Oles
M|Ярема|Ерёма,Ерема|Яремович|Яремівна|Еремеевич|Еремеевна|Yarema
M|Давид|Давид|Давидович|Давидівна|Давидович|Давидовна|David,Davyd
M|Єгор|Егор|Єгорович|Єгорівна|Егорович|Егоровна|Yehor,Egor,Yegor
M|Арсен|Арсен|Арсенович|Арсенівна|Арсенович|Арсеновна|Arsen
M|Гліб|Глеб|Глібович|Глібівна|Глебович|Глебовна|Hlib,Gleb
M|Мар'ян|Марьян|Мар'янович|Мар'янівна|Марьянович|Марьяновна|Marian,Maryan
M|Альберт|Альберт|Альбертович|Альбертівна|Альбертович|Альбертовна|Albert
M|Макар|Макар|Макарович|Макарівна|Макарович|Макаровна|Makar
M|Ян|Ян|Янович|Янівна|Янович|Яновна|Yan,Jan
M|Мирон|Мирон|Миронович|Миронівна|Миронович|Мироновна|Myron,Miron
M|Родіон|Родион|Родіонович|Родіонівна|Родионович|Родионовна|Rodion
M|Маркіян|Маркиян|Маркіянович|Маркіянівна|Маркиянович|Маркияновна|Markiian,Markiyan
M|Герман|Герман|Германович|Германівна|Германович|Германовна|Herman,German
M|Даниїл|Даниил|Даниїлович|Даниїлівна|Даниилович|Данииловна|Danyil,Daniil
M|Платон|Платон|Платонович|Платонівна|Платонович|Платоновна|Platon
M|Філіп|Филипп|Філіпович|Філіпівна|Филиппович|Филипповна|Filip,Philip
M|Стефан|Стефан|Стефанович|Стефанівна|Стефанович|Стефановна|Stefan
M|Мартин|Мартын,Мартин|Мартинович|Мартинівна|Мартынович|Мартыновна|Martyn,Martin
M|Панас|Афанасий|Панасович|Панасівна|Афанасьевич|Афанасьевна|Panas,Afanasiy
M|Юхим|Ефим|Юхимович|Юхимівна|Ефимович|Ефимовна|Yukhym,Efim,Yefim
M|Омелян|Емельян|Омелянович|Омелянівна|Емельянович|Емельяновна|Omelian,Emelyan
M|Тихон|Тихон|Тихонович|Тихонівна|Тихонович|Тихоновна|Tykhon,Tikhon
M|Клим|Клим|Климович|Климівна|Климович|Климовна|Klym,Klim
M|Єлисей|Елисей|Єлисейович|Єлисеївна|Елисеевич|Елисеевна|Yelysei,Elisey
M|Юліан|Юлиан|Юліанович|Юліанівна|Юлианович|Юлиановна|Yulian,Julian
M|Адам|Адам|Адамович|Адамівна|Адамович|Адамовна|Adam
M|Прохор|Прохор|Прохорович|Прохорівна|Прохорович|Прохоровна|Prokhor
M|Сава|Савва|Савович|Савівна|Саввич|Саввична|Sava,Savva
M|Мстислав|Мстислав|Мстиславович|Мстиславівна|Мстиславович|Мстиславовна|Mstyslav,Mstislav
M|Лук'ян|Лукьян|Лук'янович|Лук'янівна|Лукьянович|Лукьяновна|Lukian,Lukyan
M|Броніслав|Бронислав|Броніславович|Броніславівна|Брониславович|Брониславовна|Bronislav,Bronyslav
M|Кіндрат|Кондрат|Кіндратович|Кіндратівна|Кондратьевич|Кондратьевна|Kindrat,Kondrat
M|Марат|Марат|Маратович|Маратівна|Маратович|Маратовна|Marat
M|Карпо|Карп|Карпович|Карпівна|Карпович|Карповна|Karpo,Karp
M|Леонтій|Леонтий|Леонтійович|Леонтіївна|Леонтьевич|Леонтьевна|Leontiy,Leontii
M|Іларіон|Иларион|Іларіонович|Іларіонівна|Иларионович|Иларионовна|Ilarion
M|Северин|Северин|Северинович|Северинівна|Северинович|Севериновна|Severyn,Severin
M|Еміль|Эмиль|Емільович|Емілівна|Эмильевич|Эмильевна|Emil
M|Гордій|Гордей|Гордійович|Гордіївна|Гордеевич|Гордеевна|Hordiy,Gordey
M|Зорян|Зорян|Зорянович|Зорянівна|Зорянович|Зоряновна|Zorian,Zoryan
M|Архип|Архип|Архипович|Архипівна|Архипович|Архиповна|Arkhyp,Arkhip
M|Никифор|Никифор|Никифорович|Никифорівна|Никифорович|Никифоровна|Nykyfor,Nikifor
M|Яким|Аким,Яким|Якимович|Якимівна|Акимович|Акимовна|Yakym,Akim
M|Фелікс|Феликс|Феліксович|Феліксівна|Феликсович|Феликсовна|Feliks,Felix
M|Охрім|Ефрем|Охрімович|Охрімівна|Ефремович|Ефремовна|Okhrim,Efrem
F|Олена|Елена,Алёна|Olena,Elena,Helen,Alena
F|Наталія|Наталья,Наталия|Nataliia,Natalia,Natalya,Natalie
F|Тетяна|Татьяна|Tetiana,Tatiana,Tatyana,Tetyana
F|Ольга|Ольга|Olha,Olga
F|Марія|Мария|Mariia,Maria,Mariya,Mary
F|Ганна|Анна|Hanna,Anna,Ganna
F|Анна|Анна|Anna
F|Іванна|Иванна|Ivanna
F|Ірина|Ирина|Iryna,Irina
F|Світлана|Светлана|Svitlana,Svetlana
F|Людмила|Людмила|Liudmyla,Lyudmila,Ludmila,Ludmyla
F|Валентина|Валентина|Valentyna,Valentina
F|Галина|Галина|Halyna,Galina,Galyna
F|Оксана|Оксана|Oksana,Oxana
F|Юлія|Юлия|Yuliia,Yulia,Yuliya,Julia
F|Катерина|Екатерина|Kateryna,Ekaterina,Katerina,Catherine,Yekaterina
F|Анастасія|Анастасия|Anastasiia,Anastasia,Anastasiya
F|Вікторія|Виктория|Viktoriia,Viktoria,Victoria,Viktoriya
F|Дарія|Дарья|Dariia,Daria,Darya,Dariya
F|Дар'я|Дарья|Daria,Darya
F|Софія|София,Софья|Sofiia,Sofia,Sophia,Sofiya
F|Надія|Надежда|Nadiia,Nadiya,Nadia,Nadezhda
F|Любов|Любовь|Liubov,Lyubov,Lubov
F|Віра|Вера|Vira,Vera
F|Лариса|Лариса|Larysa,Larisa
F|Алла|Алла|Alla
F|Інна|Инна|Inna
F|Христина|Кристина|Khrystyna,Kristina,Christina
F|Євгенія|Евгения|Yevheniia,Evgenia,Eugenia,Yevheniya
F|Олександра|Александра|Oleksandra,Alexandra,Aleksandra
F|Валерія|Валерия|Valeriia,Valeria,Valeriya
F|Зоя|Зоя|Zoia,Zoya
F|Ніна|Нина|Nina
F|Лідія|Лидия|Lidiia,Lidia,Lydia,Lidiya
F|Раїса|Раиса|Raisa,Rayisa
F|Тамара|Тамара|Tamara
F|Марина|Марина|Maryna,Marina
F|Яна|Яна|Yana,Iana
F|Аліна|Алина|Alina
F|Діана|Диана|Diana
F|Вероніка|Вероника|Veronika,Veronica
F|Ксенія|Ксения|Kseniia,Ksenia,Xenia,Kseniya
F|Уляна|Ульяна|Uliana,Ulyana
F|Соломія|Соломия|Solomiia,Solomiya,Solomia
F|Мирослава|Мирослава|Myroslava,Miroslava
F|Зінаїда|Зинаида|Zinaida,Zinayida
F|Антоніна|Антонина|Antonina
F|Поліна|Полина|Polina
F|Ангеліна|Ангелина|Anhelina,Angelina
F|Кристина|Кристина|Kristina,Krystyna
F|Лілія|Лилия|Liliia,Lilia,Liliya
F|Жанна|Жанна|Zhanna
F|Маргарита|Маргарита|Marharyta,Margarita
F|Емілія|Эмилия|Emiliia,Emilia
F|Таїсія|Таисия|Taisiia,Taisia
F|Олеся|Олеся|Olesia,Olesya
F|Мар'яна|Марьяна|Mariana,Maryana
F|Дарина|Дарина|Daryna,Darina
F|Карина|Карина|Karyna,Karina
F|Альона|Алёна,Алена|Alona,Alena,Alyona
F|Сніжана|Снежана|Snizhana,Snezhana
"""

APOSTROPHES = "'\u02bc\u2019\u2018`\u00b4"
_APOS = str.maketrans({c: "'" for c in APOSTROPHES})


def norm_apos(s):
    return s.translate(_APOS)


def name_key(s):
    """Lookup key of a name in the tables: lower case, one apostrophe, ё = е."""
    return norm_apos(s.strip()).lower().replace("ё", "е")


class GivenName:
    __slots__ = ("sex", "uk", "ru", "uk_pm", "uk_pf", "ru_pm", "ru_pf", "latin")

    def __init__(self, sex, uk, ru, uk_pm, uk_pf, ru_pm, ru_pf, latin):
        self.sex, self.uk, self.ru = sex, uk, ru
        self.uk_pm, self.uk_pf, self.ru_pm, self.ru_pf = uk_pm, uk_pf, ru_pm, ru_pf
        self.latin = latin


def _load_given_names():
    names = []
    for line in GIVEN_NAMES.strip().splitlines():
        f = line.split("|")
        if f[0] == "M":
            names.append(GivenName("M", f[1], f[2].split(","), f[3], f[4], f[5], f[6],
                                   f[7].split(",")))
        else:
            names.append(GivenName("F", f[1], f[2].split(","), "", "", "", "", f[3].split(",")))
    by_uk, by_ru, patr_uk, patr_ru = {}, {}, {}, {}
    for n in names:
        by_uk.setdefault(name_key(n.uk), n)
    for n in names:
        for r in n.ru:
            k = name_key(r)
            # The reverse map prefers the name whose two forms are one (Анна -> Анна).
            if k not in by_ru or name_key(n.uk) == k:
                by_ru[k] = n
        if n.sex == "M":
            patr_uk.setdefault(name_key(n.uk_pm), (n, "M"))
            patr_uk.setdefault(name_key(n.uk_pf), (n, "F"))
            patr_ru.setdefault(name_key(n.ru_pm), (n, "M"))
            patr_ru.setdefault(name_key(n.ru_pf), (n, "F"))
    return names, by_uk, by_ru, patr_uk, patr_ru


NAMES, GIVEN_UK, GIVEN_RU, PATR_UK, PATR_RU = _load_given_names()

# ---------------------------------------------------------------------------
# Case helpers
# ---------------------------------------------------------------------------


def recase(orig, new):
    """Give `new` the case pattern of the word `orig` (UPPER, Title, lower)."""
    letters = [c for c in orig if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    if letters and letters[0].isupper():
        return new[:1].upper() + new[1:]
    return new


_WORD_SPLIT = re.compile(r"([\s\-]+)")


def map_words(text, fn):
    """Apply fn to the lower-cased words of text (split at spaces and hyphens), recased."""
    out = []
    for part in _WORD_SPLIT.split(text):
        if not part or _WORD_SPLIT.fullmatch(part):
            out.append(part)
        else:
            out.append(recase(part, fn(part.lower())))
    return "".join(out)


# ---------------------------------------------------------------------------
# Ukrainian <-> Russian Cyrillic
# ---------------------------------------------------------------------------
UK_LETTERS = set("іїєґ'")
RU_LETTERS = set("ыэёъ")

# Word-initial stems whose Ukrainian vowel is another letter in Russian.
RU_ROOTS = [
    ("рибал", "рыбал"), ("рибак", "рыбак"), ("рибч", "рыбч"), ("бик", "бык"),
    ("бистр", "быстр"), ("крил", "крыл"), ("лисенк", "лысенк"), ("лисак", "лысак"),
    ("біл", "бел"), ("сір", "сер"), ("чорн", "черн"),
    ("світл", "светл"), ("хліб", "хлеб"),
]
RU_VOWELS = set("аеёиоуыэюяіїє")


def _uk2ru_letters(low, yi=False):
    out = []
    n = len(low)
    i = 0
    while i < n:
        ch = low[i]
        prev = low[i - 1] if i else ""
        if ch == "ї" and yi and (not prev or prev in RU_VOWELS):
            out.append("йи")  # Заїка -> Зайика, as some clerks write it
        elif ch == "і" or ch == "ї":
            out.append("и")
        elif ch == "є":
            out.append("е")
        elif ch == "ґ":
            out.append("г")
        elif ch == "'":
            out.append("ь")
        elif ch == "е" and i == 0:
            out.append("э")
        elif ch == "ь" and i + 1 < n and low[i + 1] == "о":
            out.append("е")  # Сльозко -> Слезко
            i += 1
        elif ch == "й" and i + 1 < n and low[i + 1] == "о" and prev and prev not in RU_VOWELS:
            out.append("ье")  # Воробйов -> Воробьев
            i += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_RU_SURNAME_SUFFIXES = [
    ("ський", "ский"), ("цький", "цкий"), ("зький", "зкий"),
    ("ська", "ская"), ("цька", "цкая"), ("зька", "зкая"), ("ець", "ец"),
]


def _ru_surname_word(low, yi=False):
    suffix = ""
    for uk, ru in _RU_SURNAME_SUFFIXES:
        if low.endswith(uk) and len(low) > len(uk):
            low, suffix = low[: -len(uk)], ru
            break
    else:
        if low.endswith("ий") and len(low) > 4:
            low = low[:-2]
            suffix = "ий" if low[-1] in "кгхжшчщ" else "ый"  # adjectival: Сірий -> Серый
    for uk, ru in RU_ROOTS:
        if low.startswith(uk):
            low = ru + low[len(uk):]
            break
    return _uk2ru_letters(low, yi) + suffix


def russian_surname(s, rng=None):
    """A Ukrainian family name as Russian spelling writes it: Рибак -> Рыбак.  With rng,
    ї after a vowel is sometimes written йи rather than и."""
    if not s or detect_script(s) == "ru":
        return s
    yi = rng is not None and rng.random() < 0.25
    return map_words(norm_apos(s), functools.partial(_ru_surname_word, yi=yi))


def russian_letters(s):
    """Letter by letter Ukrainian -> Russian, for names the tables do not know."""
    def word(low):
        w = _uk2ru_letters(low)
        return w[:-2] + "ий" if w.endswith("ий") else w
    return map_words(norm_apos(s), word)


def russian_given(s, rng=None):
    """Russian form of a Ukrainian given name (Олександр -> Александр)."""
    if not s:
        return s
    k = name_key(s)
    n = GIVEN_UK.get(k)
    if n is None:
        if k in GIVEN_RU:
            return s
        return russian_letters(s)
    # The usual form mostly, another one (Наталия, Алёна, Данила) sometimes.
    form = n.ru[0] if rng is None or len(n.ru) == 1 or rng.random() < 0.75 else \
        rng.choice(n.ru[1:])
    if "ё" in form and rng is not None and rng.random() < 0.5:
        form = form.replace("ё", "е")
    return recase(s, form)


def _patronymic_fallback(p, to_ru):
    """Suffix rules for patronymics the table does not know."""
    low = name_key(p)
    if not to_ru:
        w = low.replace("ы", "и").replace("э", "е").replace("ъ", "'")
        for ru, uk in (("евна", "ївна"), ("овна", "івна")):
            if w.endswith(ru):
                w = w[: -len(ru)] + uk
                break
        return recase(p, w)
    for uk, male in (("йович", True), ("ович", True), ("ївна", False), ("івна", False)):
        if low.endswith(uk):
            stem = _uk2ru_letters(low[: -len(uk)])
            soft = uk in ("йович", "ївна") or stem.endswith("ь")
            stem = stem.rstrip("ь")
            if uk == "ївна":  # Сергіївна: the stem lost its й
                soft = True
            end = ("евич" if soft else "ович") if male else ("евна" if soft else "овна")
            return recase(p, stem + end)
    return russian_letters(p)


def russian_patronymic(p):
    """Russian form of a Ukrainian patronymic (Миколайович -> Николаевич)."""
    if not p:
        return p
    k = name_key(p)
    hit = PATR_UK.get(k)
    if hit:
        n, sex = hit
        return recase(p, n.ru_pm if sex == "M" else n.ru_pf)
    if k in PATR_RU:
        return p
    return _patronymic_fallback(p, True)


def _ru2uk_word(low):
    out = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        if ch == "ы":
            out.append("и")
        elif ch == "э":
            out.append("е")
        elif ch == "ъ":
            out.append("'")
        elif ch == "ё":
            out.append("ьо" if prev and prev not in RU_VOWELS else "йо")
        elif ch == "и" and i == 0:
            out.append("і")
        else:
            out.append(ch)
    w = "".join(out)
    for ru, uk in (("ский", "ський"), ("цкий", "цький"), ("ская", "ська"), ("цкая", "цька"),
                   ("ый", "ий")):
        if w.endswith(ru):
            return w[: -len(ru)] + uk
    return w


def ukrainian_surname(s):
    """A Russian family name as a Ukrainian clerk would write it (rough)."""
    if not s or detect_script(s) == "uk":
        return s
    return map_words(s, _ru2uk_word)


def ukrainian_given(s):
    if not s:
        return s
    k = name_key(s)
    n = GIVEN_RU.get(k)
    if n is not None:
        return recase(s, n.uk)
    if k in GIVEN_UK:
        return s
    return map_words(s, _ru2uk_word)


def ukrainian_patronymic(p):
    if not p:
        return p
    k = name_key(p)
    hit = PATR_RU.get(k)
    if hit:
        n, sex = hit
        return recase(p, n.uk_pm if sex == "M" else n.uk_pf)
    if k in PATR_UK:
        return p
    return _patronymic_fallback(p, False)


@functools.lru_cache(maxsize=1 << 18)
def detect_script(text):
    """'uk' or 'ru' when the letters say so, else ''."""
    low = norm_apos(text).lower()
    if any(c in UK_LETTERS for c in low):
        return "uk"
    if any(c in RU_LETTERS for c in low):
        return "ru"
    return ""


def native_of(family, given, patronymic, held_by):
    """Which Cyrillic the registry wrote this person's names in."""
    scripts = (detect_script(family), detect_script(given), detect_script(patronymic))
    if "uk" in scripts:
        return "uk"
    if "ru" in scripts:
        return "ru"
    k = name_key(given)
    if k in GIVEN_UK and k not in GIVEN_RU:
        return "uk"
    if k in GIVEN_RU and k not in GIVEN_UK:
        return "ru"
    return "ru" if held_by.strip().lower() == "us" else "uk"


# ---------------------------------------------------------------------------
# Transliteration into Latin
# ---------------------------------------------------------------------------
def _tr_word(low, base, initial=None, after=None, pairs=None):
    out = []
    i, n = 0, len(low)
    while i < n:
        if pairs and low[i:i + 2] in pairs:
            out.append(pairs[low[i:i + 2]])
            i += 2
            continue
        ch = low[i]
        if initial and ch in initial and (i == 0 or (after and low[i - 1] in after)):
            out.append(initial[ch])
        else:
            out.append(base.get(ch, ch))
        i += 1
    return "".join(out)


def _table(spec):
    t = {}
    for item in spec.split():
        k, _, v = item.partition("=")
        t[k] = v
    return t


_COMMON = _table("а=a б=b в=v д=d е=e з=z к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f")
_COMMON["'"] = ""

# Ukrainian national system, Cabinet of Ministers resolution No. 55 of 27 January 2010.
UA2010 = dict(_COMMON, **_table(
    "г=h ґ=g є=ie ж=zh и=y і=i ї=i й=i х=kh ц=ts ч=ch ш=sh щ=shch ю=iu я=ia ь= "
    "ы=y э=e ё=io ъ="))
UA2010_INITIAL = _table("є=ye ї=yi й=y ю=yu я=ya ё=yo")
UA2010_PAIRS = {"зг": "zgh"}

# BGN/PCGN 1965 for Ukrainian (soft sign ’ or left out, the apostrophe left out).
BGN_UA = dict(_COMMON, **_table(
    "г=h ґ=g є=ye ж=zh и=y і=i ї=yi й=y х=kh ц=ts ч=ch ш=sh щ=shch ю=yu я=ya "
    "ы=y э=e ё=yo ъ="))

# BGN/PCGN 1947 for Russian.
BGN_RU = dict(_COMMON, **_table(
    "г=g ё=ë ж=zh и=i й=y х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y э=e ю=yu я=ya "
    "і=i ї=yi є=ye ґ=g"))
BGN_RU_INITIAL = _table("е=ye ё=yë")
BGN_RU_AFTER = set("аеёиоуыэюяйъь")

# ICAO Doc 9303 (7th edition), as Russian passports have used since 2013.
ICAO = dict(_COMMON, **_table(
    "г=g ё=e ж=zh и=i й=i х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia "
    "і=i ї=i є=ie ґ=g"))

# Scholarly (diacritic) transliteration: Шевчук -> Ševčuk.
SCHOLARLY_UA = dict(_COMMON, **_table(
    "г=h ґ=g є=je ж=ž и=y і=i ї=ji й=j х=ch ц=c ч=č ш=š щ=šč ь= ю=ju я=ja "
    "ы=y э=è ё=ë ъ="))
SCHOLARLY_RU = dict(_COMMON, **_table(
    "г=g ж=ž и=i й=j х=ch ц=c ч=č ш=š щ=šč ь= ъ= ы=y э=è ё=ë ю=ju я=ja "
    "і=i ї=ji є=je ґ=g"))


def translit(text, system, soft="’"):
    """Transliterate Cyrillic text by one of the fixed systems:
    ua2010, bgn_ua, bgn_ru, icao_ru, scholarly_ua, scholarly_ru.
    `soft` is what BGN/PCGN writes for the soft sign (’ strictly, often '' )."""
    text = norm_apos(text)
    if system == "ua2010":
        fn = functools.partial(_tr_word, base=UA2010, initial=UA2010_INITIAL, pairs=UA2010_PAIRS)
    elif system == "bgn_ua":
        fn = functools.partial(_tr_word, base=dict(BGN_UA, **{"ь": soft}))
    elif system == "bgn_ru":
        fn = functools.partial(_tr_word, base=dict(BGN_RU, **{"ь": soft}), initial=BGN_RU_INITIAL,
                               after=BGN_RU_AFTER)
    elif system == "icao_ru":
        fn = functools.partial(_tr_word, base=ICAO)
    elif system == "scholarly_ua":
        fn = functools.partial(_tr_word, base=SCHOLARLY_UA)
    elif system == "scholarly_ru":
        fn = functools.partial(_tr_word, base=SCHOLARLY_RU)
    else:
        raise ValueError("unknown transliteration system: " + system)
    return map_words(text, fn)


def _pick(rng, weighted):
    """weighted: sequence of (value, weight)."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


class Informal:
    """Informal English spellings, one style drawn per line (Sergey, Yuriy, Olexandr, -skyi)."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.lang = lang
        p = functools.partial(_pick, rng)
        j = rng.random() < 0.08  # the rare German/Polish-minded writer: Jurij, Jaroslav
        st = {
            "г": p([("h", 75), ("g", 25)]) if lang == "uk" else "g",
            "и": p([("y", 85), ("i", 15)]) if lang == "uk" else "i",
            "і": "i", "ы": "y", "э": "e", "ь": "", "ъ": "", "'": "",
            "ї": p([("yi", 50), ("i", 40), ("ji", 10)]),
            "й": "j" if j else p([("y", 75), ("i", 25)]),
            "є": p([("ye", 50), ("ie", 30), ("e", 20)]),
            "ю": "ju" if j else p([("yu", 75), ("iu", 25)]),
            "я": "ja" if j else p([("ya", 75), ("ia", 25)]),
            "ё": p([("yo", 50), ("e", 40), ("io", 10)]),
            "х": p([("kh", 75), ("h", 25)]),
            "ц": p([("ts", 80), ("tz", 15), ("c", 5)]),
            "щ": p([("shch", 60), ("sch", 30), ("shh", 10)]),
            "ж": p([("zh", 90), ("j", 5), ("z", 5)]),
            "ч": "ch", "ш": "sh",
        }
        self.base = dict(_COMMON, **st)
        self.initial = {
            "є": "je" if j else "ye", "ю": "ju" if j else "yu", "я": "ja" if j else "ya",
            "ї": "ji" if j else "yi", "й": "j" if j else "y",
        }
        if lang == "ru" and rng.random() < 0.3:
            self.initial["е"] = "ye"  # Yevgeniy
        self.pairs = {"кс": p([("ks", 80), ("x", 20)])}
        self.final_iy = p([("iy", 30), ("y", 25), ("ii", 15), ("yi", 15), ("yy", 10), ("i", 5)])
        self.sky = p([("y", 30), ("iy", 20), ("yy", 12), ("yi", 20), ("i", 18)])
        self.ska = p([("aya", 60), ("aia", 25), ("a", 15)]) if lang == "ru" else "a"
        self.table_share = 0.65

    def _word(self, low):
        end = ""
        for suf in ("ий", "ій", "ый"):
            if low.endswith(suf) and len(low) > 3:
                low, end = low[:-2], self.final_iy
                break
        return _tr_word(low, self.base, self.initial, None, self.pairs) + end

    def _surname_word(self, low):
        m = re.search(r"(ць|ц|зь|з|сь|с)к(ий|ый|ой|ій)$", low)
        if m:
            cons = {"ц": self.base["ц"], "з": "z", "с": "s"}[m.group(1)[0]]
            return _tr_word(low[: m.start()], self.base, self.initial, None, self.pairs) + \
                cons + "k" + self.sky
        m = re.search(r"(ць|ц|зь|з|сь|с)к(ая|а)$", low)
        if m:
            cons = {"ц": self.base["ц"], "з": "z", "с": "s"}[m.group(1)[0]]
            return _tr_word(low[: m.start()], self.base, self.initial, None, self.pairs) + \
                cons + "k" + (self.ska if m.group(2) == "ая" else "a")
        return self._word(low)

    def surname(self, s):
        return map_words(norm_apos(s), self._surname_word)

    def given(self, s):
        n = GIVEN_UK.get(name_key(s)) or GIVEN_RU.get(name_key(s))
        if n is not None and self.rng.random() < self.table_share:
            return recase(s, self.rng.choice(n.latin))
        return map_words(norm_apos(s), self._word)

    def patronymic(self, s):
        return map_words(norm_apos(s), self._word)


# ---------------------------------------------------------------------------
# Typos
# ---------------------------------------------------------------------------
def _neighbours(rows):
    nb = {}
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            s = set()
            for dr, dc in ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, 1), (1, -1)):
                rr, cc = r + dr, c + dc
                if 0 <= rr < len(rows) and 0 <= cc < len(rows[rr]):
                    s.add(rows[rr][cc])
            nb[ch] = "".join(sorted(s))
    return nb


KEYS_UK = _neighbours(["йцукенгшщзхї", "фівапролджє", "ячсмитьбю"])
KEYS_RU = _neighbours(["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"])
KEYS_LAT = _neighbours(["qwertyuiop", "asdfghjkl", "zxcvbnm"])
SIMILAR = {}
for group in ("еєэ", "иіыї", "ао", "гґх", "шщ", "цч", "зс", "бп", "дт", "вф", "жш", "юу", "яа",
              "iy", "ea", "ck", "sz", "vw", "uo", "gh", "mn", "ij"):
    for ch in group:
        SIMILAR[ch] = SIMILAR.get(ch, "") + group.replace(ch, "")


def typo(word, rng):
    """One typo in word: (new word, kind) or (word, None) when the word is too short."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word, None
    kind = _pick(rng, [("neighbour", 30), ("similar", 25), ("transpose", 20), ("drop", 15),
                       ("double", 10)])
    for _ in range(10):
        # Mostly not the first letter: people get the start of a name right more often.
        i = rng.choice(letters[1:]) if rng.random() < 0.9 else letters[0]
        ch = word[i]
        low = ch.lower()
        if kind in ("neighbour", "similar"):
            if kind == "similar":
                pool = SIMILAR.get(low, "")
            elif low in KEYS_LAT:
                pool = KEYS_LAT[low]
            else:
                pool = KEYS_UK.get(low, "") if rng.random() < 0.5 else KEYS_RU.get(low, "")
                pool = pool or KEYS_UK.get(low, "") or KEYS_RU.get(low, "")
            if not pool:
                kind = "transpose"
                continue
            new = rng.choice(pool)
            new = new.upper() if ch.isupper() else new
            out = word[:i] + new + word[i + 1:]
        elif kind == "transpose":
            if i + 1 >= len(word) or not word[i + 1].isalpha() or word[i + 1].lower() == low:
                continue
            a, b = word[i], word[i + 1]
            if i == 0:  # keep the capital where it was
                a, b = a.lower(), b.upper() if a.isupper() else b
            out = word[:i] + b + a + word[i + 2:]
        elif kind == "drop":
            out = word[:i] + word[i + 1:]
        else:
            out = word[:i + 1] + low + word[i + 1:] if i else word[:1] + low + word[1:]
        if out != word:
            return out, kind
    return word, None


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------
def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _mdays(y, m):
    return 29 if m == 2 and _leap(y) else (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1]


def valid_date(y, m, d):
    return 1 <= m <= 12 and 1 <= d <= _mdays(y, m)


def parse_date(s):
    """(year, month or None, day or None), or None for an empty or unreadable date."""
    s = s.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if m:
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        mo = int(mo) if mo else None
        d = int(d) if d else None
    else:
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = re.fullmatch(r"(\d{1,2})\.(\d{4})", s)
            if not m:
                return None
            d, mo, y = None, int(m.group(1)), int(m.group(2))
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None and not valid_date(y, mo, d):
        return None
    return (y, mo, d)


def fmt_date(y, m, d, style):
    if d is not None:
        return "%04d-%02d-%02d" % (y, m, d) if style == "iso" else "%02d.%02d.%04d" % (d, m, y)
    if m is not None:
        return "%04d-%02d" % (y, m) if style == "iso" else "%02d.%04d" % (m, y)
    return "%04d" % y


DATE_DAY = [("iso", 50), ("dmy", 27), ("missing", 12), ("year_only", 3), ("swap_dm", 2),
            ("digit", 3), ("year_off", 3)]
DATE_MONTH = [("iso", 58), ("dmy", 15), ("year_only", 8), ("missing", 12), ("year_off", 4),
              ("digit", 3)]
DATE_YEAR = [("iso", 80), ("missing", 13), ("year_off", 4), ("digit", 3)]
DATE_SLIPS = {"missing", "year_only", "swap_dm", "mdy_text", "digit", "year_off"}


def _digit_slip(y, m, d, rng):
    """The date with one digit wrong (still a date), or None."""
    for _ in range(30):
        digits = list("%04d%02d%02d" % (y, m or 1, d or 1))
        pos = [2, 3] + ([4, 5] if m is not None else []) + ([6, 7] if d is not None else [])
        i = rng.choice(pos)
        digits[i] = rng.choice([c for c in "0123456789" if c != digits[i]])
        s = "".join(digits)
        ny, nm, nd = int(s[:4]), int(s[4:6]), int(s[6:])
        if not 1920 <= ny <= 2015:
            continue
        if m is not None and not 1 <= nm <= 12:
            continue
        if d is not None and not valid_date(ny, nm, nd):
            continue
        return ny, (nm if m is not None else None), (nd if d is not None else None)
    return None


def corrupt_date(raw, rng):
    """(written date, tag) for a registry person's birth date."""
    pd = parse_date(raw)
    if pd is None:
        return (raw.strip(), "unreadable") if raw.strip() else ("", "none")
    y, m, d = pd
    table = DATE_DAY if d is not None else DATE_MONTH if m is not None else DATE_YEAR
    what = _pick(rng, table)
    style = "iso" if rng.random() < 0.5 else "dmy"
    if what in ("iso", "dmy"):
        return fmt_date(y, m, d, what), what
    if what == "missing":
        return "", what
    if what == "year_only":
        return "%04d" % y, what
    if what == "swap_dm":
        if d == m:
            return fmt_date(y, m, d, "dmy"), "dmy"
        if d <= 12:
            return fmt_date(y, d, m, style), "swap_dm"
        return "%02d.%02d.%04d" % (m, d, y), "mdy_text"
    if what == "digit":
        slip = _digit_slip(y, m, d, rng)
        if slip:
            return fmt_date(*slip, style), "digit"
        what = "year_off"
    ny = y + rng.choice((-1, 1))
    nd = d
    if d is not None and not valid_date(ny, m, d):
        nd = d - 1
    return fmt_date(ny, m, nd, style), "year_off"


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------
UNIT_RE = re.compile(r"^(?:в/ч|вч|в\.ч\.|військова частина|войсковая часть)?\s*"
                     r"([А-ЯІЇЄҐA-Z]?)[-\s]?(\d{3,5})$", re.IGNORECASE)
HOMOGLYPH = dict(zip("АВЕКМНОРСТХ", "ABEKMHOPCTX"))
LATIN_LETTER = dict(zip("АБВГДЕЖЗИІКЛМНОПРСТУФХЦЧШ",
                        ["A", "B", "V", "H", "D", "E", "Zh", "Z", "Y", "I", "K", "L", "M", "N",
                         "O", "P", "R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh"]))
UNIT_OUTCOME = [("as_registered", 50), ("variant", 20), ("missing", 30)]


def unit_variant(unit, latin, lang, rng):
    """The unit written otherwise: (text, variant name); None when it cannot be parsed."""
    m = UNIT_RE.match(unit.strip())
    if not m:
        return None
    letter, num = m.group(1).upper(), m.group(2)
    if latin:
        ll = LATIN_LETTER.get(letter, letter)
        v = _pick(rng, [("latin_bare", 50), ("military_unit", 20), ("v_ch", 20), ("mu", 10)])
        text = {"latin_bare": ll + num, "military_unit": "military unit " + ll + num,
                "v_ch": "v/ch " + ll + num, "mu": "MU " + ll + num}[v]
        return text, v
    options = [("bare", 30), ("full_words", 15), ("latin_homoglyph", 20), ("no_space", 15),
               ("caps", 10)]
    if letter:
        options.append(("hyphen", 10))
    v = _pick(rng, options)
    if v == "latin_homoglyph" and letter not in HOMOGLYPH:
        v = "bare"
    words = "військова частина " if lang == "uk" else "войсковая часть "
    text = {"bare": letter + num, "full_words": words + letter + num,
            "latin_homoglyph": HOMOGLYPH.get(letter, letter) + num,
            "no_space": "в/ч" + letter + num, "caps": "ВЧ " + letter + num,
            "hyphen": "в/ч " + letter + "-" + num}[v]
    if text == unit.strip():
        text, v = letter + num, "bare"
    return text, v


def write_unit(unit, latin, lang, rng):
    """(written unit, tag) for a unit known to be the person's (or a namesake's)."""
    unit = unit.strip()
    if not unit:
        return "", "none"
    what = _pick(rng, UNIT_OUTCOME)
    if what == "missing":
        return "", "missing"
    if what == "variant":
        v = unit_variant(unit, latin, lang, rng)
        if v:
            return v[0], "variant:" + v[1]
    return unit, "as_registered"


NOTES = {
    "ru": ["рядовой", "мл. сержант", "сержант", "матрос", "ранен", "гражданский", "лейтенант",
           "ст. солдат", "военнослужащий ВСУ", "тяжело ранен"],
    "uk": ["солдат", "молодший сержант", "сержант", "матрос", "поранений", "цивільний",
           "лейтенант", "старший солдат"],
    "lat": ["private", "sergeant", "sailor", "wounded", "civilian", "lieutenant", "soldier"],
}
NOTES_SHARE = 0.12

# ---------------------------------------------------------------------------
# Scripts and name forms of a line
# ---------------------------------------------------------------------------
# (system, base Cyrillic, Latin?) and weights by the script the registry used.
SYSTEMS = {
    "uk_cyr": ("uk", False), "ru_cyr": ("ru", False), "ua2010": ("uk", True),
    "bgn_ua": ("uk", True), "bgn_ru": ("ru", True), "icao_ru": ("ru", True),
    "informal_ua": ("uk", True), "informal_ru": ("ru", True), "scholarly": (None, True),
}
SYSTEM_WEIGHTS = {
    "uk": [("uk_cyr", 30), ("ru_cyr", 35), ("ua2010", 10), ("bgn_ua", 3), ("bgn_ru", 5),
           ("icao_ru", 7), ("informal_ua", 5), ("informal_ru", 4), ("scholarly", 1)],
    "ru": [("ru_cyr", 60), ("uk_cyr", 5), ("ua2010", 5), ("bgn_ua", 1), ("bgn_ru", 8),
           ("icao_ru", 10), ("informal_ua", 3), ("informal_ru", 7), ("scholarly", 1)],
}
PATRONYMIC_DROP = {False: 0.12, True: 0.55}  # by Latin?
ORDER_WITH_P = [("fgp", 80), ("gpf", 6), ("comma", 3), ("fIP", 4), ("fI_P", 3), ("IPf", 2),
                ("fI", 2)]
ORDER_WITHOUT_P = [("fg", 84), ("gf", 8), ("comma", 4), ("fI", 2), ("If", 2)]
ORDER_SPLIT = [("columns", 93), ("initials", 5), ("swapped", 2)]
CASE = {False: [("normal", 88), ("family_upper", 10), ("all_upper", 2)],
        True: [("normal", 60), ("family_upper", 30), ("all_upper", 10)]}
TYPO_ONE, TYPO_TWO = 0.10, 0.02  # shares of registry lines with one, two typos


def cyrillic_forms(f, g, p, native, lang, rng):
    if lang == native:
        return f, g, p
    if lang == "ru":
        return russian_surname(f, rng), russian_given(g, rng), russian_patronymic(p)
    return ukrainian_surname(f), ukrainian_given(g), ukrainian_patronymic(p)


def latin_forms(f, g, p, system, lang, rng):
    """(f, g, p) in Latin by the line's system; the informal one draws its style here."""
    if system.startswith("informal"):
        inf = Informal(rng, lang)
        return inf.surname(f), inf.given(g) if g else g, inf.patronymic(p) if p else p
    if system == "scholarly":
        system = "scholarly_" + ("ua" if lang == "uk" else "ru")
    soft = rng.choice(("’", "", "'")) if system.startswith("bgn") else "’"
    return tuple(translit(x, system, soft) if x else x for x in (f, g, p))


def initial_of(name, latin, rng):
    if not name:
        return ""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return ""
    if latin and len(letters) > 1 and rng.random() < 0.2 and \
            "".join(letters[:2]).lower() in ("yu", "ya", "ye", "yi", "zh", "kh", "ts", "ch", "sh"):
        return letters[0].upper() + letters[1].lower() + "."
    return letters[0].upper() + "."


def make_names(rng, f, g, p, native, fmt, allow_drop, typos):
    """Write the names of a line.  Returns (name fields, tags, diffs, stats dict)."""
    system = _pick(rng, SYSTEM_WEIGHTS[native])
    lang, latin = SYSTEMS[system]
    lang = lang or native
    tags, diffs = ["script=" + system], 0
    if not (system == native + "_cyr"):
        diffs += 1
    cf, cg, cp = cyrillic_forms(f, g, p, native, lang, rng)
    if latin:
        cf, cg, cp = latin_forms(cf, cg, cp, system, lang, rng)
    # Patronymic
    if not p:
        ptag = "none"
    elif allow_drop and rng.random() < PATRONYMIC_DROP[latin]:
        ptag, cp = "dropped", ""
        diffs += 1
    else:
        ptag = "written"
    if ptag != "written":
        tags.append("patronymic=" + ptag)
    # Order
    if fmt == "split":
        order = _pick(rng, ORDER_SPLIT)
    else:
        order = _pick(rng, ORDER_WITH_P if cp else ORDER_WITHOUT_P)
    if order not in ("fgp", "fg", "columns"):
        tags.append("order=" + order)
        diffs += 1
    initials = order in ("fIP", "fI_P", "IPf", "fI", "If", "initials")
    # Typos, in the parts written in full
    parts = {"family": cf}
    if not initials:
        parts["given"] = cg
        if cp:
            parts["patronymic"] = cp
    ntypo = 0
    for _ in range(typos):
        names = [k for k in parts if len(parts[k]) >= 3]
        if not names:
            break
        weights = {"family": 50, "given": 30, "patronymic": 20}
        which = _pick(rng, [(k, weights[k]) for k in names])
        new, kind = typo(parts[which], rng)
        if kind:
            parts[which] = new
            tags.append("typo=%s:%s" % (kind, which))
            ntypo += 1
            diffs += 1
    cf = parts["family"]
    cg = parts.get("given", cg)
    cp = parts.get("patronymic", cp)
    # Case
    case = "family_upper" if order == "comma" else _pick(rng, CASE[latin])
    if case != "normal" and order != "comma":
        tags.append("case=" + case)
    if case in ("family_upper", "all_upper"):
        cf = cf.upper()
    if case == "all_upper":
        cg, cp = cg.upper(), cp.upper()
    gi, pi = initial_of(cg, latin, rng), initial_of(cp, latin, rng)
    if fmt == "split":
        if order == "initials":
            out = [cf, gi, pi]
        elif order == "swapped":
            out = [cg, cf, cp]
        else:
            out = [cf, cg, cp]
    else:
        full = {
            "fgp": [cf, cg, cp], "fg": [cf, cg], "gpf": [cg, cp, cf], "gf": [cg, cf],
            "comma": [cf + ",", cg, cp], "fIP": [cf, gi + pi], "fI_P": [cf, gi, pi],
            "IPf": [gi + pi, cf], "fI": [cf, gi], "If": [gi, cf],
        }[order]
        out = [" ".join(x for x in full if x)]
    stats = {"script": system, "order": order, "patronymic": ptag, "typos": ntypo,
             "latin": latin, "lang": lang}
    return out, tags, diffs, stats


# ---------------------------------------------------------------------------
# Registry reading
# ---------------------------------------------------------------------------
_SKEL = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "ы": "и", "э": "е", "ё": "е",
                       "ь": None, "ъ": None, "'": None})


@functools.lru_cache(maxsize=1 << 18)
def skel(s):
    """A crude spelling-blind key: Ukrainian and Russian spellings of a name meet."""
    w = norm_apos(s.strip()).lower().translate(_SKEL)
    if w.endswith("ая"):
        w = w[:-1]
    elif w.endswith("ый") or w.endswith("ой"):
        w = w[:-2] + "ий"
    return w


@functools.lru_cache(maxsize=1 << 16)
def canon_given(g):
    k = name_key(g)
    n = GIVEN_UK.get(k) or GIVEN_RU.get(k)
    return name_key(n.uk) if n else skel(g)


@functools.lru_cache(maxsize=1 << 16)
def canon_patronymic(p):
    if not p.strip():
        return ""
    k = name_key(p)
    hit = PATR_UK.get(k) or PATR_RU.get(k)
    if hit:
        n, sex = hit
        return name_key(n.uk_pm if sex == "M" else n.uk_pf)
    return skel(p)


def year_of(bd):
    bd = bd.strip()
    if len(bd) >= 4 and bd[:4].isdigit():
        return bd[:4]
    m = re.search(r"(\d{4})$", bd)
    return m.group(1) if m else ""


class Pool:
    """Names seen in the registry, drawn by their frequency (deterministically)."""

    def __init__(self):
        self.count = {}
        self._cum = None

    def add(self, name):
        if name:
            self.count[name] = self.count.get(name, 0) + 1

    def draw(self, rng, exclude=None):
        if self._cum is None:
            self._names = list(self.count)
            self._cum, t = [], 0
            for n in self._names:
                t += self.count[n]
                self._cum.append(t)
        if not self._names:
            return ""
        for _ in range(20):
            x = rng.random() * self._cum[-1]
            n = self._names[bisect.bisect_right(self._cum, x)]
            if n != exclude:
                return n
        return ""

    def __len__(self):
        return len(self.count)


class Reservoir:
    """Uniform sample of k items from a stream (Li's algorithm L: one draw per kept item,
    not one per item seen)."""

    def __init__(self, k, rng):
        self.k, self.items, self.seen, self.rng = k, [], 0, rng
        self.w = math.exp(math.log(self._u()) / k) if k else 0.0
        self.next = k + self._skip() + 1 if k else -1

    def _u(self):
        return self.rng.random() or 0.5 ** 53

    def _skip(self):
        if self.w >= 1.0:
            return 0
        return int(math.log(self._u()) / math.log1p(-self.w))

    def slot(self):
        """The slot the next offered item goes to, or -1."""
        self.seen += 1
        if self.seen <= self.k:
            self.items.append(None)
            return self.seen - 1
        if self.seen != self.next:
            return -1
        j = int(self.rng.random() * self.k)
        self.w *= math.exp(math.log(self._u()) / self.k)
        self.next += self._skip() + 1
        return j


class Person:
    __slots__ = ("ref", "f", "g", "p", "sex", "birth", "unit", "native", "held_by")

    def __init__(self, ref, f, g, p, sex, birth, unit, native, held_by):
        self.ref, self.f, self.g, self.p, self.sex = ref, f, g, p, sex
        self.birth, self.unit, self.native, self.held_by = birth, unit, native, held_by


def sex_of(sex, given, patronymic):
    s = sex.strip().upper()
    if s in ("M", "F"):
        return s
    pk = name_key(patronymic)
    if pk.endswith("вна") or pk.endswith("чна"):
        return "F"
    if pk.endswith("вич") or pk.endswith("ич"):
        return "M"
    n = GIVEN_UK.get(name_key(given)) or GIVEN_RU.get(name_key(given))
    return n.sex if n else ""


_CANON = (skel, canon_given, canon_patronymic)
FAMILY, GIVEN, PATRONYMIC = 0, 1, 2


class Registry:
    """What one streaming pass over the registry keeps.

    Names are reduced to canonical forms (skel, canon_given, canon_patronymic), each
    canonical form gets a small integer, and the name combinations of the registry are
    kept as sets of exact integer keys: no hashing, no collisions."""

    def __init__(self):
        self.rows = 0
        self.skipped = 0
        self.ids = {}                  # canonical form -> integer
        self.parts = ({}, {}, {})      # raw family / given / patronymic -> (integer, script)
        self.fgp = set()               # (family, given, patronymic)
        self.fgp_dup = set()           # ... held by more than one person
        self.fgy = set()               # (family, given, birth year or 0)
        self.fgpy = set()              # (family, given, patronymic, birth year or 0)
        self.pools = {}                # (native, sex) -> {'f','g','p': Pool}
        self.units = Pool()
        self.sample = self.namesake_sources = self.templates = None

    def intern(self, kind, raw):
        """(integer, script) of a name part read from the registry."""
        c = _CANON[kind](raw)
        i = self.ids.get(c)
        if i is None:
            i = self.ids[c] = len(self.ids) + 1
        hint = detect_script(raw)
        if kind == GIVEN and not hint:
            k = name_key(raw)
            hint = "g-uk" if k in GIVEN_UK and k not in GIVEN_RU else \
                "g-ru" if k in GIVEN_RU and k not in GIVEN_UK else ""
        v = self.parts[kind][raw] = (i, hint)
        return v

    def id_of(self, kind, raw):
        """The integer of a name part, or None when no registry person has it."""
        v = self.parts[kind].get(raw)
        return v[0] if v else self.ids.get(_CANON[kind](raw))

    def _ids(self, f, g, p=None):
        fi, gi = self.id_of(FAMILY, f), self.id_of(GIVEN, g)
        pi = 0 if p is None else self.id_of(PATRONYMIC, p)
        return None if fi is None or gi is None or pi is None else (fi, gi, pi)

    def has_fgp(self, f, g, p, dup=False):
        ids = self._ids(f, g, p)
        return ids is not None and key3(*ids) in (self.fgp_dup if dup else self.fgp)

    def has_fgy(self, f, g, year):
        ids = self._ids(f, g)
        return ids is not None and key_fy(ids[0], ids[1], year) in self.fgy

    def has_fgpy(self, f, g, p, year):
        ids = self._ids(f, g, p)
        return ids is not None and key4(*ids, year) in self.fgpy


def key3(fi, gi, pi):
    return (fi << 64) | (gi << 32) | pi


def key_fy(fi, gi, year):
    return (fi << 64) | (gi << 32) | year


def key4(fi, gi, pi, year):
    return (fi << 96) | (gi << 64) | (pi << 32) | year


REQUIRED = ("ref", "family_name", "given_name")
OPTIONAL = ("patronymic", "sex", "birth_date", "unit", "held_by")


def read_registry(path, n_sample, n_sources, n_templates, seed, held_by="any"):
    reg = Registry()
    reg.sample = Reservoir(n_sample, random.Random("%s/sample" % seed))
    reg.namesake_sources = Reservoir(n_sources, random.Random("%s/namesakes" % seed))
    reg.templates = Reservoir(n_templates, random.Random("%s/templates" % seed))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rd = csv.reader(fh)
        try:
            header = [h.strip() for h in next(rd)]
        except StopIteration:
            raise SystemExit("listgen: %s: empty file" % path)
        col = {h: i for i, h in enumerate(header)}
        for c in REQUIRED:
            if c not in col:
                raise SystemExit("listgen: %s: no column %r in the header" % (path, c))
        ncol = len(header)
        # A missing optional column reads as the empty field appended to every row.
        pad = any(c not in col for c in OPTIONAL)
        i_ref, i_f, i_g = col["ref"], col["family_name"], col["given_name"]
        i_p, i_sex, i_bd, i_unit, i_hb = (col.get(c, ncol) for c in OPTIONAL)
        fgp, fgp_dup, fgy, fgpy = reg.fgp, reg.fgp_dup, reg.fgy, reg.fgpy
        parts_f, parts_g, parts_p = reg.parts
        intern = reg.intern
        pools, unit_count = reg.pools, reg.units.count
        sample, sources, templates = reg.sample, reg.namesake_sources, reg.templates
        any_held = held_by == "any"
        rows = skipped = 0
        for row in rd:
            rows += 1
            if len(row) != ncol:
                skipped += 1
                continue
            if pad:
                row.append("")
            f, g = row[i_f].strip(), row[i_g].strip()
            if not f or not g:
                skipped += 1
                continue
            p, bd, unit, hb = row[i_p].strip(), row[i_bd].strip(), row[i_unit].strip(), \
                row[i_hb].strip()
            y = bd[:4]
            year = int(y) if len(y) == 4 and y.isdigit() else int(year_of(bd) or 0)
            fi, fs = parts_f.get(f) or intern(FAMILY, f)
            gi, gs = parts_g.get(g) or intern(GIVEN, g)
            pi, ps = parts_p.get(p) or intern(PATRONYMIC, p)
            k3 = (fi << 64) | (gi << 32) | pi
            if k3 in fgp:
                fgp_dup.add(k3)
            else:
                fgp.add(k3)
            fgy.add((fi << 64) | (gi << 32) | year)
            fgpy.add((k3 << 32) | year)
            # The script the registry wrote the names in (as native_of).
            if fs == "uk" or gs == "uk" or ps == "uk":
                native = "uk"
            elif fs == "ru" or gs == "ru" or ps == "ru":
                native = "ru"
            elif gs:
                native = gs[2:]
            else:
                native = "ru" if hb.lower() == "us" else "uk"
            sex = row[i_sex].strip()
            if sex != "M" and sex != "F":
                sex = sex_of(sex, g, p)
            if sex:
                pool = pools.get((native, sex))
                if pool is None:
                    pool = pools[(native, sex)] = {"f": Pool(), "g": Pool(), "p": Pool()}
                for key, name in (("f", f), ("g", g), ("p", p)):
                    cnt = pool[key].count
                    cnt[name] = cnt.get(name, 0) + 1
            if unit:
                unit_count[unit] = unit_count.get(unit, 0) + 1
            if not any_held and hb.lower() != held_by:
                continue
            ref = row[i_ref].split(";")[0].strip()
            if not ref:
                continue
            person = None
            j = sample.slot()
            if j >= 0:
                person = Person(ref, f, g, p, sex, bd, unit, native, hb)
                sample.items[j] = person
            if year and sex:
                j = sources.slot()
                if j >= 0:
                    sources.items[j] = person or Person(ref, f, g, p, sex, bd, unit, native, hb)
                j = templates.slot()
                if j >= 0:
                    templates.items[j] = (native, sex, year)
        reg.rows, reg.skipped = rows, skipped
    return reg


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------
def _notes(rng, lang, latin):
    if rng.random() >= NOTES_SHARE:
        return ""
    return rng.choice(NOTES["lat" if latin else lang])


def registry_line(person, rng, fmt, reg):
    r = rng.random()
    typos = 2 if r < TYPO_TWO else 1 if r < TYPO_TWO + TYPO_ONE else 0
    names, tags, diffs, st = make_names(rng, person.f, person.g, person.p, person.native, fmt,
                                        True, typos)
    if person.native == "ru":
        tags.insert(0, "registered=ru_cyr")
    date, dtag = corrupt_date(person.birth, rng)
    if dtag in DATE_SLIPS:
        diffs += 1
    if dtag not in ("iso",):
        tags.append("date=" + dtag)
    unit, utag = write_unit(person.unit, st["latin"], st["lang"], rng)
    if utag not in ("as_registered", "none"):
        tags.append("unit=" + utag)
        diffs += 1
    if reg.has_fgp(person.f, person.g, person.p, dup=True):
        tags.append("registry_namesakes")
    st.update(date=dtag, unit=utag, diffs=diffs)
    return names, date, unit, _notes(rng, st["lang"], st["latin"]), tags, st


def _absent_fields(rng, f, g, p, native, y, m, d, unit, fmt, allow_drop, date_optional):
    names, tags, diffs, st = make_names(rng, f, g, p, native, fmt, allow_drop, 0)
    if date_optional and st["patronymic"] == "written" and rng.random() < 0.12:
        date, dtag = "", "missing"
    else:
        dtag = "iso" if rng.random() < 0.65 else "dmy"
        date = fmt_date(y, m, d, dtag)
    tags.append("date=" + dtag)
    unit, utag = write_unit(unit, st["latin"], st["lang"], rng)
    if utag != "as_registered":
        tags.append("unit=" + utag)
    st.update(date=dtag, unit=utag, diffs=diffs)
    person = "person=%s|%s|%s|%s" % (f, g, p, fmt_date(y, m, d, "iso"))
    return names, date, unit, _notes(rng, st["lang"], st["latin"]), tags + [person], st


def _random_birth(rng, y):
    """A full date in year y (93%), or only its month (2%) or year (5%)."""
    m = rng.randint(1, 12)
    d = rng.randint(1, _mdays(y, m))
    prec = _pick(rng, [("day", 93), ("month", 2), ("year", 5)])
    return (y, m, d) if prec == "day" else (y, m, None) if prec == "month" else (y, None, None)


def fg_free(reg, f, g, y):
    """No registry person has these names and a birth year within one of y, or none known:
    the family and given name with the year tell this person apart."""
    return not any(reg.has_fgy(f, g, yy) for yy in (0, y - 1, y, y + 1))


def fgp_free(reg, f, g, p, y):
    """With the patronymic written: nobody of these three names (or of these two and no
    patronymic) was born within a year of y, or at an unknown date."""
    if not p:
        return False
    return not any(reg.has_fgpy(f, g, pp, yy) for pp in (p, "") for yy in (0, y - 1, y, y + 1))


def names_free(reg, f, g, p):
    """Nobody in the registry has these three names (nor these two and no patronymic)."""
    return bool(p) and not reg.has_fgp(f, g, p) and not reg.has_fgp(f, g, "")


def namesake_line(src, rng, fmt, reg):
    """A namesake of registry person src who is not in the registry, or None.

    Preferably nobody of the same family and given name was born within a year of the
    namesake; failing that (common names in a large registry), nobody of the same three
    names, and then the patronymic is always written."""
    pd = parse_date(src.birth)
    y0 = pd[0] if pd else int(year_of(src.birth))
    p = src.p
    changed = False
    if p and rng.random() < 0.35:
        pool = reg.pools.get((src.native, src.sex))
        other = pool["p"].draw(rng, exclude=p) if pool else ""
        if other:
            p, changed = other, True
    found = None
    for _ in range(40):
        y = y0 + rng.choice((-1, 1)) * rng.randint(2, 12)
        if not 1935 <= y <= 2008:
            continue
        if fg_free(reg, src.f, src.g, y):
            found = (y, True)
            break
        if found is None and fgp_free(reg, src.f, src.g, p, y):
            found = (y, False)
    if found is None:
        return None
    y, free = found
    y, m, d = _random_birth(rng, y)
    unit = reg.units.draw(rng, exclude=src.unit) if len(reg.units) else ""
    names, date, unit, notes, tags, st = _absent_fields(rng, src.f, src.g, p, src.native, y, m, d,
                                                        unit, fmt, free, False)
    tags.insert(0, "namesake_of=" + src.ref)
    if changed:
        tags.insert(1, "patronymic_changed")
    if not free:
        tags.insert(1, "told_apart_by_patronymic")
    return names, date, unit, notes, tags, st


def invented_line(tpl, rng, fmt, reg):
    """Somebody not in the registry, from its name pools recombined, or None.

    As for namesakes: preferably told apart by family and given name and year; else by
    the patronymic, which is then always written; the birth date may be left out only
    when nobody in the registry has the three names at all."""
    native, sex, year = tpl
    pool = reg.pools.get((native, sex))
    if not pool or not len(pool["f"]) or not len(pool["g"]):
        return None
    best = None
    for _ in range(60):
        f, g = pool["f"].draw(rng), pool["g"].draw(rng)
        p = pool["p"].draw(rng) if rng.random() < 0.97 else ""
        y = max(1935, min(2008, year + rng.randint(-3, 3)))
        if fg_free(reg, f, g, y):
            best = (f, g, p, y, True)
            break
        if best is None and fgp_free(reg, f, g, p, y):
            best = (f, g, p, y, False)
    if best is None:
        return None
    f, g, p, y, free = best
    y, m, d = _random_birth(rng, y)
    unit = reg.units.draw(rng) if len(reg.units) and rng.random() < 0.85 else ""
    names, date, unit, notes, tags, st = _absent_fields(rng, f, g, p, native, y, m, d, unit,
                                                        fmt, free, names_free(reg, f, g, p))
    tags.insert(0, "invented")
    if not free:
        tags.insert(1, "told_apart_by_patronymic")
    return names, date, unit, notes, tags, st


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------
HEADERS = {
    "full": ["line", "full_name", "birth_date", "unit", "notes"],
    "split": ["line", "family_name", "given_name", "patronymic", "birth_date", "unit", "notes"],
}


def plan(lines, absent_share, namesake_share):
    n_abs = int(lines * absent_share + 0.5)
    n_reg = lines - n_abs
    n_ns = int(n_abs * namesake_share + 0.5)
    return n_reg, n_ns, n_abs - n_ns


def generate(registry, lines=1000, seed=1, out=None, truth=None, fmt="full",
             absent_share=0.15, namesake_share=1 / 3, held_by="any", log=sys.stderr):
    """Write the list and its truth; returns the statistics (also printed to log)."""
    t0 = time.time()
    n_reg, n_ns, n_inv = plan(lines, absent_share, namesake_share)
    reg = read_registry(registry, n_reg, max(4 * n_ns, 50), max(n_inv, 50), seed, held_by)
    t_read = time.time() - t0
    warnings = []
    people = [x for x in reg.sample.items if x is not None]
    if n_reg and not people:
        raise SystemExit("listgen: %s: no usable person (family and given name and ref)" %
                         registry)
    if people and len(people) < n_reg:
        warnings.append("only %d registry persons for %d lines: some appear more than once"
                        % (len(people), n_reg))
        fill = random.Random("%s/fill" % seed)
        people = people + [fill.choice(people) for _ in range(n_reg - len(people))]
    jobs = [("registry", p) for p in people]
    sources = [x for x in reg.namesake_sources.items if x is not None]
    random.Random("%s/sources" % seed).shuffle(sources)
    templates = [x for x in reg.templates.items if x is not None]
    jobs += [("namesake", None)] * n_ns + [("absent", None)] * n_inv
    order = list(range(len(jobs)))
    random.Random("%s/order" % seed).shuffle(order)

    results = [None] * len(jobs)
    # Absent lines first, in job order, so that a namesake source is used once.
    src_i = 0
    short = {"namesake": 0, "absent": 0}
    for k, (kind, person) in enumerate(jobs):
        rng = random.Random("%s/line/%d" % (seed, k))
        if kind == "registry":
            continue
        res = None
        if kind == "namesake":
            while res is None and src_i < len(sources):
                res = namesake_line(sources[src_i], rng, fmt, reg)
                src_i += 1
            if res is None:
                short["namesake"] += 1
                kind = "absent"
                jobs[k] = (kind, None)
        if kind == "absent":
            for _ in range(50):
                if not templates:
                    break
                tpl = rng.choice(templates)
                res = invented_line(tpl, rng, fmt, reg)
                if res:
                    break
            if res is None:
                short["absent"] += 1
                jobs[k] = ("skipped", None)
                continue
        results[k] = res
    for k, (kind, person) in enumerate(jobs):
        if kind == "registry":
            results[k] = registry_line(person, random.Random("%s/line/%d" % (seed, k)), fmt, reg)
    if short["namesake"]:
        warnings.append("%d namesakes could not be made absent; invented persons instead"
                        % short["namesake"])
    if short["absent"]:
        warnings.append("%d absent persons could not be invented; lines left out"
                        % short["absent"])

    stats = {"kind": {}, "script": {}, "order": {}, "patronymic": {}, "typos": {}, "date": {},
             "unit": {}, "diffs": {}}
    fh_out = open(out, "w", encoding="utf-8", newline="")
    fh_truth = open(truth, "w", encoding="utf-8", newline="")
    with fh_out, fh_truth:
        w = csv.writer(fh_out, lineterminator="\n")
        wt = csv.writer(fh_truth, lineterminator="\n")
        w.writerow(HEADERS[fmt])
        wt.writerow(["line", "ref", "kind", "corruptions"])
        n = 0
        for k in order:
            kind, person = jobs[k]
            if kind == "skipped":
                continue
            n += 1
            names, date, unit, notes, tags, st = results[k]
            w.writerow([n] + names + [date, unit, notes])
            wt.writerow([n, person.ref if person else "", kind, ";".join(tags)])
            _count(stats["kind"], kind)
            for key in ("script", "order", "patronymic", "date", "unit"):
                v = st[key].split(":")[0] if key == "unit" else st[key]
                _count(stats[key], v)
            if kind == "registry":
                _count(stats["typos"], st["typos"])
                _count(stats["diffs"], min(st["diffs"], 5))
    stats["lines"] = n
    stats["registry_rows"] = reg.rows
    stats["registry_skipped"] = reg.skipped
    stats["seconds_read"] = t_read
    stats["seconds"] = time.time() - t0
    stats["warnings"] = warnings
    if log:
        print_summary(stats, log)
    return stats


def _count(d, k):
    d[k] = d.get(k, 0) + 1


def print_summary(s, log):
    n = s["lines"] or 1

    def line(title, d, total):
        total = total or 1
        items = sorted(d.items(), key=lambda kv: (-kv[1], str(kv[0])))
        print("  %-11s %s" % (title, ", ".join("%s %.1f%%" % (k, 100.0 * v / total)
                                               for k, v in items)), file=log)

    print("listgen: registry %d rows (%d skipped), read in %.1f s; %d lines in %.1f s"
          % (s["registry_rows"], s["registry_skipped"], s["seconds_read"], s["lines"],
             s["seconds"]), file=log)
    line("kind", s["kind"], n)
    line("script", s["script"], n)
    line("order", s["order"], n)
    line("patronymic", s["patronymic"], n)
    line("birth date", s["date"], n)
    line("unit", s["unit"], n)
    nreg = s["kind"].get("registry", 0)
    line("typos", {"%d" % k: v for k, v in s["typos"].items()}, nreg)
    line("differences", {("%d" % k if k < 5 else "5+"): v for k, v in s["diffs"].items()}, nreg)
    print("  (typos and differences: share of registry lines)", file=log)
    for wmsg in s["warnings"]:
        print("listgen: warning: " + wmsg, file=log)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Make an exchange list (and its truth) from a Homeward registry CSV, "
                    "for benchmarking the matcher.  See bench/LISTGEN.md.")
    ap.add_argument("registry", help="registry CSV in the interchange format")
    ap.add_argument("--lines", type=int, default=1000, help="lines in the list (1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (1)")
    ap.add_argument("--out", required=True, help="the list CSV to write")
    ap.add_argument("--truth", required=True, help="the truth CSV to write")
    ap.add_argument("--format", choices=("full", "split"), default="full",
                    help="full_name column (full) or family/given/patronymic columns (split)")
    ap.add_argument("--absent-share", type=float, default=0.15,
                    help="share of lines of people not in the registry (0.15)")
    ap.add_argument("--namesake-share", type=float, default=1 / 3,
                    help="share of those absent people who are namesakes of registry persons "
                         "(1/3)")
    ap.add_argument("--held-by", choices=("any", "adversary", "us"), default="any",
                    help="draw registry persons held by whom (any)")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    a = ap.parse_args(argv)
    if a.lines < 1:
        ap.error("--lines must be at least 1")
    if not 0 <= a.absent_share <= 1 or not 0 <= a.namesake_share <= 1:
        ap.error("shares are between 0 and 1")
    generate(a.registry, a.lines, a.seed, a.out, a.truth, a.format, a.absent_share,
             a.namesake_share, a.held_by, None if a.quiet else sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
