package report

import (
	"encoding/json"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// SARIF 2.1.0 for GitHub code scanning
// (docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning;
// schema oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json).
//
// Choices, each for a GitHub behaviour:
//   - URIs are repository-relative (Document.Base prefixed), without
//     uriBaseId: code scanning does not resolve originalUriBaseIds.
//   - Every result has a location; GitHub rejects the whole upload when one
//     result has none ("locationFromSarifResult: expected at least one
//     location", github/codeql-action#1738). Findings without a file are
//     anchored at Document.Anchor (the config or project manifest), or become
//     tool notifications when there is nothing to anchor them at.
//   - Columns are UTF-16 code units (run.columnKind), converted from our byte
//     columns when the file can be read (Options.SourceDir).
//   - Our fingerprint goes under partialFingerprints["synclint/v1"];
//     primaryLocationLineHash is left to upload-sarif, which computes it from
//     the line text (a value of ours would be reported as inconsistent).
//   - Rules carry problem.severity, not security-severity: these are
//     data-integrity problems, not security alerts.
//   - Messages are plain text (GitHub strips Markdown except links).

// SARIFSchemaURI is the $schema of the SARIF output.
const SARIFSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// FingerprintKey is the partialFingerprints key of synclint's semantic
// fingerprint.
const FingerprintKey = "synclint/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool               `json:"tool"`
	AutomationDetails *sarifAutomationDetails `json:"automationDetails,omitempty"`
	Invocations       []sarifInvocation       `json:"invocations"`
	ColumnKind        string                  `json:"columnKind"`
	Results           []sarifResult           `json:"results"`
	Properties        map[string]any          `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifMultiformat  `json:"help"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level   string `json:"level"`
	Enabled bool   `json:"enabled"`
}

type sarifRuleProperty struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
	Category        string   `json:"category"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Fixes               []sarifFix         `json:"fixes,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Component       string            `json:"component,omitempty"`
	HubSpotProperty string            `json:"hubspotProperty,omitempty"`
	Evidence        findings.Evidence `json:"evidence,omitempty"`
	RecordsChecked  int64             `json:"recordsChecked,omitempty"`
	RecordsFailing  int64             `json:"recordsFailing,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

var semver = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// sarifLevel maps our severities onto SARIF levels (the same names).
func sarifLevel(s string) string {
	switch s {
	case "error", "warning", "note":
		return s
	}
	return "none"
}

// problemSeverity maps a level onto GitHub's problem.severity vocabulary.
func problemSeverity(level string) string {
	if level == "note" {
		return "recommendation"
	}
	return level
}

func writeSARIF(w io.Writer, d *Document, o Options) error {
	src := newSources(o.SourceDir)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "synclint",
			Version:        d.Tool.Version,
			InformationURI: "https://github.com/synclint/synclint",
			Rules:          []sarifRule{},
		}},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	if m := semver.FindStringSubmatch(d.Tool.Version); m != nil {
		run.Tool.Driver.SemanticVersion = m[1]
	}
	// One category per checked folder, so several folders of a monorepo can
	// upload for the same commit without replacing each other's alerts.
	cat := "synclint/"
	if d.Base != "" {
		cat += d.Base + "/"
	}
	run.AutomationDetails = &sarifAutomationDetails{ID: cat}

	// Rules: every rule that ran, plus any rule a result names.
	index := map[string]int{}
	addRule := func(ri RuleInfo) {
		if _, ok := index[ri.ID]; ok {
			return
		}
		index[ri.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(ri))
	}
	var ids []string
	seen := map[string]bool{}
	for _, r := range d.Rules {
		if r.Enabled && !seen[r.ID] {
			ids, seen[r.ID] = append(ids, r.ID), true
		}
	}
	for _, f := range d.Findings {
		if !seen[f.Rule] {
			ids, seen[f.Rule] = append(ids, f.Rule), true
		}
	}
	for _, s := range d.Suppressed {
		if !seen[s.Rule] {
			ids, seen[s.Rule] = append(ids, s.Rule), true
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		addRule(d.Rule(id))
	}

	var notes []sarifNotification
	emit := func(f *findings.Finding, sup *filter.Suppression) {
		loc := sarifPhysical(d, src, f.Location)
		if loc == nil && d.anchor() != "" {
			loc = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uriPath(d.RepoPath(d.anchor()))}, Region: &sarifRegion{StartLine: 1}}
		}
		if loc == nil {
			notes = append(notes, sarifNotification{Level: sarifLevel(f.Severity.String()), Message: sarifText{Text: f.Rule + ": " + fullMessage(f)}})
			return
		}
		r := sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               sarifLevel(f.Severity.String()),
			Message:             sarifText{Text: fullMessage(f)},
			Locations:           []sarifLocation{{PhysicalLocation: loc}},
			PartialFingerprints: map[string]string{FingerprintKey: fingerprintOf(f)},
		}
		for i, rel := range f.Related {
			pl := sarifPhysical(d, src, rel)
			if pl == nil {
				continue
			}
			id := i + 1
			l := sarifLocation{ID: &id, PhysicalLocation: pl}
			if rel.Message != "" {
				l.Message = &sarifText{Text: rel.Message}
			}
			r.RelatedLocations = append(r.RelatedLocations, l)
		}
		if f.Patch != nil {
			r.Fixes = []sarifFix{sarifFixOf(d, src, f.Patch)}
		}
		if sup != nil {
			kind := "inSource"
			if sup.Kind == filter.KindBaseline {
				kind = "external"
			}
			r.Suppressions = []sarifSuppression{{Kind: kind, Status: "accepted", Justification: sup.Reason}}
		}
		props := &sarifResultProps{Component: f.Component, HubSpotProperty: f.HubSpotProperty, Evidence: f.Evidence}
		if f.Records != nil {
			props.RecordsChecked, props.RecordsFailing = f.Records.Checked, f.Records.Failing
		}
		if props.Component != "" || props.HubSpotProperty != "" || len(props.Evidence) > 0 || props.RecordsChecked > 0 {
			r.Properties = props
		}
		run.Results = append(run.Results, r)
	}
	for i := range d.Findings {
		emit(&d.Findings[i], nil)
	}
	for i := range d.Suppressed {
		emit(&d.Suppressed[i].Finding, &d.Suppressed[i].Suppression)
	}
	if d.Baseline != nil {
		for _, e := range d.Baseline.Stale {
			notes = append(notes, sarifNotification{Level: "warning", Message: sarifText{Text: "baseline entry " + e.Rule + " " + e.Component + " matches no finding; run `synclint baseline prune`"}})
		}
	}
	run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: notes}}
	log := sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func fingerprintOf(f *findings.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return findings.Fingerprint(*f)
}

func sarifRuleOf(r RuleInfo) sarifRule {
	help := r.Summary + "\n\nFix: " + r.Fix + "\n\n" + r.HelpURI
	md := ""
	if cr := findings.LookupRule(r.ID); cr != nil {
		md = findings.RuleMarkdown(cr)
	}
	tags := []string{"synclint", "salesforce", "hubspot"}
	if r.Category != "" {
		tags = append(tags, r.Category)
	}
	for _, t := range r.Tags {
		if !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 20 {
		tags = tags[:20]
	}
	level := sarifLevel(r.Severity)
	return sarifRule{
		ID:                   r.ID,
		Name:                 r.Name,
		ShortDescription:     sarifText{Text: limit(r.Title, 1024)},
		FullDescription:      sarifText{Text: limit(r.Summary, 1024)},
		Help:                 sarifMultiformat{Text: help, Markdown: md},
		HelpURI:              r.HelpURI,
		DefaultConfiguration: sarifRuleConfig{Level: level, Enabled: true},
		Properties: sarifRuleProperty{
			Tags:            tags,
			Precision:       orDefault(r.Precision, "medium"),
			ProblemSeverity: problemSeverity(level),
			Category:        r.Category,
		},
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// limit cuts s to n bytes at a rune boundary (GitHub's 1024-character cap on
// descriptions).
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func sarifPhysical(d *Document, src *sources, l findings.Location) *sarifPhysicalLocation {
	if l.File == "" {
		return nil
	}
	pl := &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uriPath(d.RepoPath(l.File))}}
	if l.Line > 0 {
		r := &sarifRegion{StartLine: l.Line, StartColumn: src.utf16Column(l.File, l.Line, l.Column)}
		if l.EndLine >= l.Line {
			r.EndLine = l.EndLine
			r.EndColumn = src.utf16Column(l.File, l.EndLine, l.EndColumn)
		}
		pl.Region = r
	}
	return pl
}

// uriPath escapes a relative path as a URI reference (spaces in business
// process file names, …), keeping slashes.
func uriPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%")
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// sarifFixOf turns a patch into a SARIF fix: the replaced range (lines and
// UTF-16 columns, plus the byte range, which is exact), and one change per
// file the patch creates.
func sarifFixOf(d *Document, src *sources, p *findings.Patch) sarifFix {
	start, length := p.Start, p.End-p.Start
	if length < 0 {
		length = 0
	}
	region := sarifRegion{ByteOffset: &start, ByteLength: &length}
	if p.Location.Line > 0 {
		region.StartLine = p.Location.Line
		region.StartColumn = src.utf16Column(p.File, p.Location.Line, p.Location.Column)
		if p.Location.EndLine >= p.Location.Line {
			region.EndLine = p.Location.EndLine
			region.EndColumn = src.utf16Column(p.File, p.Location.EndLine, p.Location.EndColumn)
		}
	}
	fix := sarifFix{
		Description: sarifText{Text: orDefault(p.Description, "Apply the proposed change")},
		ArtifactChanges: []sarifArtifactChange{{
			ArtifactLocation: sarifArtifactLocation{URI: uriPath(d.RepoPath(p.File))},
			Replacements:     []sarifReplacement{{DeletedRegion: region, InsertedContent: &sarifText{Text: p.Replacement}}},
		}},
	}
	for _, nf := range p.NewFiles {
		zero, none := 0, 0
		fix.ArtifactChanges = append(fix.ArtifactChanges, sarifArtifactChange{
			ArtifactLocation: sarifArtifactLocation{URI: uriPath(d.RepoPath(nf.File))},
			Replacements:     []sarifReplacement{{DeletedRegion: sarifRegion{ByteOffset: &zero, ByteLength: &none}, InsertedContent: &sarifText{Text: nf.Content}}},
		})
	}
	return fix
}
