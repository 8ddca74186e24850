package findings

import (
	"strconv"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
)

// rowProblems collects the rows a record or association export skipped
// (ragged rows, a quote left open, an over-long record), for one SL03
// warning per file: the pass reads past a bad row, but the user must learn
// that the row was not checked, and where it is. Memory is bounded: the
// first error and a few line numbers are kept, the rest only counted.
type rowProblems struct {
	n     int64
	first *hubspotschema.RowError
	lines []int
}

const maxRowProblemLines = 5

func (rp *rowProblems) add(re *hubspotschema.RowError) {
	rp.n++
	if rp.first == nil {
		c := *re
		rp.first = &c
	}
	if len(rp.lines) < maxRowProblemLines {
		rp.lines = append(rp.lines, re.Line)
	}
}

// report adds the SL03 warning when rows were skipped.
func (rp *rowProblems) report(s *sink, file string) {
	if rp == nil || rp.n == 0 {
		return
	}
	msg := rp.first.Message
	if rp.n > 1 {
		lines := make([]string, len(rp.lines))
		for i, l := range rp.lines {
			lines[i] = strconv.Itoa(l)
		}
		more := ""
		if rp.n > int64(len(rp.lines)) {
			more = ", …"
		}
		msg += "; " + strconv.FormatInt(rp.n, 10) + " rows of this file were skipped (lines " + strings.Join(lines, ", ") + more + ")"
	}
	if rp.first.File != "" {
		file = rp.first.File
	}
	s.add(Finding{Rule: "SL03", Severity: Warning, Message: "record row not checked: " + msg,
		Location: Location{File: file, Line: rp.first.Line, Column: 1}})
}

// reportHeaderWarnings adds the reader's header warnings (columns that
// match no property, labels shared by several properties, no id column).
func reportHeaderWarnings(s *sink, ds []hubspotschema.Diagnostic) {
	for _, d := range ds {
		s.add(Finding{Rule: d.Kind, Severity: Warning, Message: d.Message,
			Location: Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col}})
	}
}
