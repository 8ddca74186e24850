package formula

import (
	"errors"
	"html"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/cockroachdb/apd/v3"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Runtime representation of Salesforce values inside CEL:
//
//	blank (NULL)  types.Null        text is never NULL: blank text is ""
//	Checkbox      types.Bool
//	Number        types.Double      Currency too; Percent as a fraction (24 % = 0.24)
//	Text          types.String      also picklists (API name) and multi-selects ("a;b")
//	Date          types.Int         days since 1970-01-01
//	DateTime      types.Timestamp   UTC
//	Time          types.Duration    since midnight, 0 ≤ t < 24 h
//
// Every Salesforce operator that can meet a blank is a custom CEL function
// below; the comparison functions return plain booleans ("is TRUE") so that
// the translation can use CEL's own && || ! and keep short-circuiting and
// partial-evaluation pruning (cel-go-notes.md §4).

const msPerDay = 86400000

var null = types.NullValue

func isNull(v ref.Val) bool { _, ok := v.(types.Null); return ok }

// errf builds a Salesforce runtime error (Salesforce shows #Error!; a
// validation rule that throws neither fires nor passes).
func errf(format string, args ...any) ref.Val { return types.NewErr(format, args...) }

// asText reads a text operand: blank is "".
func asText(v ref.Val) (string, bool) {
	switch v := v.(type) {
	case types.String:
		return string(v), true
	case types.Null:
		return "", true
	}
	return "", false
}

func asNum(v ref.Val) (float64, bool) {
	d, ok := v.(types.Double)
	return float64(d), ok
}

func dateOf(days int64) time.Time { return time.Unix(days*86400, 0).UTC() }

func daysOf(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// compare orders two operands. Text compares ordinally, blank text as ""
// (engine OperatorEquality/OperatorComparison, treatAsString); numbers with
// decimal tolerance; any other blank makes the comparison NULL (ok=false).
func compare(a, b ref.Val) (int, bool) {
	switch x := a.(type) {
	case types.String:
		if y, ok := asText(b); ok {
			return strings.Compare(string(x), y), true
		}
	case types.Double:
		if y, ok := b.(types.Double); ok {
			return cmpNum(float64(x), float64(y)), true
		}
	case types.Int:
		if y, ok := b.(types.Int); ok {
			return cmpInt(int64(x), int64(y)), true
		}
	case types.Timestamp:
		if y, ok := b.(types.Timestamp); ok {
			return x.Time.Compare(y.Time), true
		}
	case types.Duration:
		if y, ok := b.(types.Duration); ok {
			return cmpInt(int64(x.Duration), int64(y.Duration)), true
		}
	case types.Bool:
		if y, ok := b.(types.Bool); ok {
			if x == y {
				return 0, true
			}
			if !x {
				return -1, true
			}
			return 1, true
		}
	case types.Null:
		if y, ok := b.(types.String); ok {
			return strings.Compare("", string(y)), true
		}
	}
	return 0, false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFunc(pred func(int) bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		c, ok := compare(a, b)
		return types.Bool(ok && pred(c))
	}
}

// cmp3Func and rel3Func are the three-valued forms (true, false or null).
func cmp3Func(pred func(int) bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		c, ok := compare(a, b)
		if !ok {
			return null
		}
		return types.Bool(pred(c))
	}
}

func rel3Func(pred func(int) bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		if isBlank(a) || isBlank(b) {
			return null
		}
		c, ok := compare(a, b)
		if !ok {
			return null
		}
		return types.Bool(pred(c))
	}
}

// sfNot3 is NOT on a three-valued boolean: NOT(NULL) is NULL ([GOLD]
// testIfNotNull).
func sfNot3(a ref.Val) ref.Val {
	if b, ok := a.(types.Bool); ok {
		return !b
	}
	return null
}

// relFunc is cmpFunc for < > <= >=: unlike equality, an ordering with a
// blank text operand is NULL ([GOLD] testIfTextCompareGreaterThan row 1:
// "foo" > blank is not TRUE, nor is its negation).
func relFunc(pred func(int) bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		if isBlank(a) || isBlank(b) {
			return types.False
		}
		c, ok := compare(a, b)
		return types.Bool(ok && pred(c))
	}
}

// ---- arithmetic ---------------------------------------------------------

// addDays adds fractional days to a date/time, rounded to whole seconds
// ([GOLD] testAddDateTime rows 16–17: 10:00 + 0.16666 d = 13:59:59,
// + 0.166666 d = 14:00:00).
func addDays(t types.Timestamp, days float64) ref.Val {
	s := math.Round(days * 86400)
	if math.IsNaN(s) || math.Abs(s) > 4e11 {
		return errf("date/time out of range")
	}
	// Whole days first: a time.Duration spans only ±292 years.
	whole := math.Trunc(s / 86400)
	out := t.Time.AddDate(0, 0, int(whole)).Add(time.Duration(s-whole*86400) * time.Second)
	if y := out.Year(); !validYear(y) {
		return errf("date/time out of range")
	}
	return types.Timestamp{Time: out}
}

// addTime adds milliseconds to a time of day: it wraps forward past
// midnight but fails below 00:00 ([GOLD] testAddTimeValueWithValidInValid,
// testSubtractTimeValueWithValidInValid).
func addTime(t types.Duration, ms float64) ref.Val {
	v := float64(t.Duration/time.Millisecond) + math.Round(ms)
	if v < 0 {
		return errf("time value below 00:00:00")
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return errf("time out of range")
	}
	return types.Duration{Duration: time.Duration(int64(math.Mod(v, msPerDay))) * time.Millisecond}
}

// addDate adds whole days: Date + number drops the fraction ([GOLD]
// testAddDate row 7: 2000-02-28 + 3.6 = 2000-03-02).
func addDate(d types.Int, n float64) ref.Val {
	t := math.Trunc(n)
	if math.Abs(t) > 4e6 {
		return errf("date out of range")
	}
	return d + types.Int(t)
}

func sfAdd(a, b ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Double:
		if y, ok := b.(types.Double); ok {
			return x + y
		}
	case types.String:
		if y, ok := asText(b); ok {
			if len(x)+len(y) > maxTextBytes {
				return errTooLong
			}
			return x + types.String(y)
		}
		if isNull(b) {
			return null
		}
	case types.Int:
		if y, ok := asNum(b); ok {
			return addDate(x, y)
		}
	case types.Timestamp:
		if y, ok := asNum(b); ok {
			return addDays(x, y)
		}
	case types.Duration:
		if y, ok := asNum(b); ok {
			return addTime(x, y)
		}
	case types.Null:
		if y, ok := b.(types.String); ok {
			return y
		}
		return null
	}
	if isNull(b) {
		return null
	}
	if _, ok := a.(types.Double); ok {
		return sfAdd(b, a)
	}
	return errf("no such overload: %s + %s", a.Type(), b.Type())
}

func sfSub(a, b ref.Val) ref.Val {
	if isNull(a) || isNull(b) {
		return null
	}
	switch x := a.(type) {
	case types.Double:
		if y, ok := b.(types.Double); ok {
			return x - y
		}
	case types.Int:
		switch y := b.(type) {
		case types.Double:
			return addDate(x, -float64(y))
		case types.Int:
			return types.Double(x - y)
		}
	case types.Timestamp:
		switch y := b.(type) {
		case types.Double:
			return addDays(x, -float64(y))
		case types.Timestamp:
			return types.Double(float64(x.Time.Sub(y.Time)/time.Millisecond) / msPerDay)
		}
	case types.Duration:
		switch y := b.(type) {
		case types.Double:
			return addTime(x, -float64(y))
		case types.Duration:
			// The difference of two times is in milliseconds, modulo one
			// day ([GOLD] testSubtractTwoTimeFields row 5).
			d := int64((x.Duration - y.Duration) / time.Millisecond)
			d = ((d % msPerDay) + msPerDay) % msPerDay
			return types.Double(d)
		}
	}
	return errf("no such overload: %s - %s", a.Type(), b.Type())
}

func numOp(name string, f func(x, y float64) ref.Val) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		x, ok1 := asNum(a)
		y, ok2 := asNum(b)
		if ok1 && ok2 {
			return f(x, y)
		}
		if isNull(a) || isNull(b) {
			return null
		}
		return errf("no such overload: %s %s %s", a.Type(), name, b.Type())
	}
}

func finite(x float64) ref.Val {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return errf("number out of range")
	}
	return types.Double(x)
}

var sfMul = numOp("*", func(x, y float64) ref.Val { return finite(x * y) })

var sfDiv = numOp("/", func(x, y float64) ref.Val {
	if y == 0 {
		return errf("division by zero")
	}
	return finite(x / y)
})

// sfPow: the exponent must be an integer (engine: "^ needs an integer
// exponent", [GOLD] testExponentiationOperator row 8).
var sfPow = numOp("^", func(x, y float64) ref.Val {
	ys := snap(y)
	if ys != math.Trunc(ys) {
		return errf("exponent %v is not an integer", y)
	}
	if math.Abs(ys) > 999999999 {
		return errf("exponent out of range")
	}
	if x == 0 && ys < 0 {
		return errf("division by zero")
	}
	return finite(math.Pow(x, ys))
})

func sfNeg(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Double:
		return -x
	case types.Null:
		return null
	}
	return errf("no such overload: -%s", a.Type())
}

func sfConcat(a, b ref.Val) ref.Val {
	x, ok1 := asText(a)
	y, ok2 := asText(b)
	if !ok1 || !ok2 {
		return errf("no such overload: %s & %s", a.Type(), b.Type())
	}
	if len(x)+len(y) > maxTextBytes {
		return errTooLong
	}
	return types.String(x + y)
}

// maxTextBytes bounds text built at run time. Salesforce text fields hold
// at most 131,072 characters; the bound keeps hostile formulas (nested
// SUBSTITUTE, LPAD to a billion) from exhausting memory.
const maxTextBytes = 1 << 20

var errTooLong = types.NewErr("text result is longer than %d bytes", maxTextBytes)

// ---- blanks -------------------------------------------------------------

// isBlank: NULL, or empty text ([DOC] ISBLANK).
func isBlank(v ref.Val) bool {
	switch v := v.(type) {
	case types.Null:
		return true
	case types.String:
		return v == ""
	}
	return false
}

func sfIsBlank(v ref.Val) ref.Val { return types.Bool(isBlank(v)) }

// sfIsNull: text is never null ([DOC] ISNULL: "Text fields are never null,
// so using this function with a text field always returns false").
func sfIsNull(v ref.Val) ref.Val { return types.Bool(isNull(v)) }

func sfBlankValue(v, sub ref.Val) ref.Val {
	if isBlank(v) {
		return sub
	}
	return v
}

func sfNullValue(v, sub ref.Val) ref.Val {
	if isNull(v) {
		return sub
	}
	return v
}

func sfIsTrue(v ref.Val) ref.Val  { return types.Bool(v == types.True) }
func sfIsFalse(v ref.Val) ref.Val { return types.Bool(v == types.False) }

// sfChanged implements ISCHANGED's comparison (engine FunctionIsChanged):
// blank ↔ value is a change, numbers compare by value (20 = 20.00), text
// compares with \r\n normalised to \n.
func sfChanged(cur, prior ref.Val) ref.Val {
	if isBlank(cur) || isBlank(prior) {
		return types.Bool(isBlank(cur) != isBlank(prior))
	}
	if x, ok := cur.(types.String); ok {
		y, _ := asText(prior)
		return types.Bool(strings.ReplaceAll(string(x), "\r\n", "\n") != strings.ReplaceAll(y, "\r\n", "\n"))
	}
	c, ok := compare(cur, prior)
	return types.Bool(!ok || c != 0)
}

// ---- text ---------------------------------------------------------------

// tri3 returns a three-valued boolean: Bool or Null.
func textPred(f func(s, t string) bool) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		s, ok1 := asText(a)
		t, ok2 := asText(b)
		if !ok1 || !ok2 {
			return errf("no such overload")
		}
		if t == "" {
			return types.True
		}
		if s == "" {
			// CONTAINS/BEGINS(blank, "x") is NULL (engine FunctionContains,
			// FunctionBegins; [DOC] CONTAINS: blank fields are considered valid).
			return null
		}
		return types.Bool(f(s, t))
	}
}

var sfBegins = textPred(strings.HasPrefix)
var sfContains = textPred(strings.Contains)

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func intArg(v ref.Val) (int, bool, ref.Val) {
	switch x := v.(type) {
	case types.Double:
		f := math.Trunc(float64(x))
		if f > 1e9 {
			f = 1e9
		}
		if f < -1e9 {
			f = -1e9
		}
		return int(f), true, nil
	case types.Null:
		return 0, false, nil
	}
	return 0, false, errf("no such overload: expected a number, got %s", v.Type())
}

func sfLeft(a, n ref.Val) ref.Val {
	s, _ := asText(a)
	k, ok, e := intArg(n)
	if e != nil {
		return e
	}
	if !ok {
		return types.String("")
	}
	if k < 0 {
		k = 0
	}
	r := []rune(s)
	if k >= len(r) {
		return types.String(s)
	}
	return types.String(string(r[:k]))
}

func sfRight(a, n ref.Val) ref.Val {
	s, _ := asText(a)
	k, ok, e := intArg(n)
	if e != nil {
		return e
	}
	if !ok {
		return types.String("")
	}
	if k < 0 {
		k = 0
	}
	r := []rune(s)
	if k >= len(r) {
		return types.String(s)
	}
	return types.String(string(r[len(r)-k:]))
}

func sfMid(args ...ref.Val) ref.Val {
	s, _ := asText(args[0])
	start, ok1, e := intArg(args[1])
	if e != nil {
		return e
	}
	n, ok2, e := intArg(args[2])
	if e != nil {
		return e
	}
	if !ok1 || !ok2 {
		return types.String("")
	}
	r := []rune(s)
	if start < 1 {
		start = 1
	}
	if start > len(r) || n <= 0 {
		return types.String("")
	}
	end := min(len(r), start-1+n)
	return types.String(string(r[start-1 : end]))
}

func sfLen(a ref.Val) ref.Val {
	s, _ := asText(a)
	return types.Double(runeLen(s))
}

func sfFind(args ...ref.Val) ref.Val {
	needle, _ := asText(args[0])
	hay, _ := asText(args[1])
	start := 1
	if len(args) > 2 {
		k, ok, e := intArg(args[2])
		if e != nil {
			return e
		}
		if !ok {
			return types.Double(0)
		}
		start = k
	}
	if start < 1 {
		// [GOLD] testFindOnTextWithIndex: a start below 1 searches from 1.
		start = 1
	}
	if needle == "" || hay == "" {
		return types.Double(0)
	}
	r := []rune(hay)
	if start > len(r) {
		return types.Double(0)
	}
	i := strings.Index(string(r[start-1:]), needle)
	if i < 0 {
		return types.Double(0)
	}
	return types.Double(start + utf8.RuneCountInString(string(r[start-1:])[:i]))
}

func textFn(f func(string) string) func(ref.Val) ref.Val {
	return func(a ref.Val) ref.Val {
		s, ok := asText(a)
		if !ok {
			return errf("no such overload: expected text, got %s", a.Type())
		}
		return types.String(f(s))
	}
}

// LOWER and UPPER use full Unicode case mapping like Java's String
// methods ([GOLD] testUpper: "große" → "GROSSE"; testLower: "İ" → "i̇");
// the locale argument is accepted and, as in the engine's root locale,
// ignored.
func sfLower(args ...ref.Val) ref.Val {
	s, _ := asText(args[0])
	if tag, ok := localeArg(args); ok {
		return types.String(cases.Lower(tag).String(s))
	}
	return types.String(lowerText(s))
}

func sfUpper(args ...ref.Val) ref.Val {
	s, _ := asText(args[0])
	if tag, ok := localeArg(args); ok {
		return types.String(cases.Upper(tag).String(s))
	}
	return types.String(upperText(s))
}

// localeArg reads the optional locale of LOWER/UPPER ("tr", "tr_TR", …).
func localeArg(args []ref.Val) (language.Tag, bool) {
	if len(args) < 2 {
		return language.Und, false
	}
	loc, _ := asText(args[1])
	if loc == "" {
		return language.Und, false
	}
	tag, err := language.Parse(strings.ReplaceAll(loc, "_", "-"))
	if err != nil {
		return language.Und, false
	}
	return tag, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerText(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return cases.Lower(language.Und).String(s)
}

func upperText(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	return cases.Upper(language.Und).String(s)
}

// sfTrim removes leading and trailing spaces and control characters (Java
// String.trim, which the engine uses: every char ≤ U+0020).
var sfTrim = textFn(func(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
})

func pad(args []ref.Val, left bool) ref.Val {
	s, _ := asText(args[0])
	n, ok, e := intArg(args[1])
	if e != nil {
		return e
	}
	if !ok {
		return types.String("")
	}
	padding := " "
	if len(args) > 2 {
		padding, _ = asText(args[2])
	}
	r := []rune(s)
	if n <= 0 || s == "" {
		// [GOLD] testLpad/testRpad: blank text stays blank.
		return types.String("")
	}
	if n > maxTextBytes/4 {
		return errTooLong
	}
	if n <= len(r) {
		return types.String(string(r[:n]))
	}
	if padding == "" {
		return types.String(s)
	}
	need := n - len(r)
	pr := []rune(padding)
	fill := make([]rune, 0, need)
	for len(fill) < need {
		fill = append(fill, pr[len(fill)%len(pr)])
	}
	if left {
		return types.String(string(fill) + s)
	}
	return types.String(s + string(fill))
}

func sfLpad(args ...ref.Val) ref.Val { return pad(args, true) }
func sfRpad(args ...ref.Val) ref.Val { return pad(args, false) }

func sfSubstitute(args ...ref.Val) ref.Val {
	s, _ := asText(args[0])
	old, _ := asText(args[1])
	nw, _ := asText(args[2])
	if old == "" {
		return types.String(s)
	}
	if len(nw) > len(old) && len(s)+strings.Count(s, old)*(len(nw)-len(old)) > maxTextBytes {
		return errTooLong
	}
	return types.String(strings.ReplaceAll(s, old, nw))
}

// sfValue: blank → NULL, non-numeric → error (engine
// InvalidNumericValueException; [GOLD] testShortCircuitingWithNullTerms).
func sfValue(a ref.Val) ref.Val {
	s, ok := asText(a)
	if !ok {
		return errf("no such overload")
	}
	if strings.TrimSpace(s) == "" {
		return null
	}
	v, ok := parseNumber(s)
	if !ok {
		return errf("VALUE: %q is not a number", s)
	}
	return finite(v)
}

func sfIsNumber(a ref.Val) ref.Val {
	s, _ := asText(a)
	_, ok := parseNumber(s)
	return types.Bool(ok)
}

// sfIncludes: any selected value equals the literal ([DOC] INCLUDES);
// values are stored ';'-separated.
func sfIncludes(a, lit ref.Val) ref.Val {
	s, _ := asText(a)
	want, _ := asText(lit)
	for s != "" {
		var v string
		v, s, _ = strings.Cut(s, ";")
		if strings.TrimSpace(v) == want {
			return types.True
		}
	}
	return types.False
}

// sfCaseSafeID converts a 15-character Id into its 18-character form
// ([DOC] CASESAFEID).
var sfCaseSafeID = textFn(func(id string) string {
	if len(id) != 15 {
		return id
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	suffix := make([]byte, 3)
	for block := 0; block < 3; block++ {
		flags := 0
		for i := 0; i < 5; i++ {
			c := id[block*5+i]
			if c >= 'A' && c <= 'Z' {
				flags |= 1 << i
			}
		}
		suffix[block] = alphabet[flags]
	}
	return id + string(suffix)
})

func sfHyperlink(args ...ref.Val) ref.Val {
	u, _ := asText(args[0])
	label, _ := asText(args[1])
	return types.String(`<a href="` + html.EscapeString(u) + `">` + html.EscapeString(label) + "</a>")
}

func sfImage(args ...ref.Val) ref.Val {
	u, _ := asText(args[0])
	alt, _ := asText(args[1])
	return types.String(`<img src="` + html.EscapeString(u) + `" alt="` + html.EscapeString(alt) + `"/>`)
}

// sfInitcap upper-cases the first letter of each word and lower-cases the
// rest (engine FunctionInitCap: words start after whitespace).
var sfInitcap = textFn(func(s string) string {
	// A letter is capitalised when it does not follow a letter or digit
	// ([GOLD] testInitCap: "mr. _smith" → "Mr. _Smith", "mr. 123smith" →
	// "Mr. 123smith").
	var b strings.Builder
	start := true
	for _, r := range s {
		if start {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteString(lowerText(string(r)))
		}
		start = !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	return b.String()
})

var sfReverse = textFn(func(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
})

func sfASCII(a ref.Val) ref.Val {
	s, _ := asText(a)
	if s == "" {
		return null
	}
	r, _ := utf8.DecodeRuneInString(s)
	return types.Double(r)
}

func sfChr(a ref.Val) ref.Val {
	n, ok, e := intArg(a)
	if e != nil {
		return e
	}
	if !ok {
		return types.String("")
	}
	if n <= 0 || n > unicode.MaxRune || !utf8.ValidRune(rune(n)) {
		// [GOLD] testChr: CHR(0) and CHR(-32) are blank.
		return types.String("")
	}
	return types.String(string(rune(n)))
}

var sfHTMLEncode = textFn(html.EscapeString)

var sfJSEncode = textFn(func(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "<", `\u003C`, ">", `\u003E`)
	return r.Replace(s)
})

var sfJSInHTMLEncode = textFn(func(s string) string {
	s2, _ := asText(sfJSEncode(types.String(s)))
	return html.EscapeString(s2)
})

var sfURLEncode = textFn(func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") })

// ---- regular expressions --------------------------------------------------

var regexCache sync.Map // pattern → *compiledRegex or error

func sfRegex(a, p ref.Val) ref.Val {
	s, _ := asText(a)
	pat, ok := asText(p)
	if !ok {
		return errf("no such overload")
	}
	re, err := compileRegex(pat)
	if err != nil {
		return errf("REGEX: invalid pattern %q: %v", pat, err)
	}
	m, err := re.match(s)
	if err != nil {
		return errf("REGEX: %v", err)
	}
	return types.Bool(m)
}

// ---- numbers --------------------------------------------------------------

func numFn(f func(float64) ref.Val) func(ref.Val) ref.Val {
	return func(a ref.Val) ref.Val {
		switch x := a.(type) {
		case types.Double:
			return f(float64(x))
		case types.Null:
			return null
		}
		return errf("no such overload: expected a number, got %s", a.Type())
	}
}

func finiteNum(x float64) ref.Val { return finite(x) }

// domainErr: LN, LOG, SQRT, ACOS, ASIN outside their domain are errors
// (engine NumberFormatException, conformance README).
func domain(x float64) ref.Val {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return errf("number out of the function's domain")
	}
	return types.Double(x)
}

var (
	sfAbs = numFn(func(x float64) ref.Val { return finiteNum(math.Abs(x)) })
	// CEILING rounds away from zero, FLOOR towards zero ([DOC] CEILING,
	// FLOOR; [GOLD] CEILING(-1.4) = -2); MCEILING/MFLOOR are the
	// mathematical ceiling and floor.
	sfCeiling = numFn(func(x float64) ref.Val {
		s := snap(x)
		if s < 0 {
			return finiteNum(-math.Ceil(-s))
		}
		return finiteNum(math.Ceil(s))
	})
	sfFloor = numFn(func(x float64) ref.Val {
		s := snap(x)
		if s < 0 {
			return finiteNum(-math.Floor(-s))
		}
		return finiteNum(math.Floor(s))
	})
	sfMCeiling = numFn(func(x float64) ref.Val { return finiteNum(math.Ceil(snap(x))) })
	sfMFloor   = numFn(func(x float64) ref.Val { return finiteNum(math.Floor(snap(x))) })
	sfSqrt     = numFn(func(x float64) ref.Val { return domain(math.Sqrt(x)) })
	sfExp      = numFn(func(x float64) ref.Val { return domain(math.Exp(x)) })
	sfLn       = numFn(func(x float64) ref.Val {
		if x <= 0 {
			return errf("LN of a non-positive number")
		}
		return domain(math.Log(x))
	})
	sfLog = numFn(func(x float64) ref.Val {
		if x <= 0 {
			return errf("LOG of a non-positive number")
		}
		// The engine computes LOG as ln(x)/ln(10) (conformance README).
		return domain(math.Log(x) / math.Ln10)
	})
	sfAcos = numFn(func(x float64) ref.Val { return domain(math.Acos(x)) })
	sfAsin = numFn(func(x float64) ref.Val { return domain(math.Asin(x)) })
	sfAtan = numFn(func(x float64) ref.Val { return domain(math.Atan(x)) })
	sfCos  = numFn(func(x float64) ref.Val { return domain(math.Cos(x)) })
	sfSin  = numFn(func(x float64) ref.Val { return domain(math.Sin(x)) })
	sfTan  = numFn(func(x float64) ref.Val { return domain(math.Tan(x)) })
)

var sfAtan2 = numOp("ATAN2", func(x, y float64) ref.Val { return domain(math.Atan2(x, y)) })

// ROUND rounds half away from zero; digits may be negative ([GOLD]
// ROUND(123456.7895,-2) = 123500).
var sfRound = numOp("ROUND", func(x, d float64) ref.Val {
	return finiteNum(roundDecimal(x, int(math.Trunc(d)), apd.RoundHalfUp))
})

func sfTrunc(args ...ref.Val) ref.Val {
	digits := 0.0
	if len(args) > 1 {
		d, ok := asNum(args[1])
		if !ok {
			if isNull(args[1]) {
				return null
			}
			return errf("no such overload")
		}
		digits = d
	}
	x, ok := asNum(args[0])
	if !ok {
		if isNull(args[0]) {
			return null
		}
		return errf("no such overload")
	}
	return finiteNum(roundDecimal(x, int(math.Trunc(digits)), apd.RoundDown))
}

var sfMod = numOp("MOD", func(x, y float64) ref.Val {
	if y == 0 {
		return errf("division by zero in MOD")
	}
	return finiteNum(modDecimal(x, y))
})

func extremum(less bool) func(args ...ref.Val) ref.Val {
	return func(args ...ref.Val) ref.Val {
		var best ref.Val
		for _, a := range args {
			if isNull(a) {
				return null
			}
			if best == nil {
				best = a
				continue
			}
			c, ok := compare(a, best)
			if !ok {
				return errf("no such overload: MAX/MIN of %s", a.Type())
			}
			if (less && c < 0) || (!less && c > 0) {
				best = a
			}
		}
		return best
	}
}

var errRegexTimeout = errors.New("regular expression took too long")
