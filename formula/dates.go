package formula

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// validYear bounds dates to what Salesforce stores (years 1700–4000 for
// date fields; the engine's DATE() accepts 1–9999).
func validYear(y int) bool { return y >= 1 && y <= 9999 }

// sfDate: an impossible date is an error, not a roll-over ([DOC] functions
// list: "Salesforce displays an error … if the value of the DATE function is
// an invalid date"; [GOLD] testDateAllConstantsNonLeap DATE(2011,2,29)).
func sfDate(args ...ref.Val) ref.Val {
	var p [3]int
	for i, a := range args {
		x, ok := asNum(a)
		if !ok {
			if isNull(a) {
				return null
			}
			return errf("no such overload: DATE(%s)", a.Type())
		}
		if math.Abs(x) > 1e6 {
			return errf("DATE: invalid date")
		}
		p[i] = int(math.Trunc(x))
	}
	return makeDate(p[0], p[1], p[2])
}

func makeDate(y, m, d int) ref.Val {
	if !validYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return errf("DATE: invalid date %04d-%02d-%02d", y, m, d)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return errf("DATE: invalid date %04d-%02d-%02d", y, m, d)
	}
	return types.Int(t.Unix() / 86400)
}

// parseDateText reads "YYYY-MM-DD" (an optional time part is ignored).
func parseDateText(s string) (int, int, int, bool) {
	s = strings.TrimSpace(s)
	date, _, _ := strings.Cut(s, " ")
	date, _, _ = strings.Cut(date, "T")
	parts := strings.Split(date, "-")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var v [3]int
	if len(parts[0]) != 4 {
		// [GOLD] testDATEVALUEWithString row 4: a short year is an error.
		return 0, 0, 0, false
	}
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return 0, 0, 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, 0, 0, false
		}
		v[i] = n
	}
	return v[0], v[1], v[2], true
}

func sfDateValue(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Int:
		return x
	case types.Timestamp:
		// The date part in GMT (formula-language.md §5.5).
		return types.Int(daysOf(x.Time))
	case types.String:
		if strings.TrimSpace(string(x)) == "" {
			return null
		}
		y, m, d, ok := parseDateText(string(x))
		if !ok {
			return errf("DATEVALUE: %q is not a date (YYYY-MM-DD)", string(x))
		}
		return makeDate(y, m, d)
	case types.Null:
		return null
	}
	return errf("no such overload: DATEVALUE(%s)", a.Type())
}

// parseClock reads "hh:mm[:ss[.SSS]]" into milliseconds.
func parseClock(s string) (int64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	// One-digit parts are accepted ([GOLD] testDateTimeValueWithValidInValid:
	// "2012-02-07 5:2:33").
	if err1 != nil || err2 != nil || h < 0 || h > 23 || mi < 0 || mi > 59 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return 0, false
	}
	var ms int64
	if len(parts) == 3 {
		sec, frac, hasFrac := strings.Cut(parts[2], ".")
		sv, err := strconv.Atoi(sec)
		if err != nil || sv < 0 || sv > 59 || len(sec) > 2 {
			return 0, false
		}
		ms = int64(sv) * 1000
		if hasFrac {
			if frac == "" || len(frac) > 3 {
				return 0, false
			}
			fv, err := strconv.Atoi(frac)
			if err != nil || fv < 0 {
				return 0, false
			}
			for i := len(frac); i < 3; i++ {
				fv *= 10
			}
			ms += int64(fv)
		}
	}
	return int64(h)*3600000 + int64(mi)*60000 + ms, true
}

// sfDateTimeValue reads "YYYY-MM-DD hh:mm:ss" in GMT ([DOC] DATETIMEVALUE).
func sfDateTimeValue(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Timestamp:
		return x
	case types.Int:
		return types.Timestamp{Time: dateOf(int64(x))}
	case types.String:
		s := strings.TrimSpace(string(x))
		if s == "" {
			return null
		}
		date, clock, hasClock := strings.Cut(s, " ")
		y, m, d, ok := parseDateText(date)
		if !ok {
			return errf("DATETIMEVALUE: %q is not a date/time (YYYY-MM-DD hh:mm:ss)", s)
		}
		dv := makeDate(y, m, d)
		if types.IsError(dv) {
			return dv
		}
		var ms int64
		if hasClock {
			clock = strings.TrimSuffix(strings.TrimSpace(clock), "Z")
			ms, ok = parseClock(clock)
			if !ok {
				return errf("DATETIMEVALUE: %q is not a date/time (YYYY-MM-DD hh:mm:ss)", s)
			}
		}
		return types.Timestamp{Time: dateOf(int64(dv.(types.Int))).Add(time.Duration(ms) * time.Millisecond)}
	case types.Null:
		return null
	}
	return errf("no such overload: DATETIMEVALUE(%s)", a.Type())
}

func timeOf(ms int64) types.Duration {
	return types.Duration{Duration: time.Duration(ms) * time.Millisecond}
}

// sfTimeValue reads "hh:mm:ss.SSS" ([DOC] TIMEVALUE) or takes the GMT time
// of a date/time.
func sfTimeValue(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Duration:
		return x
	case types.Timestamp:
		t := x.Time.UTC()
		return timeOf(int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6))
	case types.String:
		s := strings.TrimSpace(string(x))
		if s == "" {
			return null
		}
		ms, ok := parseClock(s)
		if !ok {
			return errf("TIMEVALUE: %q is not a time (hh:mm:ss.SSS)", s)
		}
		return timeOf(ms)
	case types.Null:
		return null
	}
	return errf("no such overload: TIMEVALUE(%s)", a.Type())
}

// civil returns the GMT calendar date of a Date or DateTime.
func civil(a ref.Val) (time.Time, bool, ref.Val) {
	switch x := a.(type) {
	case types.Int:
		return dateOf(int64(x)), true, nil
	case types.Timestamp:
		return x.Time.UTC(), true, nil
	case types.Null:
		return time.Time{}, false, nil
	}
	return time.Time{}, false, errf("no such overload: expected a date, got %s", a.Type())
}

func datePart(f func(time.Time) int) func(ref.Val) ref.Val {
	return func(a ref.Val) ref.Val {
		t, ok, e := civil(a)
		if e != nil {
			return e
		}
		if !ok {
			return null
		}
		return types.Double(f(t))
	}
}

var (
	sfYear  = datePart(func(t time.Time) int { return t.Year() })
	sfMonth = datePart(func(t time.Time) int { return int(t.Month()) })
	sfDay   = datePart(func(t time.Time) int { return t.Day() })
	// WEEKDAY: 1 = Sunday … 7 = Saturday ([DOC] WEEKDAY).
	sfWeekday   = datePart(func(t time.Time) int { return int(t.Weekday()) + 1 })
	sfDayOfYear = datePart(func(t time.Time) int { return t.YearDay() })
	sfISOWeek   = datePart(func(t time.Time) int { _, w := t.ISOWeek(); return w })
	sfISOYear   = datePart(func(t time.Time) int { y, _ := t.ISOWeek(); return y })
)

// clockMillis returns the time of day of a Time or (GMT) DateTime.
func clockMillis(a ref.Val) (int64, bool, ref.Val) {
	switch x := a.(type) {
	case types.Duration:
		return int64(x.Duration / time.Millisecond), true, nil
	case types.Timestamp:
		t := x.Time.UTC()
		return int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6), true, nil
	case types.Null:
		return 0, false, nil
	}
	return 0, false, errf("no such overload: expected a time, got %s", a.Type())
}

func timePart(f func(ms int64) int64) func(ref.Val) ref.Val {
	return func(a ref.Val) ref.Val {
		ms, ok, e := clockMillis(a)
		if e != nil {
			return e
		}
		if !ok {
			return null
		}
		return types.Double(f(ms))
	}
}

var (
	sfHour        = timePart(func(ms int64) int64 { return ms / 3600000 })
	sfMinute      = timePart(func(ms int64) int64 { return ms / 60000 % 60 })
	sfSecond      = timePart(func(ms int64) int64 { return ms / 1000 % 60 })
	sfMillisecond = timePart(func(ms int64) int64 { return ms % 1000 })
)

func sfUnixTimestamp(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.Int:
		return types.Double(int64(x) * 86400)
	case types.Timestamp:
		return types.Double(x.Time.Unix())
	case types.Duration:
		return types.Double(int64(x.Duration / time.Second))
	case types.Null:
		return null
	}
	return errf("no such overload: UNIXTIMESTAMP(%s)", a.Type())
}

func sfFromUnixTime(a ref.Val) ref.Val {
	x, ok := asNum(a)
	if !ok {
		if isNull(a) {
			return null
		}
		return errf("no such overload")
	}
	if math.Abs(x) > 253402300799 {
		return errf("FROMUNIXTIME: out of range")
	}
	return types.Timestamp{Time: time.Unix(int64(x), 0).UTC()}
}

// sfAddMonths follows [DOC] ADDMONTHS: the last day of a month maps to the
// last day of the resulting month; other days are clamped to the month's
// end; the month count is truncated to an integer (engine FunctionAddMonths).
func sfAddMonths(a, n ref.Val) ref.Val {
	k, ok := asNum(n)
	if !ok {
		if isNull(n) {
			return null
		}
		return errf("no such overload")
	}
	t, ok, e := civil(a)
	if e != nil {
		return e
	}
	if !ok {
		return null
	}
	if math.Abs(k) > 120000 {
		return errf("ADDMONTHS: out of range")
	}
	months := int(math.Trunc(k))
	y, m, d := t.Date()
	last := daysIn(y, m)
	total := int(m) - 1 + months
	ny := y + floorDiv(total, 12)
	nm := time.Month(total - floorDiv(total, 12)*12 + 1)
	nd := d
	if d == last || d > daysIn(ny, nm) {
		nd = daysIn(ny, nm)
	}
	if !validYear(ny) {
		return errf("ADDMONTHS: out of range")
	}
	out := time.Date(ny, nm, nd, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	if _, isDate := a.(types.Int); isDate {
		return types.Int(out.Unix() / 86400)
	}
	return types.Timestamp{Time: out}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// formatDate etc. render values as TEXT() does: Date "YYYY-MM-DD",
// DateTime "YYYY-MM-DD hh:mm:ssZ" in GMT ([GOLD] testDateTimeText), Time
// "hh:mm:ss.SSS".
func formatDate(days int64) string { return dateOf(days).Format("2006-01-02") }

func formatDateTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") + "Z" }

func formatTime(d time.Duration) string {
	ms := int64(d / time.Millisecond)
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

func sfText(a ref.Val) ref.Val {
	switch x := a.(type) {
	case types.String:
		return x
	case types.Null:
		return types.String("")
	case types.Double:
		return types.String(formatNumber(float64(x)))
	case types.Int:
		return types.String(formatDate(int64(x)))
	case types.Timestamp:
		return types.String(formatDateTime(x.Time))
	case types.Duration:
		return types.String(formatTime(x.Duration))
	case types.Bool:
		if x {
			return types.String("true")
		}
		return types.String("false")
	}
	return errf("no such overload: TEXT(%s)", a.Type())
}

// sfFormatDuration renders seconds (or the span between two date/times or
// times) as [d:]hh:mm:ss ([DOC] FORMATDURATION; the day part appears when
// the second argument is TRUE or the arguments are date/times).
func sfFormatDuration(args ...ref.Val) ref.Val {
	var secs float64
	withDays := false
	switch x := args[0].(type) {
	case types.Null:
		return types.String("")
	case types.Double:
		secs = float64(x)
		if len(args) > 1 {
			if b, ok := args[1].(types.Bool); ok {
				withDays = bool(b)
			}
		}
	case types.Timestamp:
		y, ok := args[1].(types.Timestamp)
		if !ok {
			return types.String("")
		}
		secs = math.Abs(float64(x.Time.Unix() - y.Time.Unix()))
		withDays = true
	case types.Duration:
		y, ok := args[1].(types.Duration)
		if !ok {
			return types.String("")
		}
		secs = math.Abs(float64((x.Duration - y.Duration) / time.Second))
	default:
		return errf("no such overload: FORMATDURATION(%s)", args[0].Type())
	}
	s := int64(math.Abs(secs))
	if withDays {
		return types.String(fmt.Sprintf("%d:%02d:%02d:%02d", s/86400, s/3600%24, s/60%60, s%60))
	}
	return types.String(fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60))
}
