package hubspotschema

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// RowError is a record row that could not be used: a ragged row (more or
// fewer values than the header has columns), a quote left open at the end
// of the file, an over-long record. The reader has moved past it; call Next
// again. Callers count these rather than stop.
type RowError struct {
	File    string
	Line    int
	Message string
}

// Error renders file:line: message.
func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message) }

// Pos returns the row's position.
func (e *RowError) Pos() Pos { return Pos{File: e.File, Line: e.Line, Col: 1} }

// Column is one column of a record export.
type Column struct {
	// Header is the header cell as written.
	Header string
	// Property is the HubSpot internal name the column holds: the header
	// itself, or the property whose label the header is (HubSpot's UI
	// exports write labels: "First Name", "Record ID"). When the export
	// has no such property, the trimmed header.
	Property string
	// Known reports that Property exists in the properties export.
	Known bool
	// FromLabel reports that the header was a label, mapped back to Property.
	FromLabel bool
	// ID marks the record id column (hs_object_id, "Record ID", "Contact ID", …).
	ID bool
}

// RecordReader streams a record export row by row; memory does not grow
// with the number of rows.
type RecordReader struct {
	file     *os.File
	csv      *csvReader
	name     string
	cols     []Column
	index    map[string]int
	idCol    int
	rec      Record
	warnings []Diagnostic
	rows     int
	bad      int
}

// Record is one row of a record export. The reader reuses it: the *Record
// returned by Next and its values are valid only until the next call to
// Next. Copy what you keep (strings are immutable, so keeping a value
// string is fine; keeping the *Record is not).
type Record struct {
	// ID is the HubSpot record id (hs_object_id), "" when the export has
	// no id column.
	ID string
	// Line is the physical line where the row starts (1-based; a quoted
	// value with line breaks makes a row span several lines).
	Line   int
	values []string
	r      *RecordReader
}

// idHeaders are the headers that hold the record id: the internal name,
// the v3 label ("Record ID"), the per-object labels of HubSpot's UI
// exports, and a bare id.
var idHeaders = map[string]bool{
	"hs_object_id": true, "record id": true, "contact id": true, "company id": true,
	"deal id": true, "ticket id": true, "id": true, "object id": true,
}

// OpenRecords opens a record export for streaming. The header may hold
// internal property names or labels; labels are mapped back to names
// through obj (which may be nil when the object's properties were not
// exported: headers are then taken as names). Columns may come in any
// order. The file may start with a UTF-8 BOM.
func OpenRecords(f *RecordFile, obj *ObjectType) (*RecordReader, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	name := f.Pos.File
	if name == "" {
		name = f.Path
	}
	rr := &RecordReader{file: file, csv: newCSVReader(file), name: name, idCol: -1}
	rr.rec.r = rr
	if err := rr.readHeader(obj); err != nil {
		file.Close()
		return nil, err
	}
	return rr, nil
}

func (rr *RecordReader) readHeader(obj *ObjectType) error {
	err := rr.csv.read()
	if err == io.EOF {
		return fmt.Errorf("%s: the file is empty (no header row)", rr.name)
	}
	if re, ok := err.(*csvRowError); ok {
		return fmt.Errorf("%s:%d: unreadable header row: %s", rr.name, re.line, re.msg)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rr.name, err)
	}
	headers := rr.csv.values(nil)
	rr.cols = make([]Column, len(headers))
	rr.index = make(map[string]int, 2*len(headers))
	labels := labelIndex(obj)
	for i, h := range headers {
		h = strings.TrimSpace(h)
		c := Column{Header: h, Property: h}
		lower := strings.ToLower(h)
		switch {
		case idHeaders[lower] && rr.idCol < 0:
			c.ID, c.Property = true, "hs_object_id"
			c.Known = obj.Property("hs_object_id") != nil
			rr.idCol = i
		case obj.Property(h) != nil:
			c.Property, c.Known = obj.Property(h).Name, true
		case len(labels[lower]) > 0:
			cands := labels[lower]
			c.Property, c.Known, c.FromLabel = cands[0].Name, true, true
			if len(cands) > 1 {
				names := make([]string, len(cands))
				for j, p := range cands {
					names[j] = p.Name
				}
				rr.warn(i, fmt.Sprintf("column %q is the label of %d properties (%s); read as %s", h, len(cands), strings.Join(names, ", "), cands[0].Name))
			}
		case obj != nil && h != "":
			rr.warn(i, fmt.Sprintf("column %q is neither a property name nor a label of %s; kept as is", h, obj.Name))
		}
		if prev, dup := rr.index[strings.ToLower(c.Property)]; dup {
			rr.warn(i, fmt.Sprintf("column %q holds %s again (first in column %d); the first is used", h, c.Property, prev+1))
		} else {
			rr.index[strings.ToLower(c.Property)] = i
		}
		if _, taken := rr.index[lower]; !taken {
			rr.index[lower] = i
		}
		rr.cols[i] = c
	}
	if rr.idCol < 0 {
		rr.warn(0, "no record id column (hs_object_id or \"Record ID\"); records cannot be named in findings")
	}
	return nil
}

// labelIndex maps lower-cased labels to properties, in file order.
// Labels are not unique in HubSpot; visible, user-settable properties come
// first so that a UI export's column resolves to the property a user sees.
func labelIndex(obj *ObjectType) map[string][]*Property {
	if obj == nil {
		return nil
	}
	out := map[string][]*Property{}
	for _, p := range obj.SortedProperties() {
		if p.Label == "" {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(p.Label))
		out[k] = append(out[k], p)
	}
	for k, ps := range out {
		if len(ps) < 2 {
			continue
		}
		var first, rest []*Property
		for _, p := range ps {
			if !p.Hidden && !p.IsComputed() {
				first = append(first, p)
			} else {
				rest = append(rest, p)
			}
		}
		out[k] = append(first, rest...)
	}
	return out
}

func (rr *RecordReader) warn(col int, msg string) {
	rr.warnings = append(rr.warnings, Diagnostic{Kind: "SL03", Pos: Pos{File: rr.name, Line: rr.csv.startLine, Col: col + 1}, Message: msg})
}

// Warnings lists header problems found by OpenRecords: columns that match
// no property, labels shared by several properties, a missing id column.
func (rr *RecordReader) Warnings() []Diagnostic { return rr.warnings }

// Columns describes the columns in file order.
func (rr *RecordReader) Columns() []Column { return rr.cols }

// ColumnIndex returns the column holding a property (by internal name, or
// by header text), or -1. Use it once and Record.Value(i) per row.
func (rr *RecordReader) ColumnIndex(property string) int {
	if i, ok := rr.index[strings.ToLower(strings.TrimSpace(property))]; ok {
		return i
	}
	return -1
}

// Rows is the number of records returned so far.
func (rr *RecordReader) Rows() int { return rr.rows }

// Skipped is the number of rows returned as *RowError so far.
func (rr *RecordReader) Skipped() int { return rr.bad }

// Next returns the next record, io.EOF at the end, or a *RowError for a row
// that was skipped (call Next again). Any other error ends the file.
func (rr *RecordReader) Next() (*Record, error) {
	err := rr.csv.read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if re, ok := err.(*csvRowError); ok {
		rr.bad++
		return nil, &RowError{File: rr.name, Line: re.line, Message: re.msg}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rr.name, err)
	}
	if n := rr.csv.fields(); n != len(rr.cols) {
		rr.bad++
		return nil, &RowError{File: rr.name, Line: rr.csv.startLine,
			Message: fmt.Sprintf("the row has %d values but the header has %d columns; skipped", n, len(rr.cols))}
	}
	rr.rec.values = rr.csv.values(rr.rec.values)
	rr.rec.Line = rr.csv.startLine
	rr.rec.ID = ""
	if rr.idCol >= 0 {
		rr.rec.ID = strings.TrimSpace(rr.rec.values[rr.idCol])
	}
	rr.rows++
	return &rr.rec, nil
}

// Close closes the file.
func (rr *RecordReader) Close() error { return rr.file.Close() }

// Get returns the value of a property (internal name or header text) and
// whether the export has that column. An empty cell is ("", true).
func (r *Record) Get(property string) (string, bool) {
	i := r.r.ColumnIndex(property)
	if i < 0 {
		return "", false
	}
	return r.values[i], true
}

// ColumnIndex is RecordReader.ColumnIndex, for visitors that see only the
// record: look the column up once, then use Value(i).
func (r *Record) ColumnIndex(property string) int { return r.r.ColumnIndex(property) }

// Value returns the value in column i (see RecordReader.ColumnIndex).
func (r *Record) Value(i int) string {
	if i < 0 || i >= len(r.values) {
		return ""
	}
	return r.values[i]
}

// Len is the number of values (the number of columns).
func (r *Record) Len() int { return len(r.values) }

// Pos returns the row's position.
func (r *Record) Pos() Pos { return Pos{File: r.r.name, Line: r.Line, Col: 1} }
