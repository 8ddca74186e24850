// Package report renders an analysis result in synclint's output formats.
// The canonical form is the JSON document (Document); every other format is
// rendered from the same Document, so `synclint convert` can re-render a
// saved JSON report without analysing again.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/synclint/synclint/findings"
)

// SchemaVersion is the version of the JSON document schema (docs/json-schema.md).
// It changes only when a field is removed or changes meaning.
const SchemaVersion = "1"

// Document is the canonical report.
type Document struct {
	SchemaVersion string             `json:"schemaVersion"`
	Tool          Tool               `json:"tool"`
	Root          string             `json:"root,omitempty"`
	Findings      []findings.Finding `json:"findings"`
	Summary       findings.Summary   `json:"summary"`
	SyncOrder     []string           `json:"syncOrder,omitempty"`
	// Rules describes every rule that ran, for formats that carry rule metadata.
	Rules []RuleInfo `json:"rules,omitempty"`
}

// Tool identifies the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// RuleInfo is a rule's catalog entry as reports carry it.
type RuleInfo struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Title     string   `json:"title"`
	Category  string   `json:"category"`
	Severity  string   `json:"severity"`
	Summary   string   `json:"summary"`
	Fix       string   `json:"fix"`
	Tags      []string `json:"tags,omitempty"`
	Precision string   `json:"precision"`
	HelpURI   string   `json:"helpUri"`
}

// NewDocument builds the canonical report from an analysis result. root is
// shown to humans (the checked folder as the user typed it).
func NewDocument(res *findings.Result, root, version string) *Document {
	d := &Document{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "synclint", Version: version},
		Root:          root,
		Findings:      res.Findings,
		Summary:       res.Summary,
		SyncOrder:     res.SyncOrder,
	}
	if d.Findings == nil {
		d.Findings = []findings.Finding{}
	}
	used := map[string]bool{}
	for _, f := range res.Findings {
		used[f.Rule] = true
	}
	for _, r := range findings.Rules() {
		d.Rules = append(d.Rules, ruleInfo(r))
	}
	return d
}

func ruleInfo(r *findings.Rule) RuleInfo {
	return RuleInfo{ID: r.ID, Name: r.Name, Title: r.Title, Category: string(r.Category),
		Severity: r.Severity.String(), Summary: r.Summary, Fix: r.Fix, Tags: r.Tags,
		Precision: string(r.Precision), HelpURI: r.HelpURI()}
}

// Options tune rendering.
type Options struct {
	// Color enables ANSI colours in text output.
	Color bool
	// Width is the terminal width for text output (0 = 120).
	Width int
	// Verbose adds evidence, record examples and witnesses to text output.
	Verbose bool
}

// Formats lists the format names Write accepts.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for k := range writers {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

type writerFunc func(w io.Writer, d *Document, o Options) error

var writers = map[string]writerFunc{
	"text": writeText,
	"json": writeJSON,
}

// register adds a format; each format file registers itself.
func register(name string, f writerFunc) { writers[name] = f }

// Write renders d in the named format.
func Write(w io.Writer, format string, d *Document, o Options) error {
	f, ok := writers[strings.ToLower(format)]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return f(w, d, o)
}

// KnownFormat reports whether format can be written.
func KnownFormat(format string) bool {
	_, ok := writers[strings.ToLower(format)]
	return ok
}
