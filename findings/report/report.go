// Package report renders an analysis result in synclint's output formats.
// The canonical form is the JSON document (Document); every other format is
// rendered from the same Document, so `synclint convert` can re-render a
// saved JSON report without analysing again.
//
// Every format is deterministic: the same Document gives the same bytes,
// whatever the number of CPUs or the order rules ran in. Nothing reads the
// clock; nothing ranges over a map without sorting its keys.
package report

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
	"github.com/synclint/synclint/metadata"
)

// SchemaVersion is the version of the JSON document schema
// (docs/json-report.md, docs/report.schema.json). It changes only when a
// field is removed or changes meaning; new fields do not change it.
const SchemaVersion = "1"

// Document is the canonical report.
type Document struct {
	SchemaVersion string `json:"schemaVersion"`
	Tool          Tool   `json:"tool"`
	// Root is the checked folder as the user named it.
	Root string `json:"root,omitempty"`
	// Base is the checked folder's path from the repository root (forward
	// slashes, "" at the root). Formats whose consumers resolve paths against
	// the repository (SARIF, GitHub annotations) prefix it to finding paths.
	Base string `json:"base,omitempty"`
	// Findings are the reported findings, in report order.
	Findings []findings.Finding `json:"findings"`
	// Suppressed are findings hidden by synclint:ignore directives or the
	// baseline; listed only with --show-suppressed (always counted).
	Suppressed []filter.Suppressed `json:"suppressed,omitempty"`
	Summary    Summary             `json:"summary"`
	// SyncOrder is the order in which objects must sync (parents first).
	SyncOrder []string `json:"syncOrder,omitempty"`
	// ValidationRules are the validation rules findings refer to, with their
	// formulas, for reports that show them.
	ValidationRules []ValidationRuleInfo `json:"validationRules,omitempty"`
	// Rules describes every rule of the catalog; Enabled says whether it ran.
	Rules []RuleInfo `json:"rules,omitempty"`
	// Baseline describes the baseline applied, if any.
	Baseline *BaselineInfo `json:"baseline,omitempty"`
	// NewFromRev is the revision given to --new-from-rev, if any.
	NewFromRev string `json:"newFromRev,omitempty"`
	// Anchor is a file of the checked folder (the config or the project
	// manifest) at which formats that need a location for every finding
	// (SARIF for GitHub) place findings that have none.
	Anchor string `json:"anchor,omitempty"`
}

func (d *Document) anchor() string { return d.Anchor }

// Tool identifies the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts the reported findings (findings.Summary, recomputed after
// post-processing) and those the post-processing hid.
type Summary struct {
	findings.Summary
	filter.Counts
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
	// HubSpotCategory is the sync-error category HubSpot files these
	// rejections under.
	HubSpotCategory string `json:"hubspotCategory,omitempty"`
	// Enabled is true when the rule ran in this analysis.
	Enabled bool `json:"enabled"`
}

// ValidationRuleInfo is a validation rule a finding refers to.
type ValidationRuleInfo struct {
	// Component is Object.Rule.
	Component    string            `json:"component"`
	Active       bool              `json:"active"`
	Formula      string            `json:"formula"`
	ErrorMessage string            `json:"errorMessage,omitempty"`
	Description  string            `json:"description,omitempty"`
	Location     findings.Location `json:"location"`
}

// BaselineInfo describes the baseline applied to the run.
type BaselineInfo struct {
	// File is the baseline file, relative to the checked folder when inside it.
	File string `json:"file"`
	// Entries is the number of entries in the file.
	Entries int `json:"entries"`
	// Stale are entries that matched no finding (`synclint baseline prune`
	// removes them); Expired are entries past their expiry date.
	Stale   []filter.BaselineEntry `json:"stale,omitempty"`
	Expired []filter.BaselineEntry `json:"expired,omitempty"`
}

// Build holds everything a report is assembled from.
type Build struct {
	Result *findings.Result
	// Outcome is the post-processing result; nil reports Result.Findings as
	// they are.
	Outcome *filter.Outcome
	// Org supplies validation-rule formulas (optional).
	Org *metadata.Org
	// Root is the checked folder as the user named it; Base its path from the
	// repository root.
	Root, Base string
	// SourceDir is the checked folder on disk (for Anchor; optional).
	SourceDir string
	Version   string
	// Ran are the IDs of the rules that ran (nil: all).
	Ran []string
	// ShowSuppressed lists suppressed findings in the document.
	ShowSuppressed bool
	// Baseline is the baseline applied (nil: none); BaselineFile its name.
	Baseline     *filter.Baseline
	BaselineFile string
	NewFromRev   string
}

// NewDocument builds the canonical report from an analysis result without
// post-processing. root is shown to humans (the checked folder as the user
// typed it).
func NewDocument(res *findings.Result, root, version string) *Document {
	return Build{Result: res, Root: root, Version: version}.Document()
}

// Document assembles the report.
func (b Build) Document() *Document {
	res := b.Result
	if res == nil {
		res = &findings.Result{}
	}
	d := &Document{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "synclint", Version: b.Version},
		Root:          b.Root,
		Base:          strings.Trim(path.Clean("/"+strings.ReplaceAll(b.Base, `\`, "/")), "/"),
		Findings:      res.Findings,
		SyncOrder:     res.SyncOrder,
		NewFromRev:    b.NewFromRev,
	}
	if b.Outcome != nil {
		d.Findings = b.Outcome.Findings
		if b.ShowSuppressed {
			d.Suppressed = b.Outcome.Suppressed
		}
		d.Summary.Counts = b.Outcome.Counts
	}
	if d.Findings == nil {
		d.Findings = []findings.Finding{}
	}
	d.Summary.Summary = recount(d.Findings, res.Summary)
	ran := map[string]bool{}
	for _, id := range b.Ran {
		ran[strings.ToUpper(id)] = true
	}
	for _, r := range findings.Rules() {
		ri := ruleInfo(r)
		ri.Enabled = b.Ran == nil || ran[r.ID]
		d.Rules = append(d.Rules, ri)
	}
	if b.Baseline != nil {
		bi := &BaselineInfo{File: b.BaselineFile, Entries: len(b.Baseline.Entries)}
		if b.Outcome != nil {
			bi.Stale, bi.Expired = b.Outcome.Stale, b.Outcome.Expired
		}
		d.Baseline = bi
	}
	if b.Org != nil {
		d.ValidationRules = validationRules(b.Org, d)
	}
	if b.SourceDir != "" {
		for _, name := range append(append([]string(nil), config.FileNames...), "sfdx-project.json", "package.xml") {
			if st, err := os.Stat(filepath.Join(b.SourceDir, name)); err == nil && !st.IsDir() {
				d.Anchor = name
				break
			}
		}
	}
	return d
}

// recount recomputes the finding counts of a summary for the findings that
// remain after post-processing; the size counts (objects, fields, …) stay.
func recount(fs []findings.Finding, base findings.Summary) findings.Summary {
	s := base
	s.Total = 0
	s.BySeverity = map[string]int{}
	s.ByRule = map[string]int{}
	s.ByCategory = map[string]int{}
	for _, f := range fs {
		s.Total++
		s.BySeverity[f.Severity.String()]++
		s.ByRule[f.Rule]++
		if r := findings.LookupRule(f.Rule); r != nil {
			s.ByCategory[string(r.Category)]++
		}
	}
	return s
}

func validationRules(org *metadata.Org, d *Document) []ValidationRuleInfo {
	want := map[string]bool{}
	note := func(f *findings.Finding) {
		if f.Object != "" && f.ValidationRule != "" {
			want[strings.ToLower(f.Object+"."+f.ValidationRule)] = true
		}
	}
	for i := range d.Findings {
		note(&d.Findings[i])
	}
	for i := range d.Suppressed {
		note(&d.Suppressed[i].Finding)
	}
	var out []ValidationRuleInfo
	for _, o := range org.Objects {
		for _, vr := range o.ValidationRules {
			if !want[strings.ToLower(vr.QualifiedName())] {
				continue
			}
			out = append(out, ValidationRuleInfo{
				Component: vr.QualifiedName(), Active: vr.Active, Formula: vr.Formula,
				ErrorMessage: vr.ErrorMessage, Description: vr.Description,
				Location: findings.Location{File: vr.FormulaPos.File, Line: vr.FormulaPos.Line, Column: vr.FormulaPos.Col},
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Component < out[j].Component })
	return out
}

func ruleInfo(r *findings.Rule) RuleInfo {
	return RuleInfo{ID: r.ID, Name: r.Name, Title: r.Title, Category: string(r.Category),
		Severity: r.Severity.String(), Summary: r.Summary, Fix: r.Fix, Tags: r.Tags,
		Precision: string(r.Precision), HelpURI: r.HelpURI(), HubSpotCategory: string(r.Bucket)}
}

// Rule returns the document's entry for a rule ID, falling back to the
// catalog and then to a bare entry, so a document read from JSON renders
// even when it names a rule this build does not know.
func (d *Document) Rule(id string) RuleInfo {
	for _, r := range d.Rules {
		if r.ID == id {
			return r
		}
	}
	if r := findings.LookupRule(id); r != nil {
		return ruleInfo(r)
	}
	return RuleInfo{ID: id, Name: strings.ToLower(id), Title: id}
}

// ValidationRule returns the document's validation rule Object.Rule.
func (d *Document) ValidationRule(object, rule string) *ValidationRuleInfo {
	c := object + "." + rule
	for i := range d.ValidationRules {
		if strings.EqualFold(d.ValidationRules[i].Component, c) {
			return &d.ValidationRules[i]
		}
	}
	return nil
}

// RepoPath returns a finding path relative to the repository root.
func (d *Document) RepoPath(file string) string {
	if file == "" || d.Base == "" || path.IsAbs(file) {
		return file
	}
	return path.Join(d.Base, file)
}

// Options tune rendering.
type Options struct {
	// Color enables ANSI colours in text output.
	Color bool
	// Width is the terminal width for text output (0 = 120).
	Width int
	// Verbose adds evidence, record examples and witnesses to text output.
	Verbose bool
	// SourceDir is the checked folder on disk, when available: SARIF reads
	// the files to turn byte columns into UTF-16 columns.
	SourceDir string
	// MaxAnnotations is the number of error and of warning annotations the
	// github-actions format writes (0 = 10, GitHub's limit per step).
	MaxAnnotations int
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
	"text":           writeText,
	"json":           writeJSON,
	"sarif":          writeSARIF,
	"github-actions": writeGitHubActions,
	"markdown":       writeMarkdown,
	"junit":          writeJUnit,
	"csv":            writeCSV,
	"html":           writeHTML,
	"codequality":    writeCodeQuality,
}

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

// FormatForFile guesses a format from a file name's extension (Code
// Analyzer's --output-file convention): .sarif, .sarif.json, .json, .xml
// (JUnit), .csv, .html/.htm, .md, gl-code-quality-report.json (GitLab);
// "" when unknown.
func FormatForFile(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".sarif"), strings.HasSuffix(n, ".sarif.json"):
		return "sarif"
	case strings.HasSuffix(n, "code-quality-report.json"), strings.HasSuffix(n, "codequality.json"):
		return "codequality"
	case strings.HasSuffix(n, ".json"):
		return "json"
	case strings.HasSuffix(n, ".xml"):
		return "junit"
	case strings.HasSuffix(n, ".csv"):
		return "csv"
	case strings.HasSuffix(n, ".html"), strings.HasSuffix(n, ".htm"):
		return "html"
	case strings.HasSuffix(n, ".md"), strings.HasSuffix(n, ".markdown"):
		return "markdown"
	}
	return ""
}

// severities lists the severities from worst to mildest.
var severities = []findings.Severity{findings.Error, findings.Warning, findings.Note}

// precisionRank orders precisions, most precise first.
func precisionRank(p string) int {
	switch p {
	case "very-high":
		return 0
	case "high":
		return 1
	case "medium":
		return 2
	}
	return 3
}

// bySeverity returns the findings most severe first: severity, then the
// rule's precision, then the number of failing records, then report order.
func (d *Document) bySeverity() []findings.Finding {
	out := append([]findings.Finding(nil), d.Findings...)
	prec := map[string]int{}
	for _, r := range d.Rules {
		prec[r.ID] = precisionRank(r.Precision)
	}
	failing := func(f *findings.Finding) int64 {
		if f.Records == nil {
			return 0
		}
		return f.Records.Failing
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if prec[a.Rule] != prec[b.Rule] {
			return prec[a.Rule] < prec[b.Rule]
		}
		return failing(a) > failing(b)
	})
	return out
}

// plural returns "1 finding" or "2 findings".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// countsLine says "3 errors, 10 warnings, 2 notes" (only non-zero parts).
func (d *Document) countsLine() string {
	var parts []string
	for _, sev := range severities {
		if n := d.Summary.BySeverity[sev.String()]; n > 0 {
			parts = append(parts, plural(n, sev.String()))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// hiddenLine says what post-processing hid ("4 suppressed, 12 in the
// baseline"), or "".
func (d *Document) hiddenLine() string {
	c := d.Summary.Counts
	var parts []string
	if c.Suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d suppressed", c.Suppressed))
	}
	if c.Baselined > 0 {
		parts = append(parts, fmt.Sprintf("%d in the baseline", c.Baselined))
	}
	if c.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d in lines unchanged since %s", c.Unchanged, orDefault(d.NewFromRev, "the base revision")))
	}
	if c.BelowSeverity > 0 {
		parts = append(parts, fmt.Sprintf("%d below --severity", c.BelowSeverity))
	}
	return strings.Join(parts, ", ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// locationString renders file:line:col (or "" without a file).
func locationString(l findings.Location) string {
	if l.File == "" {
		return ""
	}
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
		if l.Column > 0 {
			s += fmt.Sprintf(":%d", l.Column)
		}
	}
	return s
}

// fullMessage is the message plus the HubSpot property when the message
// does not name it.
func fullMessage(f *findings.Finding) string {
	m := f.Message
	if f.HubSpotProperty != "" && !strings.Contains(m, f.HubSpotProperty) {
		m += " [HubSpot " + f.HubSpotProperty + "]"
	}
	return m
}
