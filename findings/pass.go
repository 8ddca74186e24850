package findings

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// Pass is what a rule's Run sees: both systems, the mapping, the join and a
// way to report. A Pass is created per rule; rules may run concurrently and
// must treat everything they are given as read-only.
type Pass struct {
	Org      *metadata.Org
	HubSpot  *hubspotschema.Export
	Mappings *hubspotschema.MappingSet
	Config   *config.Config
	Sync     *SyncModel
	// Root is the project root; finding files are relative to it.
	Root string
	// Shared holds results computed once and used by several rules
	// (compiled validation rules, …).
	Shared *Shared

	now  time.Time
	rule *Rule
	sink *sink
}

// Now is the analysis clock (UTC, whole seconds): TODAY() and NOW() in
// formulas evaluate against it, the same for every rule of a run.
func (p *Pass) Now() time.Time {
	if p.now.IsZero() {
		return time.Now().UTC().Truncate(time.Second)
	}
	return p.now
}

// ConfigLocation returns the place in synclint.yaml where key is set
// ("contactsCreate", "sync.companies"), falling back to the top of the file;
// it is empty when there is no config file.
func (p *Pass) ConfigLocation(key string) Location {
	if p.Config == nil || p.Config.Path == "" {
		// Without a config the defaults apply; point at the project manifest.
		for _, m := range []string{"sfdx-project.json", "package.xml"} {
			if _, err := os.Stat(filepath.Join(p.Root, m)); err == nil {
				return Location{File: m, Line: 1}
			}
		}
		return Location{}
	}
	line := p.Config.Line(key)
	if line == 0 {
		line = 1
	}
	return Location{File: relPath(p.Root, p.Config.Path), Line: line}
}

// ObjectLocation returns where a synced object is defined: its file in the
// checkout, or, for objects known only from built-in knowledge, the setting
// that makes the integration write them.
func (p *Pass) ObjectLocation(so *SyncedObject) Location {
	if so.Object != nil && so.Object.Pos.File != "" {
		return locOf(so.Object.Pos)
	}
	switch so.HubSpotObject {
	case "contacts":
		return p.ConfigLocation("contactsCreate")
	case "companies", "deals", "tickets":
		return p.ConfigLocation("sync." + so.HubSpotObject)
	}
	for _, t := range so.Targets {
		if t.Mapping.Pos.File != "" {
			return Location{File: t.Mapping.Pos.File, Line: t.Mapping.Pos.Line, Column: t.Mapping.Pos.Col}
		}
	}
	return p.ConfigLocation("mappings")
}

// FieldLocation returns a field's definition, or its object's location.
func (p *Pass) FieldLocation(so *SyncedObject, f *metadata.Field) Location {
	if f != nil && f.Pos.File != "" {
		return locOf(f.Pos)
	}
	return p.ObjectLocation(so)
}

// Rule returns the rule this pass runs.
func (p *Pass) Rule() *Rule { return p.rule }

// Report records a finding. Rule and default severity are filled in when
// left empty; Component defaults to Object.Field or Object.ValidationRule.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.rule.ID
	}
	if f.Severity == SeverityNone {
		f.Severity = p.rule.Severity
	}
	if f.Fix == "" {
		f.Fix = p.rule.Fix
	}
	if f.Component == "" {
		switch {
		case f.Object != "" && f.ValidationRule != "":
			f.Component = f.Object + "." + f.ValidationRule
		case f.Object != "" && f.Field != "":
			f.Component = f.Object + "." + f.Field
		case f.Object != "":
			f.Component = f.Object
		}
	}
	p.sink.add(f)
}

// ReportDeferred records a finding that record visitors may still refine
// (counts, severity): it is added to the results after the records pass,
// with the same defaults as Report.
func (p *Pass) ReportDeferred(f *Finding) {
	p.ReportDeferredIf(f, nil)
}

// ReportDeferredIf is ReportDeferred for a finding that only stands when
// keep returns true after the records pass (a finding only records can
// establish).
func (p *Pass) ReportDeferredIf(f *Finding, keep func() bool) {
	p.sink.mu.Lock()
	p.sink.deferred = append(p.sink.deferred, deferred{f: f, pass: p, keep: keep})
	p.sink.mu.Unlock()
}

// OnRecords registers a visitor for the records pass: every record of the
// visitor's HubSpot object is handed to Visit during one shared streaming
// pass over the export's CSV file, then Done is called once.
func (p *Pass) OnRecords(v *RecordVisitor) {
	v.rule = p.rule
	v.pass = p
	p.sink.mu.Lock()
	p.sink.visitors = append(p.sink.visitors, v)
	p.sink.mu.Unlock()
}

// RecordVisitor is a rule's record-level part.
type RecordVisitor struct {
	// Object is the HubSpot object type whose records are visited.
	Object string
	// Visit is called for each record, in file order, from one goroutine.
	// The record is only valid during the call.
	Visit func(r *hubspotschema.Record)
	// Done is called after the file has been read, with the file's relative
	// path and the number of records read, and reports the findings.
	Done func(file string, records int64)

	rule *Rule
	pass *Pass
}

type sink struct {
	mu       sync.Mutex
	findings []Finding
	visitors []*RecordVisitor
	deferred []deferred
}

type deferred struct {
	f    *Finding
	pass *Pass
	keep func() bool
}

// flushDeferred reports the deferred findings in registration order.
func (s *sink) flushDeferred() {
	ds := s.deferred
	s.deferred = nil
	for _, d := range ds {
		if d.keep != nil && !d.keep() {
			continue
		}
		d.pass.Report(*d.f)
	}
}

func (s *sink) add(f Finding) {
	s.mu.Lock()
	s.findings = append(s.findings, f)
	s.mu.Unlock()
}

// Shared caches values several rules compute from the same input. Get runs
// build once per key, even when rules run concurrently.
type Shared struct {
	mu    sync.Mutex
	calls map[string]*sharedCall
}

type sharedCall struct {
	once sync.Once
	v    any
}

// Get returns the cached value for key, computing it with build on first use.
func (s *Shared) Get(key string, build func() any) any {
	s.mu.Lock()
	if s.calls == nil {
		s.calls = map[string]*sharedCall{}
	}
	c := s.calls[key]
	if c == nil {
		c = &sharedCall{}
		s.calls[key] = c
	}
	s.mu.Unlock()
	c.once.Do(func() { c.v = build() })
	return c.v
}
