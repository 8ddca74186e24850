package formula

import (
	"testing"
	"time"
)

// Expected values follow Salesforce's documentation and the formula
// engine's gold files (cited per group). Record fields not given are blank.

func TestLogicalFunctions(t *testing.T) {
	runEvalCases(t, []evalCase{
		// AND/OR: left-to-right, NULL counts as FALSE, never NULL (engine FunctionAnd/Or).
		{src: `AND(TRUE, TRUE)`, want: T},
		{src: `AND(TRUE, FALSE)`, want: F},
		{src: `AND(Num__c > 1, TRUE)`, want: F}, // NULL → FALSE
		{src: `OR(Num__c > 1, TRUE)`, want: T},
		{src: `OR(Num__c > 1, FALSE)`, want: F},
		{src: `AND(FALSE, 1/0 > 1)`, want: F}, // short-circuit: no error
		{src: `OR(TRUE, VALUE("x") > 1)`, want: T},
		{src: `TRUE && FALSE || TRUE`, want: T},
		{src: `Chk__c && !Chk__c`, rec: rec("Chk__c", T), want: F},
		// NOT(NULL) is NULL ([GOLD] testIfNotNull).
		{src: `NOT(Num__c > 100)`, want: N},
		{src: `NOT(Num__c > 100)`, rec: rec("Num__c", num(50)), want: T},
		{src: `NOT Chk__c`, want: T}, // blank checkbox is FALSE
		{src: `!Chk__c`, rec: rec("Chk__c", T), want: F},
		{src: `NOT ISPICKVAL(Pick__c, "A")`, rec: rec("Pick__c", txt("B")), want: T},
		// IF: NULL condition takes the else branch; lazy.
		{src: `IF(Num__c > 1, "a", "b")`, want: txt("b")},
		{src: `IF(TRUE, 1, 1/0)`, want: num(1)},
		{src: `IF(Chk__c, 1, NULL)`, want: N},
		{src: `IF(Num__c > 1, TRUE, NULL)`, want: N},
		// CASE: blank number matches nothing → else; blank text matches "" ([GOLD] testAbsUsesCase).
		{src: `CASE(Num__c, 1, "one", 2, "two", "other")`, rec: rec("Num__c", num(2)), want: txt("two")},
		{src: `CASE(Num__c, 1, "one", "other")`, want: txt("other")},
		{src: `CASE(Txt__c, "", "blank", "other")`, want: txt("blank")},
		{src: `CASE(Pick__c, "A", 1, "B", 2, 0)`, rec: rec("Pick__c", txt("B")), want: num(2)},
		{src: `CASE(MOD(Dt__c - DATE(1900,1,7), 7), 0, 0, 6, 0, 1) = 0`, rec: rec("Dt__c", d(2024, 5, 18)), want: T}, // Saturday
		{src: `CASE(Txt__c, "a", TRUE, FALSE)`, rec: rec("Txt__c", txt("a")), want: T},
		// ISBLANK / ISNULL / BLANKVALUE / NULLVALUE ([DOC] ISNULL: text is never null; §4.4).
		{src: `ISBLANK(Txt__c)`, want: T},
		{src: `ISBLANK(Txt__c)`, rec: rec("Txt__c", txt(" ")), want: F},
		{src: `ISBLANK(Num__c)`, want: T},
		{src: `ISBLANK(Num__c)`, rec: rec("Num__c", num(0)), want: F},
		{src: `ISBLANK(Dt__c)`, want: T},
		{src: `ISBLANK(Multi__c)`, want: T},
		{src: `ISBLANK(TEXT(Pick__c))`, want: T},
		{src: `ISNULL(Txt__c)`, want: F},
		{src: `ISNULL(Num__c)`, want: T},
		{src: `ISNULL(DtTm__c)`, rec: rec("DtTm__c", dt("2020-01-01T00:00:00Z")), want: F},
		{src: `BLANKVALUE(Txt__c, "x")`, want: txt("x")},
		{src: `BLANKVALUE(Txt__c, "x")`, rec: rec("Txt__c", txt("y")), want: txt("y")},
		{src: `BLANKVALUE(Num__c, 5)`, want: num(5)},
		{src: `NULLVALUE(Num__c, 5)`, want: num(5)},
		{src: `NULLVALUE(Num__c, 5)`, rec: rec("Num__c", num(3)), want: num(3)},
		{src: `NULLVALUE(Txt__c, "x")`, want: N}, // never substitutes text
		{src: `NULLVALUE(Dt__c, DATE(2000,1,1))`, want: d(2000, 1, 1)},
		// ISNEW / ISCHANGED / PRIORVALUE ([DOC] ISNEW, ISCHANGED, PRIORVALUE).
		{src: `ISNEW()`, mode: ModeCreate, want: T},
		{src: `ISNEW()`, mode: ModeUpdate, want: F},
		{src: `ISCHANGED(Txt__c)`, mode: ModeCreate, rec: rec("Txt__c", txt("a")), want: F},
		{src: `ISCHANGED(Txt__c)`, mode: ModeUpdate, rec: rec("Txt__c", txt("a")), prior: rec("Txt__c", txt("b")), want: T},
		{src: `ISCHANGED(Txt__c)`, mode: ModeUpdate, rec: rec("Txt__c", txt("a")), want: F}, // prior not given: unchanged
		{src: `ISCHANGED(Txt__c)`, mode: ModeUpdate, rec: rec("Txt__c", txt("a\r\nb")), prior: rec("Txt__c", txt("a\nb")), want: F},
		{src: `ISCHANGED(Num__c)`, mode: ModeUpdate, rec: rec("Num__c", num(20)), prior: rec("Num__c", num(20.00)), want: F},
		{src: `ISCHANGED(Num__c)`, mode: ModeUpdate, rec: rec("Num__c", num(1)), prior: rec("Num__c", N), want: T},
		{src: `ISCHANGED(Pick__c)`, mode: ModeUpdate, rec: rec("Pick__c", txt("A")), prior: rec("Pick__c", txt("B")), want: T},
		{src: `PRIORVALUE(Txt__c)`, mode: ModeCreate, rec: rec("Txt__c", txt("Acme")), want: txt("Acme")},
		{src: `PRIORVALUE(Txt__c)`, mode: ModeUpdate, rec: rec("Txt__c", txt("Acme")), prior: rec("Txt__c", txt("Old")), want: txt("Old")},
		{src: `ISPICKVAL(PRIORVALUE(Pick__c), "B")`, mode: ModeUpdate, rec: rec("Pick__c", txt("A")), prior: rec("Pick__c", txt("B")), want: T},
		{src: `TEXT(PRIORVALUE(Pick__c))`, mode: ModeUpdate, prior: rec("Pick__c", txt("B")), want: txt("B")},
		{src: `INCLUDES(PRIORVALUE(Multi__c), "x")`, mode: ModeUpdate, prior: rec("Multi__c", txt("x;y")), want: T},
		{src: `ISCLONE()`, want: F},
		// ISPICKVAL: blank matches "" ([GOLD]/engine comparePointwise).
		{src: `ISPICKVAL(Pick__c, "A")`, rec: rec("Pick__c", txt("A")), want: T},
		{src: `ISPICKVAL(Pick__c, "a")`, rec: rec("Pick__c", txt("A")), want: F},
		{src: `ISPICKVAL(Pick__c, "")`, want: T},
		// IFERROR.
		{src: `IFERROR(1/0, 7)`, want: num(7)},
		{src: `IFERROR(VALUE("3"), 7)`, want: num(3)},
		// $-globals default to blank.
		{src: `$User.Username = ""`, want: T},
		{src: `$Permission.Bypass`, want: F},
	})
}

func TestTextFunctions(t *testing.T) {
	runEvalCases(t, []evalCase{
		// BEGINS/CONTAINS: case-sensitive, blank text → NULL, empty needle → TRUE.
		{src: `BEGINS(Txt__c, "ab")`, rec: rec("Txt__c", txt("abc")), want: T},
		{src: `BEGINS(Txt__c, "AB")`, rec: rec("Txt__c", txt("abc")), want: F},
		{src: `BEGINS(Txt__c, "ab")`, want: N},
		{src: `NOT(BEGINS(Txt__c, "ab"))`, want: N},
		{src: `CONTAINS(Txt__c, "b")`, rec: rec("Txt__c", txt("abc")), want: T},
		{src: `CONTAINS(Txt__c, "")`, rec: rec("Txt__c", txt("abc")), want: T},
		{src: `CONTAINS(Txt__c, "x")`, want: N},
		// FIND is 1-based, 0 when absent.
		{src: `FIND("c", "abcabc")`, want: num(3)},
		{src: `FIND("c", "abcabc", 4)`, want: num(6)},
		{src: `FIND("z", "abc")`, want: num(0)},
		{src: `FIND("a", Txt__c)`, want: num(0)},
		// LEFT/RIGHT/MID.
		{src: `LEFT("abcdef", 3)`, want: txt("abc")},
		{src: `LEFT("ab", 5)`, want: txt("ab")},
		{src: `LEFT(Txt__c, 3)`, want: N},
		{src: `LEFT(OwnerId, 3) = "00G"`, rec: rec("OwnerId", txt("00G000000000001")), want: T},
		{src: `OwnerId = "00G000000000001"`, rec: rec("OwnerId", txt("00G000000000001AAA")), want: T},
		{src: `CASESAFEID(OwnerId)`, rec: rec("OwnerId", txt("001A0000006Vm9rIAC")), want: txt("001A0000006Vm9rIAC")},
		{src: `RIGHT("abcdef", 2)`, want: txt("ef")},
		{src: `MID("abcdef", 2, 3)`, want: txt("bcd")},
		{src: `MID("abcdef", 10, 3)`, want: N},
		// LEN counts characters; blank is 0.
		{src: `LEN("héllo")`, want: num(5)},
		{src: `LEN(Txt__c)`, want: num(0)},
		{src: `LEN(Txt__c) > 10`, rec: rec("Txt__c", txt("12345678901")), want: T},
		{src: `LOWER("AbC")`, want: txt("abc")},
		{src: `UPPER("straße")`, want: txt("STRASSE")},
		{src: `TRIM("  a b  ")`, want: txt("a b")},
		{src: `LPAD("7", 3, "0")`, want: txt("007")},
		{src: `RPAD("ab", 5, "xy")`, want: txt("abxyx")},
		{src: `LPAD("abcdef", 3)`, want: txt("abc")},
		{src: `SUBSTITUTE("a-b-c", "-", "+")`, want: txt("a+b+c")},
		{src: `SUBSTITUTE(Txt__c, "-", "+")`, want: N},
		// TEXT of numbers, dates, date/times (GMT, [GOLD] testDateTimeText), picklists.
		{src: `TEXT(1.50)`, want: txt("1.5")},
		{src: `TEXT(-0.25)`, want: txt("-0.25")},
		{src: `TEXT(0.1 + 0.2)`, want: txt("0.3")},
		{src: `TEXT(Num__c)`, want: N},
		{src: `TEXT(DATE(2020, 2, 29))`, want: txt("2020-02-29")},
		{src: `TEXT(DtTm__c)`, rec: rec("DtTm__c", dt("2021-03-04T05:06:07Z")), want: txt("2021-03-04 05:06:07Z")},
		{src: `TEXT(Pick__c)`, rec: rec("Pick__c", txt("Closed Lost")), want: txt("Closed Lost")},
		{src: `TEXT(Pick__c) = ""`, want: T},
		{src: `TEXT(MONTH(Dt__c)) + ':' + TEXT(DAY(Dt__c))`, rec: rec("Dt__c", d(2020, 7, 9)), want: txt("7:9")},
		// VALUE: blank → NULL, non-numeric → error ([GOLD] testVALUE).
		{src: `VALUE("12.5")`, want: num(12.5)},
		{src: `VALUE(" 3 ")`, want: num(3)},
		{src: `VALUE(Txt__c)`, want: N},
		{src: `VALUE("abc")`, want: wantErr},
		// ISNUMBER ([GOLD] testISNUMBER).
		{src: `ISNUMBER("-1.234")`, want: T},
		{src: `ISNUMBER(".1")`, want: T},
		{src: `ISNUMBER("1.e-1")`, want: T},
		{src: `ISNUMBER("--1")`, want: F},
		{src: `ISNUMBER(Txt__c)`, want: F},
		// REGEX: whole-string match, Java syntax, blank is "" ([GOLD] testRegex; [DOC] REGEX).
		{src: `REGEX(Txt__c, "\\d{5}(-\\d{4})?")`, rec: rec("Txt__c", txt("94105")), want: T},
		{src: `REGEX(Txt__c, "\\d{5}(-\\d{4})?")`, rec: rec("Txt__c", txt("a94105")), want: F},
		{src: `REGEX("Text", "ext")`, want: F},
		{src: `REGEX(Txt__c, "(a*)?")`, want: T},
		{src: `REGEX(Txt__c, "a+")`, want: F},
		{src: `REGEX(Txt__c, "^(?!000|666)[0-8][0-9]{2}-[0-9]{2}-[0-9]{4}$")`, rec: rec("Txt__c", txt("123-45-6789")), want: T},
		{src: `REGEX(Txt__c, "^(?!000|666)[0-8][0-9]{2}-[0-9]{2}-[0-9]{4}$")`, rec: rec("Txt__c", txt("666-45-6789")), want: F},
		{src: `REGEX(Txt__c, ".{0,3}\r\n.{0,3}")`, rec: rec("Txt__c", txt("ab\r\ncd")), want: T},
		{src: `REGEX(Txt__c, "((")`, rec: rec("Txt__c", txt("x")), want: wantErr},
		// INCLUDES on multi-select picklists ([DOC] INCLUDES).
		{src: `INCLUDES(Multi__c, "Golf")`, rec: rec("Multi__c", txt("Tennis;Golf")), want: T},
		{src: `INCLUDES(Multi__c, "Gol")`, rec: rec("Multi__c", txt("Tennis;Golf")), want: F},
		{src: `INCLUDES(Multi__c, "Golf")`, want: F},
		{src: `CASESAFEID("001000000000001")`, want: txt("001000000000001AAA")},
		{src: `CASESAFEID("001A0000006Vm9r")`, want: txt("001A0000006Vm9rIAC")},
		{src: `HYPERLINK("http://x", "x")`, want: txt(`<a href="http://x">x</a>`)},
		{src: `BR()`, want: txt("<br>")},
		{src: `INITCAP("hello wORLD")`, want: txt("Hello World")},
		{src: `REVERSE("abc")`, want: txt("cba")},
		{src: `ASCII("A")`, want: num(65)},
		{src: `CHR(65)`, want: txt("A")},
		{src: `HTMLENCODE("<b>")`, want: txt("&lt;b&gt;")},
		{src: `URLENCODE("a b&c")`, want: txt("a%20b%26c")},
		{src: `JSENCODE("it's")`, want: txt(`it\'s`)},
		// Concatenation; blank text is "".
		{src: `Txt__c & "x"`, want: txt("x")},
		{src: `"a" + "b"`, want: txt("ab")},
		// Text comparison: case-sensitive, ordinal; blank = "".
		{src: `Txt__c = ""`, want: T},
		{src: `Txt__c = NULL`, want: T},
		{src: `Txt__c <> ""`, want: F},
		{src: `Txt__c = Txt2__c`, want: T},
		{src: `"FOO" = "foo"`, want: F},
		{src: `"FOO" < "foo"`, want: T},
		{src: `Txt__c < "foo"`, want: N},
		{src: `'it\'s' = "it's"`, want: T},
	})
}

func TestMathFunctions(t *testing.T) {
	runEvalCases(t, []evalCase{
		{src: `0.1 + 0.2 = 0.3`, want: T},
		{src: `1 - 0.9 = 0.1`, want: T},
		{src: `2 * 3 ^ 2`, want: num(36)}, // ^ binds looser than * (Formula.g4)
		{src: `2 ^ 3 * 2`, want: num(64)},
		{src: `2 ^ 3 ^ 2`, want: num(64)},
		{src: `-2 ^ 2`, want: num(4)},
		{src: `1 < 2 = 2 < 3`, want: T},
		{src: `2 ^ 0.5`, want: wantErr},
		{src: `1 / 0`, want: wantErr},
		{src: `Num__c / 0`, want: N}, // NULL propagates before the division
		{src: `Num__c * 37`, want: N},
		{src: `Num__c + 1`, want: N},
		{src: `Num__c = Num2__c`, want: N}, // NULL = NULL is NULL
		{src: `Num__c <> 1`, want: N},
		{src: `OR(ISNULL(Num__c), Num__c <> 1)`, want: T},
		{src: `Pct__c`, rec: rec("Pct__c", num(24)), want: num(0.24)},
		{src: `Pct__c > 0.2`, rec: rec("Pct__c", num(24)), want: T},
		{src: `ABS(-3.5)`, want: num(3.5)},
		{src: `ABS(Num__c)`, want: N},
		// CEILING away from zero, FLOOR towards zero ([DOC]; [GOLD] CEILING(-1.4) = -2).
		{src: `CEILING(1.2)`, want: num(2)},
		{src: `CEILING(-1.4)`, want: num(-2)},
		{src: `FLOOR(1.8)`, want: num(1)},
		{src: `FLOOR(-2.5)`, want: num(-2)},
		{src: `MCEILING(-1.4)`, want: num(-1)},
		{src: `MFLOOR(-1.4)`, want: num(-2)},
		{src: `FLOOR((0.1 + 0.7) * 10)`, want: num(8)},
		// ROUND half away from zero; negative digits ([GOLD] ROUND(123456.7895,-2) = 123500).
		{src: `ROUND(2.5, 0)`, want: num(3)},
		{src: `ROUND(-2.5, 0)`, want: num(-3)},
		{src: `ROUND(2.675, 2)`, want: num(2.68)},
		{src: `ROUND(123456.7895, -2)`, want: num(123500)},
		{src: `ROUND(Num__c, 2)`, want: N},
		{src: `TRUNC(-2.7)`, want: num(-2)},
		{src: `TRUNC(2.789, 2)`, want: num(2.78)},
		{src: `MOD(7, 3)`, want: num(1)},
		{src: `MOD(-7, 3)`, want: num(-1)},
		{src: `MOD(0.3, 0.1)`, want: num(0)},
		{src: `MOD(Num__c, 0.25) <> 0`, rec: rec("Num__c", num(1.3)), want: T},
		{src: `MOD(5, 0)`, want: wantErr},
		{src: `SQRT(16)`, want: num(4)},
		{src: `SQRT(-1)`, want: wantErr},
		{src: `EXP(0)`, want: num(1)},
		{src: `LN(1)`, want: num(0)},
		{src: `LN(0)`, want: wantErr},
		{src: `LOG(100)`, want: num(2)},
		{src: `MAX(1, 5, 3)`, want: num(5)},
		{src: `MIN(1, 5, -3)`, want: num(-3)},
		{src: `MAX(1, Num__c)`, want: N},
		{src: `MAX(1,2,3,4,5,6,7,8,9,10,11)`, want: num(11)},
		{src: `PI() > 3.14159`, want: T},
	})
}

func TestDateFunctions(t *testing.T) {
	runEvalCases(t, []evalCase{
		{src: `TODAY()`, want: d(2024, 5, 17)},
		{src: `NOW()`, want: DateTime(testNow)},
		{src: `DATE(2020, 2, 29)`, want: d(2020, 2, 29)},
		{src: `DATE(2011, 2, 29)`, want: wantErr}, // [GOLD] testDateAllConstantsNonLeap
		{src: `DATE(2020, 13, 1)`, want: wantErr},
		{src: `DATE(Num__c, 1, 1)`, want: N},
		{src: `DATEVALUE("2020-03-04")`, want: d(2020, 3, 4)},
		{src: `DATEVALUE(DtTm__c)`, rec: rec("DtTm__c", dt("2020-03-04T23:30:00Z")), want: d(2020, 3, 4)},
		{src: `DATEVALUE("garbage")`, want: wantErr},
		{src: `DATEVALUE(CreatedDate) >= DATE(2016,8,1)`, rec: rec("CreatedDate", dt("2017-01-01T00:00:00Z")), want: T},
		{src: `DATETIMEVALUE("2020-03-04 05:06:07")`, want: dt("2020-03-04T05:06:07Z")},
		{src: `TIMEVALUE("10:34:55.666")`, want: TimeOfDay(38095666)},
		{src: `YEAR(Dt__c)`, rec: rec("Dt__c", d(2020, 3, 4)), want: num(2020)},
		{src: `MONTH(Dt__c)`, rec: rec("Dt__c", d(2020, 3, 4)), want: num(3)},
		{src: `DAY(Dt__c)`, rec: rec("Dt__c", d(2020, 3, 4)), want: num(4)},
		{src: `YEAR(Dt__c)`, want: N},
		{src: `WEEKDAY(DATE(2024, 5, 19))`, want: num(1)}, // Sunday = 1
		{src: `WEEKDAY(DATE(2024, 5, 18))`, want: num(7)},
		{src: `DAYOFYEAR(DATE(2024, 12, 31))`, want: num(366)},
		{src: `ISOWEEK(DATE(2021, 1, 3))`, want: num(53)},
		{src: `ISOYEAR(DATE(2021, 1, 3))`, want: num(2020)},
		// ADDMONTHS keeps the last day of month ([DOC]: Sep 30 + 5 → Feb 28).
		{src: `ADDMONTHS(DATE(2023, 9, 30), 5)`, want: d(2024, 2, 29)},
		{src: `ADDMONTHS(DATE(2023, 9, 30), 17)`, want: d(2025, 2, 28)},
		{src: `ADDMONTHS(DATE(2024, 1, 30), 1)`, want: d(2024, 2, 29)},
		{src: `ADDMONTHS(DATE(2024, 2, 29), 1)`, want: d(2024, 3, 31)},
		{src: `ADDMONTHS(DATE(2024, 3, 15), -3)`, want: d(2023, 12, 15)},
		{src: `ADDMONTHS(Dt__c, 1)`, want: N},
		{src: `HOUR(TIMEVALUE("10:34:55.666"))`, want: num(10)},
		{src: `MINUTE(TIMEVALUE("10:34:55.666"))`, want: num(34)},
		{src: `SECOND(TIMEVALUE("10:34:55.666"))`, want: num(55)},
		{src: `MILLISECOND(TIMEVALUE("10:34:55.666"))`, want: num(666)},
		{src: `UNIXTIMESTAMP(DATETIMEVALUE("2011-01-29 00:00:09"))`, want: num(1296259209)},
		{src: `FROMUNIXTIME(0)`, want: dt("1970-01-01T00:00:00Z")},
		// Date arithmetic in days; Date + number drops the fraction ([GOLD] testAddDate row 7).
		{src: `DATE(2000, 2, 28) + 3.6`, want: d(2000, 3, 2)},
		{src: `Dt2__c - Dt__c`, rec: rec("Dt__c", d(2020, 1, 1), "Dt2__c", d(2022, 1, 1)), want: num(731)},
		{src: `Dt2__c - Dt__c > 730`, rec: rec("Dt__c", d(2020, 1, 1), "Dt2__c", d(2022, 1, 1)), want: T},
		{src: `Dt__c - 1`, want: N},
		{src: `DtTm__c + 0.5`, rec: rec("DtTm__c", dt("2020-01-01T00:00:00Z")), want: dt("2020-01-01T12:00:00Z")},
		{src: `DtTm2__c - DtTm__c`, rec: rec("DtTm__c", dt("2020-01-01T00:00:00Z"), "DtTm2__c", dt("2020-01-01T06:00:00Z")), want: num(0.25)},
		{src: `Dt__c < TODAY() - 30`, rec: rec("Dt__c", d(2020, 1, 15)), want: T},
		{src: `Dt__c > Dt2__c`, rec: rec("Dt__c", d(2020, 1, 15)), want: N},
		{src: `Tm__c + 3600000`, rec: rec("Tm__c", TimeOfDay(23*3600000)), want: TimeOfDay(0)},
		{src: `EffDt > ADDMONTHS(NOW(), 36)`, rec: rec("EffDt", dt("2030-01-01T00:00:00Z")), want: T},
		{src: `$System.OriginDateTime`, want: dt("1900-01-01T00:00:00Z")},
	})
}

func TestCrossObjectAndGlobals(t *testing.T) {
	runEvalCases(t, []evalCase{
		{src: `Account__r.Name = "Acme"`, rec: rec("Account__r.Name", txt("Acme")), want: T},
		{src: `ISPICKVAL(Account__r.Industry, "Tech")`, rec: rec("account__r.industry", txt("Tech")), want: T},
		{src: `Owner.Email`, rec: rec("Owner.Email", txt("a@b.c")), want: txt("a@b.c")},
		{src: `Owner:User.Email`, rec: rec("Owner:User.Email", txt("a@b.c")), want: txt("a@b.c")},
		{src: `$User.Username <> "int@acme.com"`, rec: rec("$User.Username", txt("int@acme.com")), want: F},
		{src: `NOT($Setup.Bypass__c.Disable_Validation__c)`, rec: rec("$Setup.Bypass__c.Disable_Validation__c", T), want: F},
		{src: `$Permission.Bypass_VR`, rec: rec("$Permission.bypass_vr", T), want: T},
		{src: `$Profile.Name <> 'System Administrator'`, rec: rec("$Profile.Name", txt("Sales")), want: T},
		{src: `$Label.IntegrationUser = $User.Username`, rec: rec("$Label.IntegrationUser", txt("x"), "$User.Username", txt("x")), want: T},
	})
}

func TestBlankAsZero(t *testing.T) {
	s := testSchema()
	for _, c := range []struct {
		src  string
		want Value
	}{
		{`ISBLANK(Num__c)`, F},
		{`Num__c + 1`, num(1)},
		{`Num__c = Num2__c`, T},
		{`ISBLANK(Txt__c)`, T},
	} {
		p, err := Compile(c.src, Options{Object: "Test__c", Schema: s, BlankAsZero: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Eval(&Input{Now: testNow})
		if err != nil || !sameValue(got, c.want) {
			t.Errorf("%s (blank as zero): got %s %v, want %s", c.src, describe(got), err, describe(c.want))
		}
	}
}

func TestFiresMatchesEval(t *testing.T) {
	s := testSchema()
	p, err := Compile(`AND(ISPICKVAL(Pick__c, "Closed Lost"), ISBLANK(Txt__c), NOT(Num__c > 100))`, Options{Object: "Test__c", Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		num  Value
		want bool
	}{{N, false}, {num(50), true}, {num(150), false}} {
		a := p.Bind(&Input{Record: rec("Pick__c", txt("Closed Lost"), "Num__c", c.num), Now: testNow})
		got, err := p.Fires(a)
		if err != nil || got != c.want {
			t.Errorf("Num__c=%s: fires %v %v, want %v", describe(c.num), got, err, c.want)
		}
	}
	_ = time.Now
}
