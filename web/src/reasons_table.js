// reasons_table.js - the forms of the matcher's English sentences (weights
// in src/match/score.c, decisions in src/match/find.c, filters in
// src/server/search_filter.c) and their keys in the catalogues.  Kept apart
// from reasons.js, which draws them, so that web/test/ can check it
// against the C sources without a browser.
const N = '([\\d.]+)';
const table = [
  [`^same family name \\(${N} of ${N} records\\)$`, 'reason.sameFamily', ['n', 'total']],
  ['^family name one letter apart$', 'reason.familyOne'],
  ['^family name two letters apart$', 'reason.familyTwo'],
  ['^family name differs$', 'reason.familyDiffers'],
  ['^same birth date$', 'reason.sameBirth'],
  ['^same birth date \\(the list writes the month first\\)$', 'reason.sameBirthMonthFirst'],
  ['^day and month swapped$', 'reason.dayMonthSwapped'],
  ['^year off by one$', 'reason.yearOffByOne'],
  ['^one digit differs$', 'reason.oneDigit'],
  ['^digits of the day swapped$', 'reason.dayDigitsSwapped'],
  ['^same year, different day$', 'reason.sameYearOtherDay'],
  ['^different birth date$', 'reason.otherBirth'],
  ['^same month and year of birth$', 'reason.sameMonthYear'],
  ['^same month, year off by one$', 'reason.sameMonthYearOff'],
  ['^different month or year of birth$', 'reason.otherMonthYear'],
  ['^same year of birth \\(only the year is known\\)$', 'reason.sameYearOnly'],
  ['^year of birth off by one \\(only the year is known\\)$', 'reason.yearOnlyOffByOne'],
  ['^year of birth one digit apart$', 'reason.yearOneDigit'],
  ['^different year of birth$', 'reason.otherYear'],
  ['^the name is of the other sex$', 'reason.otherSex'],
  ['^same unit$', 'reason.sameUnit'],
  ['^another unit \\(units change\\)$', 'reason.otherUnit'],
  ['^the same name \\(in any form or spelling\\)$', 'reason.sameName'],
  ['^same spelling$', 'reason.sameSpelling'],
  ['^one letter apart$', 'reason.oneLetter'],
  ['^two letters apart$', 'reason.twoLetters'],
  ['^a different name$', 'reason.otherName'],
  ['^different name$', 'reason.otherName'],
  ['^another name, or this one with a slip of one letter$', 'reason.otherNameOrSlip'],
  ['^initial agrees$', 'reason.initialAgrees'],
  ['^initial agrees with another form of the name$', 'reason.initialOtherForm'],
  ['^initial differs$', 'reason.initialDiffers'],
  [`^one person stands out \\(${N} bits, next ${N}\\)$`, 'why.standsOut', ['score', 'next']],
  [`^several persons fit \\(${N} and ${N} bits\\)$`, 'why.several', ['score', 'next']],
  [`^the best fit is not certain \\(${N} bits\\)$`, 'why.notCertain', ['score']],
  [`^nobody fits well enough \\(best ${N} bits\\)$`, 'why.nobodyWell', ['score']],
  [`^similar names, but nobody fits \\(best ${N} bits\\)$`, 'why.similarNobody', ['score']],
  ['^nobody with a similar name$', 'why.nobodySimilar'],
  ['^the birth date does not agree$', 'why.but.birth'],
  ['^the sex does not agree$', 'why.but.sex'],
  ['^no whole given name and no full birth date$', 'why.but.thin'],
  ['^the family name is two letters off, without the birth date$', 'why.but.familyOff'],
  ['^the family name is two letters from another registered one$', 'why.but.familyNear'],
  ['^no candidate for the name passes the filters$', 'why.filteredAll'],
  ['^the best candidate for the name does not pass the filters$', 'why.filteredBest'],
].map(([re, key, names]) => [new RegExp(re), key, names || []]);

/** The key of the catalogue for `text` and its numbers, or null. */
export function reasonKey(text) {
  for (const [re, key, names] of table) {
    const m = re.exec(text || '');
    if (m) {
      const params = {};
      names.forEach((n, i) => { params[n] = Number(m[i + 1]); });
      return { key, params };
    }
  }
  return null;
}
