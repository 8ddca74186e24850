package hubspotschema

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// AssociationRow is one associated pair from an association export.
type AssociationRow struct {
	FromID string
	ToID   string
	// Type is the association type cell as written (a typeId such as 279,
	// or a category); Label the association label ("Primary", "Billing
	// contact"); either may be "".
	Type  string
	Label string
	// Line is the physical line of the row.
	Line int
}

// TypeID returns Type as a number, or 0.
func (r *AssociationRow) TypeID() int {
	n, err := strconv.Atoi(strings.TrimSpace(r.Type))
	if err != nil {
		return 0
	}
	return n
}

// AssociationReader streams an association export (records/<from>-<to>.csv)
// one pair at a time. A cell listing several ids separated by ';' (as in
// HubSpot's "Associated Company IDs" columns) yields one row per id.
type AssociationReader struct {
	file                 *os.File
	csv                  *csvReader
	name                 string
	from, to, typ, lbl   int
	ncols                int
	row                  AssociationRow
	pending              []string
	values               []string
	rows, bad            int
	fromObject, toObject string
}

// OpenAssociations opens an association export. The header names the two
// id columns (e.g. "Contact ID" and "Company ID", or fromId/toId, or
// contact_id/company_id) and optionally an association type and a label
// column.
func OpenAssociations(f *AssociationFile) (*AssociationReader, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	name := f.Pos.File
	if name == "" {
		name = f.Path
	}
	ar := &AssociationReader{file: file, csv: newCSVReader(file), name: name,
		from: -1, to: -1, typ: -1, lbl: -1, fromObject: f.From, toObject: f.To}
	if err := ar.readHeader(); err != nil {
		file.Close()
		return nil, err
	}
	return ar, nil
}

// normHeader lower-cases a header and drops everything but letters and
// digits: "Contact ID", "contact_id" and "contactId" all read "contactid".
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func singular(objectType string) string {
	switch objectType {
	case "contacts":
		return "contact"
	case "companies":
		return "company"
	case "deals":
		return "deal"
	case "tickets":
		return "ticket"
	}
	return strings.TrimSuffix(objectType, "s")
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func idNames(prefix, objectType string) []string {
	s := normHeader(singular(objectType))
	p := normHeader(objectType)
	return []string{
		prefix + "id", prefix + "objectid", prefix, prefix + "recordid",
		s + "id", s + "recordid", p + "id", "associated" + s + "id", "associated" + s + "ids",
		"associated" + p + "ids",
	}
}

func (ar *AssociationReader) readHeader() error {
	err := ar.csv.read()
	if err == io.EOF {
		return fmt.Errorf("%s: the file is empty (no header row)", ar.name)
	}
	if re, ok := err.(*csvRowError); ok {
		return fmt.Errorf("%s:%d: unreadable header row: %s", ar.name, re.line, re.msg)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", ar.name, err)
	}
	headers := ar.csv.values(nil)
	ar.ncols = len(headers)
	norm := make([]string, len(headers))
	for i, h := range headers {
		norm[i] = normHeader(h)
	}
	find := func(cands []string, skip int) int {
		for _, c := range cands {
			for i, h := range norm {
				if i != skip && h == c {
					return i
				}
			}
		}
		return -1
	}
	// A UI export of the "from" object names its own id "Record ID".
	ar.from = find(append(idNames("from", ar.fromObject), "recordid", "hsobjectid"), -1)
	ar.to = find(idNames("to", ar.toObject), ar.from)
	ar.typ = find([]string{"associationtypeid", "associationtype", "typeid", "type", "associationcategory", "category"}, -1)
	ar.lbl = find([]string{"associationlabel", "associationlabels", "label", "labels"}, -1)
	if ar.from < 0 || ar.to < 0 {
		return fmt.Errorf("%s: cannot tell which columns hold the %s and %s ids (want e.g. %q and %q, or fromId and toId); the header is %s",
			ar.name, singular(ar.fromObject), singular(ar.toObject),
			title(singular(ar.fromObject))+" ID", title(singular(ar.toObject))+" ID",
			strings.Join(headers, ", "))
	}
	return nil
}

// Next returns the next pair, io.EOF at the end, or a *RowError for a row
// that was skipped (call Next again). The row is reused between calls.
func (ar *AssociationReader) Next() (*AssociationRow, error) {
	for {
		if len(ar.pending) > 0 {
			ar.row.ToID, ar.pending = ar.pending[0], ar.pending[1:]
			ar.rows++
			return &ar.row, nil
		}
		err := ar.csv.read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if re, ok := err.(*csvRowError); ok {
			ar.bad++
			return nil, &RowError{File: ar.name, Line: re.line, Message: re.msg}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ar.name, err)
		}
		if n := ar.csv.fields(); n != ar.ncols {
			ar.bad++
			return nil, &RowError{File: ar.name, Line: ar.csv.startLine,
				Message: fmt.Sprintf("the row has %d values but the header has %d columns; skipped", n, ar.ncols)}
		}
		ar.values = ar.csv.values(ar.values)
		ar.row = AssociationRow{FromID: strings.TrimSpace(ar.values[ar.from]), Line: ar.csv.startLine}
		if ar.typ >= 0 {
			ar.row.Type = strings.TrimSpace(ar.values[ar.typ])
		}
		if ar.lbl >= 0 {
			ar.row.Label = strings.TrimSpace(ar.values[ar.lbl])
		}
		ar.pending = ar.pending[:0]
		for _, id := range strings.Split(ar.values[ar.to], ";") {
			if id = strings.TrimSpace(id); id != "" {
				ar.pending = append(ar.pending, id)
			}
		}
		if ar.row.FromID == "" || len(ar.pending) == 0 {
			// A record without associations (UI exports list every
			// record, associated or not).
			continue
		}
	}
}

// Rows is the number of pairs returned so far.
func (ar *AssociationReader) Rows() int { return ar.rows }

// Skipped is the number of rows returned as *RowError so far.
func (ar *AssociationReader) Skipped() int { return ar.bad }

// Close closes the file.
func (ar *AssociationReader) Close() error { return ar.file.Close() }
