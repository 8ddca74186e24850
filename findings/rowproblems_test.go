package findings

import (
	"strings"
	"testing"

	"github.com/synclint/synclint/fixtures"
	"github.com/synclint/synclint/hubspotschema"
)

// TestSkippedRowsAreReported: the broken fixture's ragged contacts row is
// an SL03 warning at its line, and the other rows are still checked.
func TestSkippedRowsAreReported(t *testing.T) {
	in, err := LoadInput(LoadOptions{Dir: fixtures.Broken()})
	if err != nil {
		t.Fatal(err)
	}
	res := Analyze(in, Options{Records: true})
	var got []Finding
	for _, f := range res.Findings {
		if f.Rule == "SL03" && strings.HasSuffix(f.File, "records/contacts.csv") {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Line != 4 || got[0].Severity != Warning || !strings.Contains(got[0].Message, "6 values but the header has 5") {
		t.Fatalf("SL03 for the ragged row: %+v", got)
	}
	if n := res.RecordsRead["contacts"]; n != 4 {
		t.Errorf("read %d contacts, want the 4 good rows", n)
	}
}

func TestRowProblemsMessage(t *testing.T) {
	var rp rowProblems
	for _, l := range []int{7, 9, 12, 30, 31, 40, 41} {
		rp.add(&hubspotschema.RowError{File: "hubspot/records/contacts.csv", Line: l, Message: "the row has 3 values but the header has 4 columns; skipped"})
	}
	s := &sink{}
	rp.report(s, "ignored.csv")
	if len(s.findings) != 1 {
		t.Fatalf("findings %+v", s.findings)
	}
	f := s.findings[0]
	if f.File != "hubspot/records/contacts.csv" || f.Line != 7 || f.Column != 1 ||
		!strings.HasSuffix(f.Message, "; 7 rows of this file were skipped (lines 7, 9, 12, 30, 31, …)") {
		t.Errorf("got %s:%d:%d %q", f.File, f.Line, f.Column, f.Message)
	}
	var none rowProblems
	none.report(s, "x")
	if len(s.findings) != 1 {
		t.Error("a file without skipped rows was reported")
	}
}
