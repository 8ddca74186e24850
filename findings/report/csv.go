package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/synclint/synclint/findings"
)

// CSVColumns is the header of the CSV report. The order is part of the
// format: columns are only ever appended.
var CSVColumns = []string{
	"status", "severity", "rule", "rule_name", "category", "component", "object", "field",
	"validation_rule", "hubspot_property", "file", "line", "column", "end_line", "end_column",
	"message", "fix", "evidence", "records_checked", "records_failing", "record_examples",
	"fingerprint", "suppression", "suppression_reason",
}

// writeCSV writes one row per finding (and per suppressed finding with
// --show-suppressed, status "suppressed"), RFC 4180: CRLF line ends, fields
// with commas, quotes or line breaks quoted, quotes doubled. Evidence and
// record examples are flattened to "key: value" pairs separated by "; ".
//
// Text cells that a spreadsheet would run as a formula (starting with =, +,
// -, @, tab or CR) are prefixed with an apostrophe, as OWASP recommends for
// CSV injection: audits are opened in Excel, and finding text quotes values
// from HubSpot records.
func writeCSV(w io.Writer, d *Document, _ Options) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	row := func(f *findings.Finding, status, supKind, supReason string) []string {
		r := d.Rule(f.Rule)
		var ev []string
		for _, e := range f.Evidence {
			ev = append(ev, e.Key+": "+e.Value)
		}
		var checked, failing, examples string
		if f.Records != nil {
			checked = strconv.FormatInt(f.Records.Checked, 10)
			failing = strconv.FormatInt(f.Records.Failing, 10)
			var ex []string
			for _, e := range f.Records.Examples {
				ex = append(ex, e.RecordID+": "+e.Value)
			}
			examples = strings.Join(ex, "; ")
		}
		return []string{
			status, f.Severity.String(), f.Rule, r.Name, r.Category,
			cell(f.Component), cell(f.Object), cell(f.Field), cell(f.ValidationRule), cell(f.HubSpotProperty),
			cell(d.RepoPath(f.File)), num(f.Line), num(f.Column), num(f.EndLine), num(f.EndColumn),
			cell(fullMessage(f)), cell(f.Fix), cell(strings.Join(ev, "; ")), checked, failing, cell(examples),
			fingerprintOf(f), supKind, cell(supReason),
		}
	}
	for i := range d.Findings {
		if err := cw.Write(row(&d.Findings[i], "reported", "", "")); err != nil {
			return err
		}
	}
	for i := range d.Suppressed {
		s := &d.Suppressed[i]
		if err := cw.Write(row(&s.Finding, "suppressed", s.Suppression.Kind, s.Suppression.Reason)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// cell neutralises spreadsheet formulas in a text cell.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
