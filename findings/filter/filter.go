// Package filter post-processes the findings of an analysis before they are
// rendered: inline suppressions (synclint:ignore directives), the baseline,
// --new-from-rev and the --severity filter. It is a fixed pipeline in the
// spirit of golangci-lint's processors; each step records how many findings
// went in and came out, and the findings it hides are kept (with the reason
// they were hidden) so reports can count them and --show-suppressed can list
// them.
//
// Order: suppressions → baseline → new-from-rev → severity. Suppressions come
// first so that a baseline never records a finding the code already
// suppresses, and so that unused directives (SL05) are judged against every
// finding; the severity filter comes last so that it never changes what the
// baseline or the directives match.
package filter

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/metadata"
)

// Options configure the pipeline.
type Options struct {
	// Root is the checked folder (absolute); finding files are relative to it.
	Root string
	// Org is the loaded org: its metadata roots are scanned for XML comment
	// directives and its validation rules and fields for description tokens.
	// Nil skips inline suppressions.
	Org *metadata.Org
	// Config supplies severity overrides for the SL05 findings the pipeline
	// creates (rules.SL05.severity / enabled).
	Config *config.Config
	// Ran holds the IDs of the rules that ran (findings.EnabledRules): a
	// directive or baseline entry for a rule that did not run is neither
	// unused nor stale.
	Ran []string
	// NoInline disables synclint:ignore directives.
	NoInline bool
	// Baseline hides the findings it lists (nil: no baseline).
	Baseline *Baseline
	// Changes, when set, keeps only findings located in changed lines
	// (--new-from-rev).
	Changes *ChangeSet
	// MinSeverity hides findings below it (--severity); SeverityNone and Note
	// keep everything.
	MinSeverity findings.Severity
	// Now decides whether baseline entries have expired; zero means no entry
	// expires (tests pass a fixed time, the CLI passes time.Now()).
	Now time.Time
}

// How a hidden finding was hidden.
const (
	// KindInSource: an XML comment directive in the metadata file.
	KindInSource = "inSource"
	// KindDescription: a [synclint:ignore …] token in a description.
	KindDescription = "description"
	// KindBaseline: an entry of the baseline file.
	KindBaseline = "baseline"
)

// Suppression says why a finding is not reported.
type Suppression struct {
	// Kind is inSource, description or baseline.
	Kind string `json:"kind"`
	// Reason is the justification written in the directive or baseline entry.
	Reason string `json:"reason,omitempty"`
	// Location is where the directive is (the baseline file for baseline
	// entries).
	Location findings.Location `json:"location"`
	// Expires is the expiry date of a baseline entry (YYYY-MM-DD).
	Expires string `json:"expires,omitempty"`
}

// Suppressed is a finding hidden by a suppression.
type Suppressed struct {
	findings.Finding
	Suppression Suppression `json:"suppression"`
}

// Counts says how many findings each step hid.
type Counts struct {
	// Suppressed by synclint:ignore directives (comments and descriptions).
	Suppressed int `json:"suppressed"`
	// Baselined: listed in the baseline.
	Baselined int `json:"baselined"`
	// Unchanged: outside the lines changed since --new-from-rev.
	Unchanged int `json:"unchanged"`
	// BelowSeverity: below --severity.
	BelowSeverity int `json:"belowSeverity"`
}

// Stat is one step's throughput.
type Stat struct {
	Step string
	In   int
	Out  int
}

// Outcome is the result of the pipeline.
type Outcome struct {
	// Findings are the findings to report, in report order.
	Findings []findings.Finding
	// Suppressed are the findings hidden by directives or the baseline, in
	// report order.
	Suppressed []Suppressed
	Counts     Counts
	// Stale are baseline entries (of rules that ran) that matched no finding.
	Stale []BaselineEntry
	// Expired are baseline entries past their expiry date: their findings
	// are reported again.
	Expired []BaselineEntry
	// Directives are the synclint:ignore directives found (valid or not).
	Directives []*Directive
	// Stats lists each step's in/out counts.
	Stats []Stat
}

// Apply runs the pipeline over fs (which it does not modify).
func Apply(fs []findings.Finding, opts Options) *Outcome {
	out := &Outcome{}
	cur := append([]findings.Finding(nil), fs...)
	ran := map[string]bool{}
	for _, id := range opts.Ran {
		ran[strings.ToUpper(id)] = true
	}
	if opts.Ran == nil {
		for _, r := range findings.Rules() {
			ran[r.ID] = true
		}
	}

	if !opts.NoInline && opts.Org != nil {
		in := len(cur)
		out.Directives = ScanDirectives(opts.Root, opts.Org)
		var diags []findings.Finding
		cur, out.Suppressed, diags = applyDirectives(cur, out.Directives, ran)
		out.Counts.Suppressed = len(out.Suppressed)
		if ran["SL05"] {
			cur = append(cur, configure(diags, opts.Config)...)
		}
		out.Stats = append(out.Stats, Stat{"suppressions", in, len(cur)})
	}
	if opts.Baseline != nil {
		in := len(cur)
		var hidden []Suppressed
		cur, hidden, out.Stale, out.Expired = opts.Baseline.apply(cur, ran, opts.Now, baselineLocation(opts.Root, opts.Baseline.Path))
		out.Counts.Baselined = len(hidden)
		out.Suppressed = append(out.Suppressed, hidden...)
		out.Stats = append(out.Stats, Stat{"baseline", in, len(cur)})
	}
	if opts.Changes != nil {
		in := len(cur)
		kept := cur[:0:0]
		for _, f := range cur {
			if opts.Changes.Touches(f) {
				kept = append(kept, f)
			}
		}
		out.Counts.Unchanged = in - len(kept)
		cur = kept
		out.Stats = append(out.Stats, Stat{"new-from-rev", in, len(cur)})
	}
	if opts.MinSeverity > findings.Note {
		in := len(cur)
		kept := cur[:0:0]
		for _, f := range cur {
			if f.Severity >= opts.MinSeverity {
				kept = append(kept, f)
			}
		}
		out.Counts.BelowSeverity = in - len(kept)
		cur = kept
		out.Stats = append(out.Stats, Stat{"severity", in, len(cur)})
	}
	Sort(cur)
	sort.SliceStable(out.Suppressed, func(i, j int) bool { return less(&out.Suppressed[i].Finding, &out.Suppressed[j].Finding) })
	out.Findings = cur
	if out.Findings == nil {
		out.Findings = []findings.Finding{}
	}
	return out
}

// configure applies the config's rule settings to findings the pipeline
// creates (Analyze applies them to the others), and fills fingerprints.
func configure(fs []findings.Finding, cfg *config.Config) []findings.Finding {
	out := fs[:0:0]
	for _, f := range fs {
		if cfg != nil {
			if rc, ok := cfg.Rules[f.Rule]; ok {
				if rc.Enabled != nil && !*rc.Enabled {
					continue
				}
				if rc.Severity != "" {
					sev, err := findings.ParseSeverity(rc.Severity)
					if err == nil {
						if sev == findings.SeverityNone {
							continue
						}
						f.Severity = sev
					}
				}
			}
		}
		if f.Fix == "" {
			if r := findings.LookupRule(f.Rule); r != nil {
				f.Fix = r.Fix
			}
		}
		if f.Fingerprint == "" {
			f.Fingerprint = findings.Fingerprint(f)
		}
		out = append(out, f)
	}
	return out
}

// Sort orders findings as findings.SortFindings does, breaking its remaining
// ties by fingerprint and evidence, so that the order never depends on the
// order in which concurrently running rules reported.
func Sort(fs []findings.Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return less(&fs[i], &fs[j]) })
}

func less(a, b *findings.Finding) bool {
	switch {
	case a.File != b.File:
		return a.File < b.File
	case a.Line != b.Line:
		return a.Line < b.Line
	case a.Column != b.Column:
		return a.Column < b.Column
	case a.Rule != b.Rule:
		return a.Rule < b.Rule
	case a.Component != b.Component:
		return a.Component < b.Component
	case a.HubSpotProperty != b.HubSpotProperty:
		return a.HubSpotProperty < b.HubSpotProperty
	case a.Message != b.Message:
		return a.Message < b.Message
	case a.Fingerprint != b.Fingerprint:
		return a.Fingerprint < b.Fingerprint
	}
	return evidenceString(a.Evidence) < evidenceString(b.Evidence)
}

func evidenceString(e findings.Evidence) string {
	var b strings.Builder
	for _, f := range e {
		b.WriteString(f.Key)
		b.WriteByte(0)
		b.WriteString(f.Value)
		b.WriteByte(0)
	}
	return b.String()
}

// baselineLocation names the baseline file relative to the checked folder
// when it is inside it.
func baselineLocation(root, p string) findings.Location {
	if p == "" {
		return findings.Location{File: BaselineFileName}
	}
	if root != "" {
		if abs, err := filepath.Abs(p); err == nil {
			if r, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(r, "..") {
				return findings.Location{File: filepath.ToSlash(r)}
			}
		}
	}
	return findings.Location{File: filepath.ToSlash(p)}
}
