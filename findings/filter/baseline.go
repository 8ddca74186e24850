package filter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/synclint/synclint/findings"
)

// BaselineFileName is the baseline file `synclint baseline create` writes in
// the checked folder and `check` reads from there automatically.
const BaselineFileName = ".synclint-baseline.json"

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline lists accepted findings, so that a team adopting synclint on an
// existing org fails only on new problems. Entries are keyed by rule,
// component and the finding's semantic fingerprint, never by line, because
// metadata files are reformatted by every retrieve. Like ESLint's
// suppressions file, an entry carries a count: a second finding with the
// same key is new.
type Baseline struct {
	Version int             `json:"version"`
	Tool    string          `json:"tool"`
	Entries []BaselineEntry `json:"entries"`
	// Path is the file read ("" for a baseline built in memory).
	Path string `json:"-"`
}

// BaselineEntry is one accepted finding (or several with the same key).
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Component   string `json:"component,omitempty"`
	Fingerprint string `json:"fingerprint"`
	// Count is how many findings with this key are accepted.
	Count int `json:"count"`
	// Message and File describe the finding when it was recorded; they are
	// for people reading the file and are not matched.
	Message string `json:"message,omitempty"`
	File    string `json:"file,omitempty"`
	// Reason says why the finding is accepted; Expires (YYYY-MM-DD) ends the
	// acceptance: from the day after, the finding is reported again.
	Reason  string `json:"reason,omitempty"`
	Expires string `json:"expires,omitempty"`
}

func (e *BaselineEntry) key() string {
	return e.Rule + "\x00" + strings.ToLower(e.Component) + "\x00" + e.Fingerprint
}

func findingKey(f *findings.Finding) string {
	fp := f.Fingerprint
	if fp == "" {
		fp = findings.Fingerprint(*f)
	}
	return f.Rule + "\x00" + strings.ToLower(f.Component) + "\x00" + fp
}

// expired reports whether the entry's acceptance has ended at now.
func (e *BaselineEntry) expired(now time.Time) bool {
	if e.Expires == "" || now.IsZero() {
		return false
	}
	t, err := time.Parse(time.DateOnly, e.Expires)
	if err != nil {
		return false
	}
	return !now.Before(t.AddDate(0, 0, 1))
}

// BaselineError is a problem in a baseline file, with its position.
type BaselineError struct {
	File    string
	Line    int
	Column  int
	Message string
}

// Error renders the baseline file, the position when known, and the problem.
func (e *BaselineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return e.File + ": " + e.Message
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseBaseline(path, data)
}

// ParseBaseline parses and validates baseline bytes; path is used in messages.
func ParseBaseline(path string, data []byte) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		line, col := 0, 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col = offsetPos(data, int(se.Offset))
		case errors.As(err, &te):
			line, col = offsetPos(data, int(te.Offset))
		}
		return nil, &BaselineError{File: path, Line: line, Column: col, Message: err.Error()}
	}
	if b.Version != BaselineVersion {
		return nil, &BaselineError{File: path, Message: fmt.Sprintf("unsupported baseline version %d (want %d)", b.Version, BaselineVersion)}
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		switch {
		case e.Rule == "" || e.Fingerprint == "":
			return nil, &BaselineError{File: path, Message: fmt.Sprintf("entry %d: rule and fingerprint are required", i+1)}
		case e.Count < 0:
			return nil, &BaselineError{File: path, Message: fmt.Sprintf("entry %d: count must not be negative", i+1)}
		}
		if e.Count == 0 {
			e.Count = 1
		}
		if e.Expires != "" {
			if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
				return nil, &BaselineError{File: path, Message: fmt.Sprintf("entry %d: expires must be a date (YYYY-MM-DD), not %q", i+1, e.Expires)}
			}
		}
	}
	b.Path = path
	return &b, nil
}

func offsetPos(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// NewBaseline records fs. Reasons and expiry dates of entries of previous
// (may be nil) with the same key are kept, so re-creating a baseline does
// not lose what people wrote into it.
func NewBaseline(fs []findings.Finding, previous *Baseline) *Baseline {
	prev := map[string]*BaselineEntry{}
	if previous != nil {
		for i := range previous.Entries {
			prev[previous.Entries[i].key()] = &previous.Entries[i]
		}
	}
	byKey := map[string]*BaselineEntry{}
	var order []string
	for i := range fs {
		f := &fs[i]
		k := findingKey(f)
		if e, ok := byKey[k]; ok {
			e.Count++
			continue
		}
		fp := f.Fingerprint
		if fp == "" {
			fp = findings.Fingerprint(*f)
		}
		e := &BaselineEntry{Rule: f.Rule, Component: f.Component, Fingerprint: fp, Count: 1, Message: f.Message, File: f.File}
		if p := prev[k]; p != nil {
			e.Reason, e.Expires = p.Reason, p.Expires
		}
		byKey[k] = e
		order = append(order, k)
	}
	b := &Baseline{Version: BaselineVersion, Tool: "synclint", Entries: []BaselineEntry{}}
	for _, k := range order {
		b.Entries = append(b.Entries, *byKey[k])
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := &b.Entries[i], &b.Entries[j]
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Component != y.Component {
			return x.Component < y.Component
		}
		return x.Fingerprint < y.Fingerprint
	})
}

// Write writes the baseline as indented JSON with a final newline; the same
// entries always give the same bytes, so the file diffs well in review.
func (b *Baseline) Write(w io.Writer) error {
	c := *b
	if c.Entries == nil {
		c.Entries = []BaselineEntry{}
	}
	if c.Tool == "" {
		c.Tool = "synclint"
	}
	if c.Version == 0 {
		c.Version = BaselineVersion
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&c)
}

// SetReason sets the reason and expiry of every entry that has none.
func (b *Baseline) SetReason(reason, expires string) {
	for i := range b.Entries {
		if b.Entries[i].Reason == "" {
			b.Entries[i].Reason = reason
		}
		if b.Entries[i].Expires == "" {
			b.Entries[i].Expires = expires
		}
	}
}

// Prune returns a copy of the baseline without the entries that match no
// finding of fs, and with counts lowered to the number of findings matched.
// Entries of rules that did not run (ran, nil = all) are kept as they are.
// removed counts the findings' worth of acceptance dropped.
func (b *Baseline) Prune(fs []findings.Finding, ran []string) (pruned *Baseline, removed int) {
	runs := ranSet(ran)
	have := map[string]int{}
	for i := range fs {
		have[findingKey(&fs[i])]++
	}
	out := &Baseline{Version: BaselineVersion, Tool: "synclint", Entries: []BaselineEntry{}, Path: b.Path}
	for _, e := range b.Entries {
		if runs != nil && !runs[e.Rule] {
			out.Entries = append(out.Entries, e)
			continue
		}
		n := have[e.key()]
		if n > e.Count {
			n = e.Count
		}
		removed += e.Count - n
		have[e.key()] -= n
		if n == 0 {
			continue
		}
		e.Count = n
		out.Entries = append(out.Entries, e)
	}
	out.sort()
	return out, removed
}

func ranSet(ran []string) map[string]bool {
	if ran == nil {
		return nil
	}
	m := map[string]bool{}
	for _, id := range ran {
		m[strings.ToUpper(id)] = true
	}
	return m
}

// apply hides the findings the baseline accepts, up to each entry's count.
func (b *Baseline) apply(fs []findings.Finding, ran map[string]bool, now time.Time, loc findings.Location) (kept []findings.Finding, hidden []Suppressed, stale, expired []BaselineEntry) {
	type slot struct {
		e    *BaselineEntry
		left int
	}
	slots := map[string]*slot{}
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.expired(now) {
			expired = append(expired, *e)
			continue
		}
		k := e.key()
		if s, ok := slots[k]; ok {
			s.left += e.Count
			continue
		}
		slots[k] = &slot{e: e, left: e.Count}
	}
	kept = fs[:0:0]
	used := map[*BaselineEntry]bool{}
	for _, f := range fs {
		s := slots[findingKey(&f)]
		if s == nil || s.left == 0 {
			kept = append(kept, f)
			continue
		}
		s.left--
		used[s.e] = true
		hidden = append(hidden, Suppressed{Finding: f, Suppression: Suppression{Kind: KindBaseline, Reason: s.e.Reason, Location: loc, Expires: s.e.Expires}})
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.expired(now) || used[e] || !ran[e.Rule] {
			continue
		}
		if s := slots[e.key()]; s != nil && s.e != e {
			continue // a duplicate key: judged with its first entry
		}
		stale = append(stale, *e)
	}
	return kept, hidden, stale, expired
}
