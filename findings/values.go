package findings

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// Value formats: how a HubSpot value reads and what Salesforce's API accepts
// for a field type. The record-level checks (PV01, PV03, PV04, PV06, PV07,
// PV10, PV12) use the small parsers below directly, because they run for
// every record and must not allocate; ConvertValue puts them together for
// callers that want the Salesforce value a HubSpot value becomes (PV11's
// witnesses and record counts).
//
// Sources, cited again where each rule is applied:
//   - Date and dateTime: REST API "Valid Date and DateTime Formats"
//     (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm):
//     dateTime "yyyy-MM-ddTHH:mm:ss.SSS+/-HH:mm or yyyy-MM-ddTHH:mm:ss.SSSZ",
//     date "yyyy-MM-dd", "Specifying an offset for date is not supported".
//   - Boolean: "Boolean fields have one of these values: true (or 1), or
//     false (or 0)" (SOAP API "Primitive Data Types",
//     developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm).
//   - Numbers: NUMBER_OUTSIDE_VALID_RANGE when the integer part has more
//     digits than precision − scale ("scale is the number of digits allowed
//     to the right of the decimal, and precision is the total number of
//     digits", developer forums 9060G000000BfsuQAC); extra decimals are not
//     rejected through the API but stored as sent (help KB 000212661 "Why is
//     the field of data type number storing more numbers in decimal places
//     than defined?").
//   - Email: help KB 000001145 "How does Salesforce qualify an email
//     address?" (local part: letters, digits and ! # $ % & ' * + - / = ? ^ _ `
//     { | } ~ and '.', not first; domain: letters, digits, '-' and '.'), and
//     KB 000384328 "Salesforce Email Address Format Technical Standards
//     Validation" (non-Latin characters only with Email Address
//     Internationalization set up; most email fields hold 80 characters).
//   - HubSpot values: date "must be set to midnight UTC", datetime "any valid
//     millisecond timestamp", both also as ISO 8601 strings
//     (developers.hubspot.com/docs/faq/how-should-timestamps-be-formatted-for-hubspots-apis);
//     number "containing numeric digits and at most one decimal"; multiple
//     checkboxes joined with ';' (developers.hubspot.com/docs/api/crm/properties).

// NumberValue describes a decimal literal by its digits, not by a float, so
// that precision checks are exact for any length.
type NumberValue struct {
	Negative bool
	// IntDigits counts the digits left of the decimal point, without leading
	// zeros (0 for 0.5); FracDigits the digits right of it, without trailing
	// zeros. An exponent is applied first: 1.5e3 has IntDigits 4.
	IntDigits  int
	FracDigits int
}

// ParseNumber reads a number the way Salesforce's API reads a double: an
// optional sign, digits with at most one decimal point, an optional exponent;
// ASCII spaces around it are ignored (xsd:double collapses whitespace).
// Thousands separators, currency symbols, units ("$250k", "1,000", "12M")
// and the words NaN and Infinity are not numbers. It does not allocate.
func ParseNumber(s string) (NumberValue, bool) {
	s = trimASCIISpace(s)
	var n NumberValue
	if s == "" {
		return n, false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		n.Negative = s[0] == '-'
		i++
	}
	// Digits are numbered across the integer and fraction parts as if the
	// point were not there; first and last are the first and last non-zero
	// digits, point the number of digits before the decimal point.
	count, first, last, point := 0, -1, -1, -1
	for ; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			if c != '0' {
				if first < 0 {
					first = count
				}
				last = count
			}
			count++
			continue
		}
		if c == '.' && point < 0 {
			point = count
			continue
		}
		break
	}
	if count == 0 {
		return n, false // no digit at all: "", "+", "."
	}
	if point < 0 {
		point = count
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		start, exp := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp < 100000 {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == start {
			return n, false
		}
		if neg {
			exp = -exp
		}
		point += exp
	}
	if i != len(s) {
		return n, false
	}
	if first < 0 {
		return n, true // zero
	}
	if point > first {
		n.IntDigits = point - first
	}
	if last+1 > point {
		n.FracDigits = last + 1 - point
	}
	return n, true
}

// FitsNumber reports whether n fits a Number, Currency or Percent field of
// the given precision and scale: the API rejects more integer digits than
// precision − scale with NUMBER_OUTSIDE_VALID_RANGE. Unknown precision (0)
// fits. Extra decimals fit: the API stores them as sent (KB 000212661).
func FitsNumber(n NumberValue, precision, scale int) bool {
	if precision <= 0 {
		return true
	}
	return n.IntDigits <= precision-scale
}

// MaxNumber renders the largest value of Number(precision, scale), e.g.
// 999.99 for (5, 2).
func MaxNumber(precision, scale int) string {
	if precision <= 0 {
		return ""
	}
	intPart := strings.Repeat("9", max(precision-scale, 1))
	if precision-scale <= 0 {
		intPart = "0"
	}
	if scale > 0 {
		return intPart + "." + strings.Repeat("9", scale)
	}
	return intPart
}

// ParseSalesforceDate reads the only date format the API accepts,
// yyyy-MM-dd, and checks the day exists.
func ParseSalesforceDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || !validDay(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// ParseSalesforceDateTime reads the API's dateTime formats:
// yyyy-MM-ddTHH:mm:ss, optional fraction (.SSS), then Z or ±HH:mm. A value
// without a zone is accepted too (xsd:dateTime allows it; Salesforce reads
// it as UTC).
func ParseSalesforceDateTime(s string) (time.Time, bool) {
	if len(s) < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y, m, d, ok := ParseSalesforceDate(s[:10])
	if !ok {
		return time.Time{}, false
	}
	hh, ok1 := digits(s[11:13])
	mm, ok2 := digits(s[14:16])
	ss, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	rest := s[19:]
	nanos := 0
	if len(rest) > 0 && rest[0] == '.' {
		j := 1
		scale := 100000000
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			nanos += int(rest[j]-'0') * scale
			scale /= 10
			j++
		}
		if j == 1 {
			return time.Time{}, false
		}
		rest = rest[j:]
	}
	offset := 0
	switch {
	case rest == "" || rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 14 || om > 59 {
			return time.Time{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, nanos, time.UTC).Add(-time.Duration(offset) * time.Second)
	return t, true
}

// ParseHubSpotTimestamp reads a HubSpot date or datetime value as record
// exports and the API hold it: epoch milliseconds ("1735084800000") or ISO
// 8601 ("2024-05-01", "2023-10-26T17:55:48.301Z"). dateOnly is true for a
// bare yyyy-MM-dd.
func ParseHubSpotTimestamp(s string) (t time.Time, dateOnly bool, ok bool) {
	s = trimASCIISpace(s)
	if s == "" {
		return time.Time{}, false, false
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), false, true
	}
	if y, m, d, ok := ParseSalesforceDate(s); ok {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true, true
	}
	if t, ok := ParseSalesforceDateTime(s); ok {
		return t, false, true
	}
	// HubSpot also writes offsets without a colon and second fractions of
	// any length; RFC 3339 covers the rest of what its APIs return.
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), false, true
	}
	return time.Time{}, false, false
}

// IsMidnightUTC reports whether t has no time of day in UTC: what HubSpot
// requires of date properties.
func IsMidnightUTC(t time.Time) bool {
	u := t.UTC()
	return u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}

// ParseSalesforceBoolean reads a checkbox value: true, false, 1 or 0
// (SOAP API "Primitive Data Types": "true (or 1), or false (or 0)").
func ParseSalesforceBoolean(s string) (value, ok bool) {
	switch trimASCIISpace(s) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// EmailProblem is why Salesforce rejects an email address.
type EmailProblem int

// Email problems, the first found wins. EmailNonASCII and EmailBadChar are
// character problems (PV04); the others are malformed addresses (PV01, PV10).
const (
	EmailOK EmailProblem = iota
	// EmailNoAt: no '@' at all.
	EmailNoAt
	// EmailManyAt: more than one '@'.
	EmailManyAt
	// EmailEmptyLocal: nothing before the '@'.
	EmailEmptyLocal
	// EmailEmptyDomain: nothing after the '@'.
	EmailEmptyDomain
	// EmailLeadingDot: the local part starts with '.'.
	EmailLeadingDot
	// EmailBadDomain: a domain label is empty, starts or ends with '-', or
	// the domain has no dot.
	EmailBadDomain
	// EmailNonASCII: letters outside ASCII (accepted only with Email Address
	// Internationalization).
	EmailNonASCII
	// EmailBadChar: whitespace, zero-width or control characters, quotes or
	// other characters no address may hold.
	EmailBadChar
)

// String describes the problem for a finding.
func (p EmailProblem) String() string {
	switch p {
	case EmailNoAt:
		return "no @"
	case EmailManyAt:
		return "more than one @"
	case EmailEmptyLocal:
		return "nothing before the @"
	case EmailEmptyDomain:
		return "nothing after the @"
	case EmailLeadingDot:
		return "local part starts with a dot"
	case EmailBadDomain:
		return "malformed domain"
	case EmailNonASCII:
		return "non-ASCII characters"
	case EmailBadChar:
		return "characters an address cannot hold"
	}
	return "valid"
}

// IsCharacterProblem reports whether the problem is about characters (PV04)
// rather than the shape of the address.
func (p EmailProblem) IsCharacterProblem() bool { return p == EmailNonASCII || p == EmailBadChar }

// CheckEmail validates an address the way Salesforce's Email fields do
// (KB 000001145): local part of letters, digits and !#$%&'*+-/=?^_`{|}~
// and '.', not starting with '.' ('..' and a trailing '.' are allowed);
// domain labels of letters, digits and '-' separated by dots. Addresses with
// characters outside ASCII are rejected unless Email Address
// Internationalization is set up in the org (KB 000384328), which a checkout
// does not show. Surrounding ASCII spaces are ignored.
func CheckEmail(s string) EmailProblem {
	s = trimASCIISpace(s)
	at := -1
	nonASCII, bad := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			if at >= 0 {
				return EmailManyAt
			}
			at = i
		case c >= utf8.RuneSelf:
			nonASCII = true
		case c <= ' ' || c == 0x7f || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\':
			bad = true
		}
	}
	switch {
	case at < 0:
		return EmailNoAt
	case at == 0:
		return EmailEmptyLocal
	case at == len(s)-1:
		return EmailEmptyDomain
	}
	if bad {
		return EmailBadChar
	}
	if nonASCII {
		return EmailNonASCII
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' {
		return EmailLeadingDot
	}
	for i := 0; i < len(local); i++ {
		if !emailLocalChar(local[i]) {
			return EmailBadChar
		}
	}
	dots := 0
	labelStart := 0
	for i := 0; i <= len(domain); i++ {
		if i < len(domain) && domain[i] != '.' {
			c := domain[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return EmailBadChar
			}
			continue
		}
		label := domain[labelStart:i]
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return EmailBadDomain
		}
		if i < len(domain) {
			dots++
		}
		labelStart = i + 1
	}
	if dots == 0 {
		return EmailBadDomain
	}
	return EmailOK
}

func emailLocalChar(c byte) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0
}

// SalesforceLength counts a value's length the way Salesforce limits text
// fields: in characters of a Java string (UTF-16 code units), so an emoji
// outside the Basic Multilingual Plane counts twice.
func SalesforceLength(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// SplitMulti calls fn for each part of a multi-select value joined with
// ';' (HubSpot multiple checkboxes and Salesforce multi-select picklists use
// the same separator), skipping empty parts, without allocating.
func SplitMulti(s string, fn func(part string)) {
	for s != "" {
		i := strings.IndexByte(s, ';')
		part := s
		if i >= 0 {
			part, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if part != "" {
			fn(part)
		}
	}
}

// ValueKind is the kind of Salesforce value a HubSpot value becomes.
type ValueKind int

// Value kinds.
const (
	KindBlank ValueKind = iota
	KindText
	KindNumber
	KindDate
	KindDateTime
	KindBoolean
	// KindMultiPicklist is a multi-select picklist value (Parts).
	KindMultiPicklist
)

// Converted is a HubSpot value as the integration writes it into a
// Salesforce field.
type Converted struct {
	Kind ValueKind
	// Text is the value as the API receives it: "2024-05-01",
	// "2024-05-01T13:45:00.000Z", "true", "12.5", "A;B", or the text.
	Text string
	// Number is set for KindNumber (float64: for formulas, not precision
	// checks; use NumberValue for those).
	Number      float64
	NumberValue NumberValue
	// Time is midnight UTC of the day for KindDate, the instant for
	// KindDateTime.
	Time time.Time
	Bool bool
	// Parts are the values of a multi-select picklist.
	Parts []string
	// Note explains a lossy but accepted conversion: a blank checkbox that
	// becomes false, a time of day dropped, a date that becomes midnight UTC.
	Note string
}

// ValueProblem is why Salesforce rejects a converted value.
type ValueProblem int

// Value problems.
const (
	ProblemNone ValueProblem = iota
	ProblemNotNumber
	ProblemNumberOverflow
	ProblemNotDate
	ProblemNotDateTime
	ProblemNotBoolean
	ProblemEmail
	ProblemTooLong
)

// ValueError is a HubSpot value the Salesforce field rejects.
type ValueError struct {
	Problem ValueProblem
	// Email is set for ProblemEmail.
	Email EmailProblem
	// Limit is the field's limit (length, or integer digits) for
	// ProblemTooLong and ProblemNumberOverflow.
	Limit int
	Value string
	Field string
}

// Error says why Salesforce rejects the value.
func (e *ValueError) Error() string {
	switch e.Problem {
	case ProblemNotNumber:
		return fmt.Sprintf("%q is not a number (%s)", e.Value, e.Field)
	case ProblemNumberOverflow:
		return fmt.Sprintf("%q has more than %d digits before the decimal point (%s): NUMBER_OUTSIDE_VALID_RANGE", e.Value, e.Limit, e.Field)
	case ProblemNotDate:
		return fmt.Sprintf("%q is not a date in yyyy-MM-dd form (%s)", e.Value, e.Field)
	case ProblemNotDateTime:
		return fmt.Sprintf("%q is not a dateTime (%s)", e.Value, e.Field)
	case ProblemNotBoolean:
		return fmt.Sprintf("%q is not true, false, 1 or 0 (%s)", e.Value, e.Field)
	case ProblemEmail:
		return fmt.Sprintf("%q is not a valid email address: %s (%s): INVALID_EMAIL_ADDRESS", e.Value, e.Email, e.Field)
	case ProblemTooLong:
		return fmt.Sprintf("%q is longer than %d characters (%s): STRING_TOO_LONG", truncateRunes(e.Value, 40), e.Limit, e.Field)
	}
	return fmt.Sprintf("%q is rejected by %s", e.Value, e.Field)
}

// ConvertValue returns the Salesforce value the integration writes into
// field for a raw HubSpot record value of prop (prop may be nil when the
// export lacks the property: the value is then taken as text), or a
// *ValueError when Salesforce rejects it. It applies the value semantics of
// this file: HubSpot dates and datetimes (epoch ms or ISO) become
// yyyy-MM-dd or a UTC dateTime; text sent to a Date, DateTime, number or
// Checkbox field must already be in the API's format; Email values are
// validated; text longer than the field is rejected; multi-select values
// are split on ';'. A blank value is KindBlank, except for a Checkbox,
// which has no null and becomes false.
//
// ConvertValue does not look at picklist values (see MatchPicklistValue),
// validation rules, or State and Country picklists.
func ConvertValue(prop *hubspotschema.Property, field *metadata.Field, raw string) (Converted, error) {
	v := trimASCIISpace(raw)
	fail := func(p ValueProblem) (Converted, error) {
		return Converted{}, &ValueError{Problem: p, Value: raw, Field: field.QualifiedName()}
	}
	if v == "" {
		if field.Type == metadata.TypeCheckbox {
			return Converted{Kind: KindBoolean, Text: "false", Note: "blank becomes false: a Checkbox has no null"}, nil
		}
		return Converted{Kind: KindBlank}, nil
	}
	hsType := ""
	if prop != nil {
		hsType = prop.Type
	}
	switch field.Type {
	case metadata.TypeNumber, metadata.TypeCurrency, metadata.TypePercent:
		n, ok := ParseNumber(v)
		if !ok {
			return fail(ProblemNotNumber)
		}
		if !FitsNumber(n, field.Precision, field.Scale) {
			return Converted{}, &ValueError{Problem: ProblemNumberOverflow, Value: raw, Field: field.QualifiedName(), Limit: field.Precision - field.Scale}
		}
		f, _ := strconv.ParseFloat(v, 64)
		return Converted{Kind: KindNumber, Text: v, Number: f, NumberValue: n}, nil
	case metadata.TypeCheckbox:
		b, ok := ParseSalesforceBoolean(v)
		if !ok {
			return fail(ProblemNotBoolean)
		}
		return Converted{Kind: KindBoolean, Text: strconv.FormatBool(b), Bool: b}, nil
	case metadata.TypeDate:
		if hsType == "date" || hsType == "datetime" {
			t, dateOnly, ok := ParseHubSpotTimestamp(v)
			if !ok {
				return fail(ProblemNotDate)
			}
			u := t.UTC()
			day := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
			c := Converted{Kind: KindDate, Text: day.Format("2006-01-02"), Time: day}
			if !dateOnly && !IsMidnightUTC(t) {
				c.Note = "time of day dropped: " + u.Format("2006-01-02T15:04:05Z") + " becomes " + c.Text + " (the UTC date; in other time zones the day may differ)"
			}
			return c, nil
		}
		y, m, d, ok := ParseSalesforceDate(v)
		if !ok {
			return fail(ProblemNotDate)
		}
		day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return Converted{Kind: KindDate, Text: v, Time: day}, nil
	case metadata.TypeDateTime:
		if hsType == "date" || hsType == "datetime" {
			t, dateOnly, ok := ParseHubSpotTimestamp(v)
			if !ok {
				return fail(ProblemNotDateTime)
			}
			c := Converted{Kind: KindDateTime, Text: t.UTC().Format("2006-01-02T15:04:05.000Z"), Time: t.UTC()}
			if hsType == "date" || dateOnly {
				c.Note = "a date becomes midnight UTC (" + c.Text + "), which shows as the previous day in time zones west of UTC"
			}
			return c, nil
		}
		t, ok := ParseSalesforceDateTime(v)
		if !ok {
			return fail(ProblemNotDateTime)
		}
		return Converted{Kind: KindDateTime, Text: v, Time: t.UTC()}, nil
	case metadata.TypeMultiselectPicklist:
		c := Converted{Kind: KindMultiPicklist, Text: v}
		SplitMulti(v, func(part string) { c.Parts = append(c.Parts, part) })
		return c, nil
	case metadata.TypeEmail:
		if p := CheckEmail(v); p != EmailOK {
			return Converted{}, &ValueError{Problem: ProblemEmail, Email: p, Value: raw, Field: field.QualifiedName()}
		}
	}
	if limit := field.EffectiveLength(); limit > 0 && field.Type != metadata.TypePicklist && SalesforceLength(raw) > limit {
		return Converted{}, &ValueError{Problem: ProblemTooLong, Value: raw, Field: field.QualifiedName(), Limit: limit}
	}
	text := raw
	if field.Type == metadata.TypeEmail {
		text = v
	}
	return Converted{Kind: KindText, Text: text}, nil
}

// trimASCIISpace trims the ASCII whitespace the API's XML and JSON readers
// ignore around numbers, dates and booleans.
func trimASCIISpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 {
		c := s[len(s)-1]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

func validDay(y, m, d int) bool {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// truncateRunes shortens s to at most n runes, marking the cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// hubspotKind is the value shape of a HubSpot property, from its type and
// field type (hubspot-exports.md §1.3-1.7).
type hubspotKind int

const (
	hsText hubspotKind = iota
	hsNumber
	hsDate
	hsDateTime
	hsBool
	hsSelect // enumeration with one value (select, radio)
	hsMulti  // enumeration with several values joined by ';' (checkbox)
	hsOther  // object_coordinates, json, …
)

func kindOf(p *hubspotschema.Property) hubspotKind {
	switch {
	case p.IsBoolean():
		return hsBool
	case p.IsMultiValue():
		return hsMulti
	}
	switch strings.ToLower(p.Type) {
	case "string", "phone_number", "":
		return hsText
	case "number":
		return hsNumber
	case "date":
		return hsDate
	case "datetime":
		return hsDateTime
	case "enumeration":
		return hsSelect
	}
	return hsOther
}

// propertyTypeLabel renders type/fieldType ("string/text").
func propertyTypeLabel(p *hubspotschema.Property) string {
	if p.FieldType == "" {
		return p.Type
	}
	return p.Type + "/" + p.FieldType
}

// fieldTypeLabel renders a Salesforce field's type as Setup shows it:
// Currency(16,2), Text(80), Picklist (restricted), Email.
func fieldTypeLabel(f *metadata.Field) string {
	t := string(f.Type)
	if t == "" {
		t = "unknown type"
	}
	switch {
	case f.Type.IsNumeric() && f.Precision > 0:
		return fmt.Sprintf("%s(%d,%d)", t, f.Precision, f.Scale)
	case f.Type.IsText() && f.EffectiveLength() > 0:
		return fmt.Sprintf("%s(%d)", t, f.EffectiveLength())
	case f.Type.IsPicklist() && f.Picklist != nil && (f.Picklist.Restricted || f.Picklist.GlobalValueSet != ""):
		return t + " (restricted)"
	}
	return t
}
