package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// Input is everything an analysis reads.
type Input struct {
	// Root is the project root (the checked folder); finding files are
	// relative to it.
	Root     string
	Org      *metadata.Org
	HubSpot  *hubspotschema.Export
	Config   *config.Config
	Mappings *hubspotschema.MappingSet
	// Associations are the association mappings (defaults + config).
	Associations []*hubspotschema.AssociationMapping
	// Diagnostics met while building the input (SL03, SL04 from the config).
	Diagnostics []hubspotschema.Diagnostic
	// RecordsDir, when set, holds HubSpot record CSVs that override the
	// export's records/ folder.
	RecordsDir string
}

// LoadOptions says where to read from.
type LoadOptions struct {
	// Dir is the checked folder (project root).
	Dir string
	// ConfigPath overrides config discovery.
	ConfigPath string
	// HubSpotDir overrides the config's export folder.
	HubSpotDir string
	// RecordsDir overrides the records folder.
	RecordsDir string
	// Workers bounds parallel file loading (0 = all cores).
	Workers int
}

// ErrNothingRead means neither metadata nor a HubSpot export could be read.
var ErrNothingRead = errors.New("nothing could be read")

// LoadInput reads the config, the org and the HubSpot export (concurrently)
// and builds the mapping. It fails only on a bad config or an unreadable
// folder; everything else becomes diagnostics.
func LoadInput(opts LoadOptions) (*Input, error) {
	root, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opts.Dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", opts.Dir)
	}
	cfgPath := opts.ConfigPath
	if cfgPath == "" {
		cfgPath = config.Find(root)
	}
	var cfg *config.Config
	if cfgPath != "" {
		cfg, err = config.Load(cfgPath)
		if err != nil {
			return nil, err
		}
	} else {
		cfg = config.Default(root)
	}
	hsDir := opts.HubSpotDir
	if hsDir == "" {
		hsDir = cfg.Resolve(cfg.HubSpot)
	} else if !filepath.IsAbs(hsDir) {
		hsDir, _ = filepath.Abs(hsDir)
	}
	in := &Input{Root: root, Config: cfg, RecordsDir: opts.RecordsDir}
	if in.RecordsDir == "" && cfg.Records != "" {
		in.RecordsDir = cfg.Resolve(cfg.Records)
	}

	var wg sync.WaitGroup
	var orgErr, hsErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		in.Org, orgErr = metadata.Load(root, metadata.Options{Workers: opts.Workers})
	}()
	go func() {
		defer wg.Done()
		if _, err := os.Stat(hsDir); err != nil {
			in.HubSpot = &hubspotschema.Export{Dir: hsDir}
			in.Diagnostics = append(in.Diagnostics, hubspotschema.Diagnostic{
				Kind:    "SL03",
				Pos:     hubspotschema.Pos{File: relPath(root, hsDir)},
				Warning: true,
				Message: "no HubSpot export folder here: checks that compare HubSpot properties are skipped (run `synclint hubspot pull --out " + relPath(root, hsDir) + "` or set hubspot: in synclint.yaml)",
			})
			return
		}
		in.HubSpot, hsErr = hubspotschema.Load(hsDir, root)
	}()
	wg.Wait()
	if orgErr != nil {
		return nil, orgErr
	}
	if hsErr != nil {
		return nil, hsErr
	}
	set, assoc, diags := hubspotschema.BuildMappings(cfg)
	in.Mappings, in.Associations = set, assoc
	in.Diagnostics = append(in.Diagnostics, diags...)
	in.Diagnostics = append(in.Diagnostics, hubspotschema.ValidateMappings(set, in.HubSpot)...)
	if len(in.Org.Objects) == 0 && len(in.HubSpot.Objects) == 0 {
		return in, fmt.Errorf("%s: %w (no Salesforce metadata and no HubSpot export)", opts.Dir, ErrNothingRead)
	}
	return in, nil
}

func relPath(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// Options select what an analysis runs.
type Options struct {
	// Only restricts the run to these rule IDs (all when empty).
	Only []string
	// Disable switches rules off.
	Disable []string
	// Records enables the record-level pass when record files exist.
	Records bool
	// Now is the clock formulas see (TODAY(), NOW()); zero means the
	// current time. Fixing it makes witnesses and counts reproducible.
	Now time.Time
}

// Result is the outcome of an analysis.
type Result struct {
	Findings []Finding
	Summary  Summary
	// SyncOrder is the order in which objects must sync (AS04), when known.
	SyncOrder []string
	// Sync is the joined model (for reports that show it).
	Sync *SyncModel
	// RecordsRead counts records per HubSpot object in the records pass.
	RecordsRead map[string]int64
	// Now is the clock the analysis used.
	Now time.Time
}

// Summary counts findings.
type Summary struct {
	Total      int            `json:"total"`
	BySeverity map[string]int `json:"bySeverity"`
	ByRule     map[string]int `json:"byRule"`
	ByCategory map[string]int `json:"byCategory"`
	Objects    int            `json:"objects"`
	Fields     int            `json:"fields"`
	Rules      int            `json:"validationRules"`
	Properties int            `json:"hubspotProperties"`
	Mappings   int            `json:"mappings"`
}

// Analyze runs the catalog over the input.
func Analyze(in *Input, opts Options) *Result {
	shared := &Shared{}
	s := &sink{}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	syncModel := BuildSyncModel(in.Org, in.HubSpot, in.Mappings, in.Associations, in.Config)
	selected := selectRules(opts)
	var wg sync.WaitGroup
	for _, r := range selected {
		if r.Run == nil {
			continue
		}
		wg.Add(1)
		go func(r *Rule) {
			defer wg.Done()
			p := &Pass{Org: in.Org, HubSpot: in.HubSpot, Mappings: in.Mappings, Config: in.Config,
				Sync: syncModel, Shared: shared, Root: in.Root, now: now, rule: r, sink: s}
			defer func() {
				if rec := recover(); rec != nil {
					s.add(Finding{Rule: "SL01", Severity: Error, Message: fmt.Sprintf("internal error in rule %s: %v (please report this)", r.ID, rec)})
				}
			}()
			r.Run(p)
		}(r)
	}
	wg.Wait()
	res := &Result{Sync: syncModel, RecordsRead: map[string]int64{}, Now: now}
	if opts.Records {
		// Association exports first: record visitors may use their
		// aggregates (assocpass.go).
		runAssociationPass(in, shared, s)
	}
	if opts.Records && len(s.visitors) > 0 {
		runRecords(in, s, res)
	}
	s.flushDeferred()
	enabled := map[string]bool{}
	for _, r := range selected {
		enabled[r.ID] = true
	}
	for _, d := range in.Org.Diagnostics {
		if enabled["SL01"] {
			s.add(Finding{Rule: string(d.Kind), Severity: Error, Message: d.Message, Location: Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col}})
		}
	}
	for _, d := range append(append([]hubspotschema.Diagnostic(nil), in.HubSpot.Diagnostics...), in.Diagnostics...) {
		if enabled[d.Kind] {
			sev := Error
			if d.Warning {
				sev = Warning
			}
			s.add(Finding{Rule: d.Kind, Severity: sev, Message: d.Message, Component: d.Subject, HubSpotProperty: d.Subject,
				Location: Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col}})
		}
	}
	res.Findings = finalize(s.findings, in.Config, enabled)
	res.Summary = summarize(res.Findings, in, syncModel)
	if order, ok := shared.Get(SyncOrderKey, func() any { return []string(nil) }).([]string); ok {
		res.SyncOrder = order
	}
	return res
}

// SyncOrderKey is the Shared key under which AS04 stores the sync order.
const SyncOrderKey = "as04.order"

func selectRules(opts Options) []*Rule {
	only := map[string]bool{}
	for _, id := range opts.Only {
		only[strings.ToUpper(id)] = true
	}
	off := map[string]bool{}
	for _, id := range opts.Disable {
		off[strings.ToUpper(id)] = true
	}
	var out []*Rule
	for _, r := range Rules() {
		if len(only) > 0 && !only[r.ID] && !strings.HasPrefix(r.ID, "SL") {
			continue
		}
		if off[r.ID] {
			continue
		}
		out = append(out, r)
	}
	return out
}

// finalize applies config severity overrides, fills fingerprints, drops
// findings of disabled rules and sorts into a stable order.
func finalize(fs []Finding, cfg *config.Config, enabled map[string]bool) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if !enabled[f.Rule] {
			continue
		}
		if rc, ok := cfg.Rules[f.Rule]; ok {
			if rc.Enabled != nil && !*rc.Enabled {
				continue
			}
			if rc.Severity != "" {
				sev, _ := ParseSeverity(rc.Severity)
				if sev == SeverityNone {
					continue
				}
				f.Severity = sev
			}
		}
		if f.Fingerprint == "" {
			f.Fingerprint = Fingerprint(f)
		}
		out = append(out, f)
	}
	SortFindings(out)
	return out
}

// Fingerprint is the stable semantic identity of a finding: rule, component
// and key (and the message when there is no component), never a line.
func Fingerprint(f Finding) string {
	h := sha256.New()
	h.Write([]byte(f.Rule))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(f.Component)))
	h.Write([]byte{0})
	h.Write([]byte(f.Key))
	h.Write([]byte{0})
	if f.Component == "" && f.Key == "" {
		h.Write([]byte(f.File))
		h.Write([]byte{0})
		h.Write([]byte(f.Message))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// SortFindings orders findings by file, line, column, rule, component and
// message, so output is identical run after run.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Component != b.Component {
			return a.Component < b.Component
		}
		if a.HubSpotProperty != b.HubSpotProperty {
			return a.HubSpotProperty < b.HubSpotProperty
		}
		return a.Message < b.Message
	})
}

func summarize(fs []Finding, in *Input, m *SyncModel) Summary {
	s := Summary{BySeverity: map[string]int{}, ByRule: map[string]int{}, ByCategory: map[string]int{}}
	for _, f := range fs {
		s.Total++
		s.BySeverity[f.Severity.String()]++
		s.ByRule[f.Rule]++
		if r := LookupRule(f.Rule); r != nil {
			s.ByCategory[string(r.Category)]++
		}
	}
	s.Objects = len(in.Org.Objects)
	for _, o := range in.Org.Objects {
		s.Fields += len(o.Fields)
		s.Rules += len(o.ValidationRules)
	}
	for _, o := range in.HubSpot.Objects {
		s.Properties += len(o.Properties)
	}
	s.Mappings = len(in.Mappings.Mappings)
	return s
}

// runRecords streams each HubSpot object's record file once and hands every
// record to all visitors registered for that object.
func runRecords(in *Input, s *sink, res *Result) {
	byObject := map[string][]*RecordVisitor{}
	for _, v := range s.visitors {
		k := hubspotschema.CanonicalObjectType(v.Object)
		byObject[k] = append(byObject[k], v)
	}
	files := in.HubSpot.Records
	if in.RecordsDir != "" {
		files = hubspotschema.FindRecordFiles(in.RecordsDir, in.Root)
	}
	seen := map[string]bool{}
	for _, f := range files {
		obj := hubspotschema.CanonicalObjectType(f.ObjectType)
		vs := byObject[obj]
		if len(vs) == 0 || seen[obj] {
			continue
		}
		seen[obj] = true
		n, err := streamRecords(f, in.HubSpot.Object(obj), vs, s)
		res.RecordsRead[obj] += n
		if err != nil {
			s.add(Finding{Rule: "SL03", Severity: Error, Message: err.Error(), Location: Location{File: f.Pos.File, Line: f.Pos.Line}})
		}
		for _, v := range vs {
			if v.Done != nil {
				v.Done(f.Pos.File, n)
			}
		}
	}
}

// streamRecords hands every record of f to the visitors. Skipped rows and
// header problems become SL03 warnings (rowproblems.go).
func streamRecords(f *hubspotschema.RecordFile, obj *hubspotschema.ObjectType, vs []*RecordVisitor, s *sink) (int64, error) {
	rr, err := hubspotschema.OpenRecords(f, obj)
	if err != nil {
		return 0, err
	}
	defer rr.Close()
	reportHeaderWarnings(s, rr.Warnings())
	var skipped rowProblems
	defer skipped.report(s, f.Pos.File)
	var n int64
	for {
		rec, err := rr.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			var re *hubspotschema.RowError
			if errors.As(err, &re) {
				skipped.add(re)
				continue
			}
			return n, err
		}
		n++
		for _, v := range vs {
			v.Visit(rec)
		}
	}
}
