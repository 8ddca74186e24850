// Package findings joins the Salesforce org model and the HubSpot schema
// through the field mapping, runs the rule catalog over them and produces
// findings. Each rule is one small unit (rule_<id>.go) with its catalog entry,
// documentation and tests beside it.
package findings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Severity grades a finding. The order matters: higher is worse.
type Severity int

const (
	// SeverityNone is below every real severity (used for "--fail-on none").
	SeverityNone Severity = iota
	// Note: hygiene; nothing is rejected today.
	Note
	// Warning: writes are rejected under conditions synclint cannot see statically.
	Warning
	// Error: the write is rejected for some records.
	Error
)

// ParseSeverity reads error, warning, note or none.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "note", "info":
		return Note, nil
	case "none", "off":
		return SeverityNone, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning, note or none)", s)
}

// String returns error, warning, note or none.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "none"
}

// MarshalJSON writes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a severity name.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	v, err := ParseSeverity(str)
	*s = v
	return err
}

// Location is a place in a file of the project.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
	// Message says what is at this place (for related locations).
	Message string `json:"message,omitempty"`
}

// Fact is one named piece of evidence.
type Fact struct {
	Key   string
	Value string
}

// Evidence is an ordered list of facts; JSON renders it as an object whose
// keys keep this order.
type Evidence []Fact

// Add appends a fact and returns the evidence.
func (e Evidence) Add(key, value string) Evidence { return append(e, Fact{key, value}) }

// Get returns the value of key.
func (e Evidence) Get(key string) string {
	for _, f := range e {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

// MarshalJSON renders the facts as an ordered JSON object.
func (e Evidence) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range e {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Key)
		v, _ := json.Marshal(f.Value)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an evidence object, keeping key order.
func (e *Evidence) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("evidence: want an object")
	}
	*e = nil
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*e = append(*e, Fact{Key: kt.(string), Value: v})
	}
	_, err = dec.Token()
	return err
}

// Example is one HubSpot record that shows a problem.
type Example struct {
	RecordID string `json:"recordId"`
	Value    string `json:"value"`
	// Line is the line of the record in its CSV file.
	Line int `json:"line,omitempty"`
}

// RecordStats counts the HubSpot records a finding affects.
type RecordStats struct {
	// File is the record export read (relative path).
	File string `json:"file"`
	// Checked is the number of records examined, Failing those that fail.
	Checked  int64     `json:"checked"`
	Failing  int64     `json:"failing"`
	Examples []Example `json:"examples,omitempty"`
	// Extra carries check-specific aggregates (longest value, …).
	Extra Evidence `json:"extra,omitempty"`
}

// MaxExamples is how many example records a finding keeps.
const MaxExamples = 5

// AddExample records a failing record, keeping the first MaxExamples.
func (r *RecordStats) AddExample(id, value string, line int) {
	r.Failing++
	if len(r.Examples) < MaxExamples {
		r.Examples = append(r.Examples, Example{RecordID: id, Value: value, Line: line})
	}
}

// Witness is a concrete integration write that trips a validation rule.
type Witness struct {
	// Mode is create or update.
	Mode string `json:"mode"`
	// Values are the Salesforce field values of the write, in a stable order.
	Values []WitnessValue `json:"values"`
	// Prior holds prior values for an update, when they matter.
	Prior []WitnessValue `json:"prior,omitempty"`
	// User is the running user (the integration user).
	User string `json:"user,omitempty"`
}

// WitnessValue is one field value of a witness.
type WitnessValue struct {
	Field string `json:"field"`
	// Value is rendered as Salesforce shows it; Blank is true for no value.
	Value string `json:"value"`
	Blank bool   `json:"blank,omitempty"`
	// Source says where the value comes from: the HubSpot property that
	// writes it, "default", "unmapped" or "prior".
	Source string `json:"source,omitempty"`
}

// Patch is a proposed change to one file.
type Patch struct {
	File string `json:"file"`
	// Description says what the patch does.
	Description string `json:"description"`
	// Start and End are byte offsets of the replaced text; Location is the
	// same range as lines and columns.
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Location    Location `json:"location"`
	Replacement string   `json:"replacement"`
	// Diff is the unified diff of the change.
	Diff string `json:"diff,omitempty"`
	// NewFiles are metadata files the patch adds (custom permission, …).
	NewFiles []NewFile `json:"newFiles,omitempty"`
}

// NewFile is a file a patch creates.
type NewFile struct {
	File    string `json:"file"`
	Content string `json:"content"`
}

// Finding is one reported problem.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Location
	// Component names the Salesforce component the finding is about, e.g.
	// Lead.Require_Phone or Account.Industry: baselines key on it.
	Component       string       `json:"component,omitempty"`
	Object          string       `json:"object,omitempty"`
	Field           string       `json:"field,omitempty"`
	ValidationRule  string       `json:"validationRule,omitempty"`
	HubSpotProperty string       `json:"hubspotProperty,omitempty"`
	Evidence        Evidence     `json:"evidence,omitempty"`
	Fix             string       `json:"fix,omitempty"`
	Related         []Location   `json:"related,omitempty"`
	Witness         *Witness     `json:"witness,omitempty"`
	Records         *RecordStats `json:"records,omitempty"`
	Patch           *Patch       `json:"patch,omitempty"`
	// Fingerprint is a stable semantic identity (rule + component + the
	// facts that make the finding), independent of line numbers.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Key distinguishes findings of one rule on one component (for example
	// the HubSpot property); it feeds the fingerprint.
	Key string `json:"-"`
}
