package findings

import "github.com/synclint/synclint/hubspotschema"

// recordColumn finds a property's column on the first record a visitor sees
// and reads it from every record after that: record visitors run for
// millions of rows, and looking a column up by name costs a map lookup and
// a lower-cased copy of the name.
type recordColumn struct {
	property string
	idx      int // -2: not resolved yet; -1: the file has no such column
}

func newRecordColumn(property string) *recordColumn {
	return &recordColumn{property: property, idx: -2}
}

// get returns the record's value of the property and whether the file has
// the column.
func (c *recordColumn) get(r *hubspotschema.Record) (string, bool) {
	if c.idx == -2 {
		c.idx = r.ColumnIndex(c.property)
	}
	if c.idx < 0 {
		return "", false
	}
	return r.Value(c.idx), true
}

// present reports whether the column was found (after the first record).
func (c *recordColumn) present() bool { return c.idx >= 0 }

// ensureStats returns a finding's RecordStats, creating it on first use.
func ensureStats(f *Finding) *RecordStats {
	if f.Records == nil {
		f.Records = &RecordStats{}
	}
	return f.Records
}
