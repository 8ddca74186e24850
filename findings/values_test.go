package findings

import (
	"errors"
	"testing"
	"time"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in         string
		ok         bool
		neg        bool
		intD, frac int
	}{
		{"0", true, false, 0, 0},
		{"120000", true, false, 6, 0},
		{"-15", true, true, 2, 0},
		{"+7", true, false, 1, 0},
		{"8.5", true, false, 1, 1},
		{"0.05", true, false, 0, 2},
		{".5", true, false, 0, 1},
		{"5.", true, false, 1, 0},
		{"00012.3400", true, false, 2, 2},
		{" 42 ", true, false, 2, 0},
		{"1.5e3", true, false, 4, 0},
		{"1.2345E2", true, false, 3, 2},
		{"5e-3", true, false, 0, 3},
		{"12E+1", true, false, 3, 0},
		{"0e10", true, false, 0, 0},
		{"999999999999999999", true, false, 18, 0},
		{"", false, false, 0, 0},
		{"+", false, false, 0, 0},
		{".", false, false, 0, 0},
		{"$250k", false, false, 0, 0},
		{"1.2M", false, false, 0, 0},
		{"12M", false, false, 0, 0},
		{"1,000", false, false, 0, 0},
		{"n/a", false, false, 0, 0},
		{"NaN", false, false, 0, 0},
		{"Infinity", false, false, 0, 0},
		{"1e", false, false, 0, 0},
		{"1.2.3", false, false, 0, 0},
		{"4 hours", false, false, 0, 0},
		{"1-5", false, false, 0, 0},
		{"1000+", false, false, 0, 0},
		{"1\u00a0000", false, false, 0, 0},
	}
	for _, tt := range tests {
		n, ok := ParseNumber(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseNumber(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if ok && (n.Negative != tt.neg || n.IntDigits != tt.intD || n.FracDigits != tt.frac) {
			t.Errorf("ParseNumber(%q) = %+v, want neg=%v int=%d frac=%d", tt.in, n, tt.neg, tt.intD, tt.frac)
		}
	}
}

func TestFitsNumber(t *testing.T) {
	tests := []struct {
		in        string
		prec, scl int
		want      bool
	}{
		{"3", 1, 0, true},
		{"12", 1, 0, false},
		{"100.0", 10, 8, false}, // the forum's NUMBER_OUTSIDE_VALID_RANGE example
		{"99.5", 10, 8, true},
		{"99999999999999.99", 16, 2, true},
		{"999999999999999", 16, 2, false},
		{"1.23456", 3, 1, true}, // extra decimals are stored, not rejected
		{"123456", 0, 0, true},  // unknown precision
		{"-999", 3, 0, true},
	}
	for _, tt := range tests {
		n, ok := ParseNumber(tt.in)
		if !ok {
			t.Fatalf("ParseNumber(%q) failed", tt.in)
		}
		if got := FitsNumber(n, tt.prec, tt.scl); got != tt.want {
			t.Errorf("FitsNumber(%q, %d, %d) = %v, want %v", tt.in, tt.prec, tt.scl, got, tt.want)
		}
	}
	if got := MaxNumber(5, 2); got != "999.99" {
		t.Errorf("MaxNumber(5,2) = %q", got)
	}
	if got := MaxNumber(1, 0); got != "9" {
		t.Errorf("MaxNumber(1,0) = %q", got)
	}
}

func TestParseSalesforceDate(t *testing.T) {
	good := []string{"2025-06-15", "2024-02-29", "0001-01-01"}
	bad := []string{"2025-6-15", "06/30/2025", "Q3 2025", "TBD", "2025-02-29", "2025-13-01", "2025-06-15T00:00:00Z", "2025-06-15+02:00", " 2025-06-15", ""}
	for _, s := range good {
		if _, _, _, ok := ParseSalesforceDate(s); !ok {
			t.Errorf("ParseSalesforceDate(%q) rejected", s)
		}
	}
	for _, s := range bad {
		if _, _, _, ok := ParseSalesforceDate(s); ok {
			t.Errorf("ParseSalesforceDate(%q) accepted", s)
		}
	}
}

func TestParseSalesforceDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // UTC RFC 3339, "" for invalid
	}{
		{"2002-10-10T12:00:00+05:00", "2002-10-10T07:00:00Z"}, // the REST guide's example
		{"2002-10-10T00:00:00+05:00", "2002-10-09T19:00:00Z"},
		{"2024-05-01T13:45:00.123Z", "2024-05-01T13:45:00.123Z"},
		{"2024-05-01T13:45:00Z", "2024-05-01T13:45:00Z"},
		{"2024-05-01T13:45:00", "2024-05-01T13:45:00Z"},
		{"2024-05-01 13:45:00", ""},
		{"2024-05-01", ""},
		{"2024-05-01T25:00:00Z", ""},
		{"2024-05-01T13:45:00+0500", ""},
		{"2024-05-01T13:45:00.Z", ""},
	}
	for _, tt := range tests {
		got, ok := ParseSalesforceDateTime(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("ParseSalesforceDateTime(%q) accepted: %v", tt.in, got)
			}
			continue
		}
		if !ok || got.UTC().Format(time.RFC3339Nano) != tt.want {
			t.Errorf("ParseSalesforceDateTime(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseHubSpotTimestamp(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		dateOnly bool
		midnight bool
	}{
		{"1735084800000", "2024-12-25T00:00:00Z", false, true},
		{"1724617800000", "2024-08-25T20:30:00Z", false, false},
		{"2024-05-01", "2024-05-01T00:00:00Z", true, true},
		{"2023-10-26T17:55:48.301Z", "2023-10-26T17:55:48.301Z", false, false},
		{"2023-10-26T17:55:48.301234Z", "2023-10-26T17:55:48.301234Z", false, false},
		{"-86400000", "1969-12-31T00:00:00Z", false, true},
	}
	for _, tt := range tests {
		got, dateOnly, ok := ParseHubSpotTimestamp(tt.in)
		if !ok || got.Format(time.RFC3339Nano) != tt.want || dateOnly != tt.dateOnly || IsMidnightUTC(got) != tt.midnight {
			t.Errorf("ParseHubSpotTimestamp(%q) = %v, %v, %v", tt.in, got, dateOnly, ok)
		}
	}
	for _, s := range []string{"", "yesterday", "2024-13-01", "06/30/2025"} {
		if _, _, ok := ParseHubSpotTimestamp(s); ok {
			t.Errorf("ParseHubSpotTimestamp(%q) accepted", s)
		}
	}
}

func TestParseSalesforceBoolean(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "1": true, "false": false, "0": false, " true ": true} {
		got, ok := ParseSalesforceBoolean(in)
		if !ok || got != want {
			t.Errorf("ParseSalesforceBoolean(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"yes", "no", "not_sure", "Y", "on", "", "TRUE"} {
		if _, ok := ParseSalesforceBoolean(in); ok {
			t.Errorf("ParseSalesforceBoolean(%q) accepted", in)
		}
	}
}

func TestCheckEmail(t *testing.T) {
	tests := []struct {
		in   string
		want EmailProblem
	}{
		{"maya.chen@acme.example", EmailOK},
		{"o'brien+tag@sub.acme-corp.example", EmailOK},
		{"a..a@test.jp", EmailOK},      // allowed in the middle (KB 000384328)
		{"a.@test.jp", EmailOK},        // and at the end
		{"UPPER@EXAMPLE.COM", EmailOK}, // stored lower case
		{" padded@example.com ", EmailOK},
		{"john.doe@", EmailEmptyDomain},
		{"jane@@example.com", EmailManyAt},
		{"n/a", EmailNoAt},
		{"@example.com", EmailEmptyLocal},
		{".a@test.jp", EmailLeadingDot},
		{"user@localhost", EmailBadDomain},
		{"user@-acme.example", EmailBadDomain},
		{"user@acme..example", EmailBadDomain},
		{"josé.garcía@iberica-robotica.example", EmailNonASCII},
		{"anna.\u200bkoch@kochwerk.example", EmailNonASCII},
		{"john doe@example.com", EmailBadChar},
		{"\"quoted\"@example.com", EmailBadChar},
		{"user@exa_mple.com", EmailBadChar},
	}
	for _, tt := range tests {
		if got := CheckEmail(tt.in); got != tt.want {
			t.Errorf("CheckEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSalesforceLength(t *testing.T) {
	for in, want := range map[string]int{"": 0, "abc": 3, "Müller": 6, "Zoë 🤖": 6, "日本": 2} {
		if got := SalesforceLength(in); got != want {
			t.Errorf("SalesforceLength(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitMulti(t *testing.T) {
	var parts []string
	SplitMulti("AR-100;;Cobot Mini;", func(p string) { parts = append(parts, p) })
	if len(parts) != 2 || parts[0] != "AR-100" || parts[1] != "Cobot Mini" {
		t.Errorf("SplitMulti = %q", parts)
	}
}

func TestConvertValue(t *testing.T) {
	text := &hubspotschema.Property{Name: "t", Type: "string", FieldType: "text"}
	date := &hubspotschema.Property{Name: "d", Type: "date", FieldType: "date"}
	dt := &hubspotschema.Property{Name: "dt", Type: "datetime", FieldType: "date"}
	num := &hubspotschema.Property{Name: "n", Type: "number", FieldType: "number"}
	boolean := &hubspotschema.Property{Name: "b", Type: "bool", FieldType: "booleancheckbox"}
	multi := &hubspotschema.Property{Name: "m", Type: "enumeration", FieldType: "checkbox"}
	field := func(typ metadata.FieldType, mod func(*metadata.Field)) *metadata.Field {
		f := &metadata.Field{Object: "Lead", Name: "F__c", Type: typ}
		if mod != nil {
			mod(f)
		}
		return f
	}
	currency := field(metadata.TypeCurrency, func(f *metadata.Field) { f.Precision, f.Scale = 16, 2 })
	small := field(metadata.TypeNumber, func(f *metadata.Field) { f.Precision, f.Scale = 4, 0 })
	tests := []struct {
		name    string
		prop    *hubspotschema.Property
		field   *metadata.Field
		raw     string
		kind    ValueKind
		text    string
		problem ValueProblem
		note    bool
	}{
		{"text number", text, currency, "250000", KindNumber, "250000", 0, false},
		{"text not a number", text, currency, "$250k", 0, "", ProblemNotNumber, false},
		{"overflow", num, small, "12345", 0, "", ProblemNumberOverflow, false},
		{"fits", num, small, "9999.75", KindNumber, "9999.75", 0, false},
		{"blank", text, currency, "  ", KindBlank, "", 0, false},
		{"blank checkbox", boolean, field(metadata.TypeCheckbox, nil), "", KindBoolean, "false", 0, true},
		{"bool", boolean, field(metadata.TypeCheckbox, nil), "true", KindBoolean, "true", 0, false},
		{"yes into checkbox", text, field(metadata.TypeCheckbox, nil), "yes", 0, "", ProblemNotBoolean, false},
		{"date epoch", date, field(metadata.TypeDate, nil), "1735084800000", KindDate, "2024-12-25", 0, false},
		{"datetime into date", dt, field(metadata.TypeDate, nil), "1724617800000", KindDate, "2024-08-25", 0, true},
		{"datetime midnight into date", dt, field(metadata.TypeDate, nil), "1735084800000", KindDate, "2024-12-25", 0, false},
		{"text date", text, field(metadata.TypeDate, nil), "2026-06-10", KindDate, "2026-06-10", 0, false},
		{"text not a date", text, field(metadata.TypeDate, nil), "06/30/2025", 0, "", ProblemNotDate, false},
		{"date into datetime", date, field(metadata.TypeDateTime, nil), "2024-05-01", KindDateTime, "2024-05-01T00:00:00.000Z", 0, true},
		{"datetime", dt, field(metadata.TypeDateTime, nil), "2023-10-26T17:55:48.301Z", KindDateTime, "2023-10-26T17:55:48.301Z", 0, false},
		{"text not a datetime", text, field(metadata.TypeDateTime, nil), "yesterday", 0, "", ProblemNotDateTime, false},
		{"email", text, field(metadata.TypeEmail, nil), "a@b.example", KindText, "a@b.example", 0, false},
		{"bad email", text, field(metadata.TypeEmail, nil), "john.doe@", 0, "", ProblemEmail, false},
		{"too long", text, field(metadata.TypeText, func(f *metadata.Field) { f.Length = 5 }), "abcdef", 0, "", ProblemTooLong, false},
		{"fits length", text, field(metadata.TypeText, func(f *metadata.Field) { f.Length = 6 }), "abcdef", KindText, "abcdef", 0, false},
		{"multi", multi, field(metadata.TypeMultiselectPicklist, nil), "AR-100;Cobot Mini", KindMultiPicklist, "AR-100;Cobot Mini", 0, false},
		{"nil property", nil, field(metadata.TypeText, nil), "x", KindText, "x", 0, false},
	}
	for _, tt := range tests {
		got, err := ConvertValue(tt.prop, tt.field, tt.raw)
		if tt.problem != 0 {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Problem != tt.problem {
				t.Errorf("%s: ConvertValue(%q) = %+v, %v; want problem %d", tt.name, tt.raw, got, err, tt.problem)
			} else if ve.Error() == "" {
				t.Errorf("%s: empty error text", tt.name)
			}
			continue
		}
		if err != nil || got.Kind != tt.kind || got.Text != tt.text || (got.Note != "") != tt.note {
			t.Errorf("%s: ConvertValue(%q) = %+v, %v; want kind %d text %q note %v", tt.name, tt.raw, got, err, tt.kind, tt.text, tt.note)
		}
	}
}

func TestScanChars(t *testing.T) {
	tests := []struct {
		in      string
		classes CharClass
		first   CharClass
		pos     int
		rune    rune
		nonASCI bool
	}{
		{"Plain Value", 0, 0, 0, 0, false},
		{"Müller", 0, 0, 0, 0, true},
		{"García-Núñez", 0, 0, 0, 0, true},
		{"Manufacturing\u00a0", CharNoBreakSpace | CharEdgeSpace, CharNoBreakSpace, 14, 0xa0, true},
		{"Schmidt\u00a0", CharNoBreakSpace | CharEdgeSpace, CharEdgeSpace, 8, 0xa0, true},
		{"anna.\u200bkoch@kochwerk.example", CharZeroWidth, CharZeroWidth, 6, 0x200b, true},
		{"O\u2019Brien Tooling", CharSmartQuote, CharSmartQuote, 2, 0x2019, true},
		{"Zoë 🤖", CharEmoji, CharEmoji, 5, 0x1f916, true},
		{"<b>VP Operations</b>", CharHTML, CharHTML, 1, '<', false},
		{"R&amp;D", CharHTML, CharHTML, 2, '&', false},
		{"R&D Labs", 0, 0, 0, 0, false},
		{"a < b", 0, 0, 0, 0, false},
		{"Plant\vManager", CharControl, CharControl, 6, 0x0b, false},
		{"Unknown ", CharEdgeSpace, CharEdgeSpace, 8, ' ', false},
		{" lead", CharEdgeSpace, CharEdgeSpace, 1, ' ', false},
		{"Vertex  Packaging", CharDoubleSpace, CharDoubleSpace, 8, ' ', false},
		{"94105 ", CharEdgeSpace, CharEdgeSpace, 6, ' ', false},
		{"line\none", 0, 0, 0, 0, false},
	}
	for _, tt := range tests {
		got := ScanChars(tt.in)
		if got.Classes != tt.classes || got.NonASCII != tt.nonASCI {
			t.Errorf("ScanChars(%q) classes = %q (non-ASCII %v), want %q (%v)", tt.in, got.Classes, got.NonASCII, tt.classes, tt.nonASCI)
			continue
		}
		if tt.first != 0 {
			h := got.Hit(tt.first)
			if h.Pos != tt.pos || h.Rune != tt.rune {
				t.Errorf("ScanChars(%q) %s hit = %s, want U+%04X at %d", tt.in, tt.first, h.Describe(), tt.rune, tt.pos)
			}
		}
	}
	if s := (CharEmoji | CharHTML).String(); s != "emoji, HTML markup" {
		t.Errorf("CharClass.String = %q", s)
	}
}

func BenchmarkScanCharsPlain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ScanChars("Keystone Precision Parts")
	}
}

func BenchmarkCheckEmail(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CheckEmail("tobias.kim0@keystone-motors.example")
	}
}
