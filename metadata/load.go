package metadata

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/antchfx/xmlquery"
)

// DefaultMaxFileSize is the largest file Load reads (64 MiB). Larger files
// are reported as SL01 and skipped: the biggest real metadata files are a
// few MiB (an Address.settings with every state, a large profile), so a
// bigger one is not worth holding in memory.
const DefaultMaxFileSize int64 = 64 << 20

// Options tunes Load.
type Options struct {
	// Workers is the number of files read and parsed at once; 0 means
	// GOMAXPROCS.
	Workers int
	// Roots, when set, lists the metadata roots to read (relative to the
	// checkout) instead of discovering them. A root holding package.xml is
	// read as Metadata API format, any other as SFDX source format.
	Roots []string
	// MaxFileSize overrides DefaultMaxFileSize when positive.
	MaxFileSize int64
	// Parser selects the XML tree builder (default ParserFast).
	Parser Parser
	// SkipBuiltin leaves out built-in knowledge of standard objects, fields
	// and value sets: the Org then holds only what the checkout says.
	SkipBuiltin bool
}

// Load reads the Salesforce metadata checkout at root (SFDX source format,
// Metadata API format, or both) into an Org.
//
// It returns an error only when root does not exist, is not a folder or
// cannot be read. Every other problem — a malformed, empty, non-UTF-8 or
// oversized file, an unexpected root element, a duplicate component — is an
// SL01 Diagnostic in the Org, and loading goes on with the other files. A
// checkout without any metadata gives an empty Org with one diagnostic.
//
// Roots: the package directories of every sfdx-project.json (honouring its
// .forceignore), then Metadata API folders outside them — a folder holding
// package.xml next to metadata folders, or an objects/ folder of .object
// files; a package.xml alone is only a manifest. CumulusCI unpackaged/
// bundles count (their tokens are removed as in an unmanaged deploy), and a
// Force.com IDE "Referenced Packages/<pkg>" folder is an installed package
// whose namespace is applied. A checkout with neither is read as one SFDX
// root. A component defined twice within one SFDX project or one Metadata
// API folder is an SL01 duplicate (the first is kept); one that a later
// root defines again is ignored silently and counted in Stats.Shadowed —
// the org's own source comes first, installed packages last.
//
// Files are read and parsed by a pool of workers; the result is merged in
// file order, so it does not depend on the number of workers. Unless
// opts.SkipBuiltin, built-in knowledge then completes the standard objects
// the integration writes (see StandardField) and the standard value sets
// the checkout lacks.
func Load(root string, opts Options) (*Org, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("metadata: cannot open checkout: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("metadata: %s is not a folder", root)
	}
	if _, err := os.ReadDir(abs); err != nil {
		return nil, fmt.Errorf("metadata: cannot read checkout: %w", err)
	}
	l := &loader{opts: opts, maxSize: DefaultMaxFileSize}
	if opts.MaxFileSize > 0 {
		l.maxSize = opts.MaxFileSize
	}
	w := walk(abs)
	d := discover(abs, w, opts.Roots)
	l.roots = d.roots

	org := newOrg(abs)
	org.Namespace = d.namespace
	org.PackageDirs = d.packageDirs
	org.Diagnostics = append(org.Diagnostics, d.diagnostics...)

	m := newMerger(org, d.roots)
	rootUsed := make([]bool, len(d.roots))
	l.run(d.jobs, func(f *fragment) {
		m.merge(f)
		if f.read {
			rootUsed[f.job.root] = true
		}
	})
	m.finish()
	seen := map[Format]bool{}
	for i, r := range d.roots {
		org.Roots = append(org.Roots, r.Root)
		if rootUsed[i] && !seen[r.Format] {
			seen[r.Format] = true
			org.Formats = append(org.Formats, r.Format)
		}
	}
	sort.Slice(org.Formats, func(i, j int) bool { return org.Formats[i] < org.Formats[j] })

	if len(d.jobs) == 0 {
		org.Diagnostics = append(org.Diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: "."},
			Message: "no Salesforce metadata found: no sfdx-project.json package directory or Metadata API folder (package.xml with objects/, …) holds files synclint reads"})
	} else if !opts.SkipBuiltin {
		applyBuiltins(org)
	}
	sortDiagnostics(org.Diagnostics)
	return org, nil
}

func newOrg(root string) *Org {
	return &Org{
		Root:              root,
		Objects:           map[string]*Object{},
		GlobalValueSets:   map[string]*ValueSet{},
		StandardValueSets: map[string]*ValueSet{},
		Profiles:          map[string]*PermissionHolder{},
		PermissionSets:    map[string]*PermissionHolder{},
		CustomPermissions: map[string]*CustomPermission{},
		Classes:           map[string]*ApexClass{},
		Markers:           map[string]bool{},
	}
}

func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return ds[i].Message < ds[j].Message
	})
}

type loader struct {
	opts    Options
	maxSize int64
	roots   []rootInfo
}

// run parses every job with a pool of workers and hands the fragments to
// merge in job order, on the calling goroutine, as soon as each one and
// all before it are ready: merging overlaps parsing, and a fragment can be
// freed once merged.
func (l *loader) run(jobs []job, merge func(*fragment)) {
	workers := l.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(jobs) {
		workers = len(jobs)
	}
	ready := make([]chan *fragment, len(jobs))
	for i := range ready {
		ready[i] = make(chan *fragment, 1)
	}
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		go func() {
			b := newTreeBuilder()
			for i := range next {
				ready[i] <- l.process(b, &jobs[i])
			}
		}()
	}
	go func() {
		for _, i := range dispatchOrder(jobs) {
			next <- i
		}
		close(next)
	}()
	for i := range jobs {
		merge(<-ready[i])
	}
}

var errTooLarge = errors.New("file too large")

// readLimited reads a file of at most max bytes.
func readLimited(name string, max int64) ([]byte, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if fi.Size() > max {
		return nil, fi.Size(), errTooLarge
	}
	buf := make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if int64(len(buf)) > max {
			return nil, int64(len(buf)), errTooLarge
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	return buf, int64(len(buf)), nil
}

// expectedRoots are the root elements each kind of file must have.
var expectedRoots = map[fileKind][]string{
	kindObject:           {"CustomObject"},
	kindField:            {"CustomField"},
	kindValidationRule:   {"ValidationRule"},
	kindRecordType:       {"RecordType"},
	kindBusinessProcess:  {"BusinessProcess"},
	kindGlobalValueSet:   {"GlobalValueSet"},
	kindStandardValueSet: {"StandardValueSet"},
	kindDuplicateRule:    {"DuplicateRule"},
	kindMatchingRules:    {"MatchingRules"},
	kindAddressSettings:  {"AddressSettings"},
	kindProfile:          {"Profile"},
	kindPermissionSet:    {"PermissionSet"},
	kindCustomPermission: {"CustomPermission"},
	kindTriggerMeta:      {"ApexTrigger"},
	kindFlow:             {"Flow"},
	kindFlowDefinition:   {"FlowDefinition"},
	kindWorkflow:         {"Workflow"},
	kindWorkflowPart:     {"WorkflowFieldUpdate", "WorkflowRule"},
}

// processHook, when set by a test, runs before each file is read (to check
// that a panic while reading one file is contained).
var processHook func(*job)

// process reads and parses one file. A panic anywhere below becomes a
// diagnostic for this file only.
func (l *loader) process(b *treeBuilder, j *job) (frag *fragment) {
	frag = &fragment{job: j}
	defer func() {
		if r := recover(); r != nil {
			frag = &fragment{job: j, read: true, diagnostics: []Diagnostic{{Kind: DiagMalformed, Pos: Pos{File: j.rel, Line: 1},
				Message: fmt.Sprintf("internal error while reading this %s file, skipped: %v", j.kind, r)}}}
		}
	}()
	if processHook != nil {
		processHook(j)
	}
	data, size, err := readLimited(j.abs, l.maxSize)
	if err != nil {
		msg := "cannot read file: " + errText(err)
		if errors.Is(err, errTooLarge) {
			msg = fmt.Sprintf("file is %s, over the %s limit for one metadata file; skipped", byteSize(size), byteSize(l.maxSize))
		}
		// Line 1: the file as a whole, so that every diagnostic has a line.
		frag.diagnostics = append(frag.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: j.rel, Line: 1}, Message: msg})
		return frag
	}
	frag.read = true
	frag.bytes = size
	frag.marker = HasMarker(data)
	ctx := &fileCtx{rel: j.rel, data: data, frag: frag, ns: l.roots[j.root].Namespace, tokens: hasTokens(data)}

	switch j.kind {
	case kindTrigger, kindClass:
		src := string(data)
		if line := firstInvalidUTF8Line(data); line > 0 {
			ctx.diag(line, "file is not valid UTF-8; invalid bytes replaced")
			src = strings.ToValidUTF8(src, "\uFFFD")
		}
		src = strings.TrimPrefix(src, "\ufeff")
		if j.kind == kindClass {
			frag.class = &ApexClass{Name: j.name, Pos: Pos{File: j.rel, Line: 1}, Source: src,
				Hidden: strings.TrimSpace(src) == "(hidden)"}
			return frag
		}
		if strings.TrimSpace(src) == "(hidden)" {
			// Installed managed packages hide their Apex: the trigger
			// exists and runs, but its object and events are unknown.
			frag.trigger = &ApexTrigger{Name: ctx.qualifyComponent(j.name), Active: true, Hidden: true,
				Pos: Pos{File: j.rel, Line: 1}, Source: src}
			return frag
		}
		name, object, events, line, ok := parseTriggerHeader(src)
		if !ok {
			ctx.diag(line, "no trigger header (trigger Name on Object (events)) found; trigger ignored")
			return frag
		}
		if !strings.EqualFold(name, j.name) {
			// The file name is what deploys; report the mismatch but keep going.
			ctx.diag(line, "trigger is declared as %s but the file is named %s", name, j.name)
		}
		frag.trigger = &ApexTrigger{Name: j.name, Object: ctx.qualify(object), Events: events, Active: true,
			Pos: Pos{File: j.rel, Line: line}, Source: src}
		return frag
	}

	doc, err := b.parse(data, l.opts.Parser)
	if err != nil {
		pe := &parseError{Line: 1, Msg: err.Error()}
		errors.As(err, &pe)
		frag.diagnostics = append(frag.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: j.rel, Line: pe.Line},
			Message: fmt.Sprintf("malformed XML in %s file: %s", j.kind, pe.Msg)})
		return frag
	}
	root := rootElement(doc)
	if !l.rootOK(ctx, j, root) {
		return frag
	}
	switch j.kind {
	case kindObject:
		frag.objects = append(frag.objects, ctx.parseObject(root, j.name))
	case kindField:
		if f := ctx.parseField(root, ctx.qualify(j.object), j.name); f != nil {
			frag.fields = append(frag.fields, f)
		}
	case kindValidationRule:
		if r, fn := ctx.parseValidationRule(root, ctx.qualify(j.object), j.name); r != nil {
			ctx.locateFormulas([]*ValidationRule{r}, []*xmlquery.Node{fn})
			frag.rules = append(frag.rules, r)
		}
	case kindRecordType:
		if rt := ctx.parseRecordType(root, ctx.qualify(j.object), j.name); rt != nil {
			frag.recordTypes = append(frag.recordTypes, rt)
		}
	case kindBusinessProcess:
		if bp := ctx.parseBusinessProcess(root, ctx.qualify(j.object), j.name); bp != nil {
			frag.processes = append(frag.processes, bp)
		}
	case kindGlobalValueSet:
		frag.valueSet = ctx.parseValueSetFile(root, j.name, false)
	case kindStandardValueSet:
		frag.valueSet = ctx.parseValueSetFile(root, j.name, true)
	case kindDuplicateRule:
		if j.object == "" {
			ctx.diag(root.LineNumber, "duplicate rule file name must be <Object>.<Rule>; ignored")
			return frag
		}
		frag.dupRule = ctx.parseDuplicateRule(root, j.object, j.name)
	case kindMatchingRules:
		frag.matchRules = ctx.parseMatchingRules(root, j.object)
	case kindAddressSettings:
		frag.address = ctx.parseAddressSettings(root)
	case kindProfile, kindPermissionSet:
		h := newHolder(j.name, j.kind == kindProfile, ctx.pos(root))
		ctx.parseHolder(root, h)
		frag.holder = h
	case kindPermissionSetPart:
		h := newHolder(j.parent, false, ctx.pos(root))
		h.Label = ""
		if root.Data == "PermissionSet" {
			ctx.parseHolder(root, h)
		} else if kind := permissionEntryRoots[root.Data]; kind != "" {
			ctx.parseHolderEntry(root, kind, h)
		}
		frag.holder = h
	case kindCustomPermission:
		frag.customPerm = ctx.parseCustomPermission(root, j.name)
	case kindTriggerMeta:
		frag.trigStatus = strings.TrimSpace(ctx.childText(root, "status"))
	case kindFlow:
		frag.flow = ctx.parseFlow(root, j.name, j.version)
	case kindFlowDefinition:
		frag.flowDef = ctx.parseFlowDefinition(root, j.name)
	case kindWorkflow:
		frag.workflow = ctx.parseWorkflow(root, j.object)
	case kindWorkflowPart:
		w := &Workflow{Object: ctx.qualify(j.object), Pos: ctx.pos(root)}
		if root.Data == "WorkflowFieldUpdate" {
			if fu := ctx.parseFieldUpdate(root, j.name); fu != nil {
				w.FieldUpdates = append(w.FieldUpdates, fu)
			}
		} else if r := ctx.parseWorkflowRule(root, j.name); r != nil {
			w.Rules = append(w.Rules, r)
		}
		frag.workflow = w
	}
	return frag
}

// rootOK checks the root element of a file against its kind. An unknown
// root for a known folder is reported; unknown elements inside are not
// (Salesforce adds elements every release).
func (l *loader) rootOK(ctx *fileCtx, j *job, root *xmlquery.Node) bool {
	if j.kind == kindPermissionSetPart {
		if root.Data == "PermissionSet" {
			return true
		}
		if _, ok := permissionEntryRoots[root.Data]; ok {
			return true
		}
		ctx.diag(root.LineNumber, "unexpected root element <%s> in a decomposed permission set file; skipped", root.Data)
		return false
	}
	want := expectedRoots[j.kind]
	for _, w := range want {
		if root.Data == w {
			return true
		}
	}
	ctx.diag(root.LineNumber, "unexpected root element <%s> in a %s file (expected <%s>); skipped", root.Data, j.kind, strings.Join(want, "> or <"))
	return false
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// merger folds fragments into the org in file order. A component defined
// twice within one group of roots (one SFDX project, or one Metadata API
// folder) is reported and the first kept; one defined again in a later
// group is shadowed silently (counted in Stats.Shadowed).
type merger struct {
	org   *Org
	roots []rootInfo
	// owner maps a component key to the group that defined it.
	owner            map[string]int
	objFromFile      map[*Object]bool
	holderFromFile   map[*PermissionHolder]bool
	workflowFromFile map[*Workflow]bool
	triggerStatus    map[string]string // dir/lower(name) → status
	triggerDir       map[*ApexTrigger]string
	flowDefs         map[string]*flowDefinition
	workflows        map[string]*Workflow
}

func newMerger(org *Org, roots []rootInfo) *merger {
	return &merger{org: org, roots: roots, owner: map[string]int{}, objFromFile: map[*Object]bool{},
		holderFromFile: map[*PermissionHolder]bool{}, workflowFromFile: map[*Workflow]bool{},
		triggerStatus: map[string]string{}, flowDefs: map[string]*flowDefinition{}}
}

// claim records key for group g, or reports why it cannot: true means the
// component is new.
func (m *merger) claim(key string, g int, what string, pos Pos, first Pos) bool {
	prev, ok := m.owner[key]
	if !ok {
		m.owner[key] = g
		return true
	}
	if prev == g {
		m.org.Diagnostics = append(m.org.Diagnostics, Diagnostic{Kind: DiagMalformed, Pos: pos,
			Message: fmt.Sprintf("duplicate %s (first defined at %s); this one is ignored", what, first)})
	} else {
		m.org.Stats.Shadowed++
	}
	return false
}

func lower(s string) string { return strings.ToLower(s) }

func (m *merger) object(name string, pos Pos, fromFile bool) *Object {
	key := lower(name)
	o := m.org.Objects[key]
	if o == nil {
		o = &Object{Name: name, Pos: pos, Custom: isCustomName(name), Namespace: ParseNamespace(name), Fields: map[string]*Field{}}
		m.org.Objects[key] = o
		m.objFromFile[o] = fromFile
		return o
	}
	if fromFile && !m.objFromFile[o] {
		o.Pos = pos
		m.objFromFile[o] = true
	}
	return o
}

// objectDirPos is where an object known only from its child files lives:
// the objects/<Obj> folder.
func objectDirPos(rel string) Pos {
	return Pos{File: path.Dir(path.Dir(rel))}
}

func (m *merger) merge(f *fragment) {
	if f == nil {
		return
	}
	org := m.org
	org.Diagnostics = append(org.Diagnostics, f.diagnostics...)
	if f.read {
		org.Stats.Files++
		org.Stats.Bytes += f.bytes
		org.Markers[f.job.rel] = f.marker
	}
	g := m.roots[f.job.root].group
	for _, src := range f.objects {
		dst := m.object(src.Name, src.Pos, true)
		if dst.Label == "" {
			dst.Label = src.Label
		}
		if dst.NameField == nil && src.NameField != nil {
			dst.NameField = src.NameField
		}
		if dst.CustomSettingsType == "" {
			dst.CustomSettingsType = src.CustomSettingsType
		}
		if dst.SharingModel == "" {
			dst.SharingModel = src.SharingModel
		}
		for _, k := range src.FieldOrder {
			m.addField(dst, src.Fields[k], g)
		}
		for _, r := range src.ValidationRules {
			m.addRule(dst, r, g)
		}
		for _, rt := range src.RecordTypes {
			m.addRecordType(dst, rt, g)
		}
		for _, bp := range src.BusinessProcesses {
			m.addProcess(dst, bp, g)
		}
	}
	for _, fl := range f.fields {
		m.addField(m.object(fl.Object, objectDirPos(f.job.rel), false), fl, g)
	}
	for _, r := range f.rules {
		m.addRule(m.object(r.Object, objectDirPos(f.job.rel), false), r, g)
	}
	for _, rt := range f.recordTypes {
		m.addRecordType(m.object(rt.Object, objectDirPos(f.job.rel), false), rt, g)
	}
	for _, bp := range f.processes {
		m.addProcess(m.object(bp.Object, objectDirPos(f.job.rel), false), bp, g)
	}
	if vs := f.valueSet; vs != nil {
		set, prefix, what := org.GlobalValueSets, "gvs:", "global value set"
		if vs.Standard {
			set, prefix, what = org.StandardValueSets, "svs:", "standard value set"
		}
		key := lower(vs.Name)
		var first Pos
		if prev := set[key]; prev != nil {
			first = prev.Pos
		}
		if m.claim(prefix+key, g, what+" "+vs.Name, vs.Pos, first) {
			set[key] = vs
		}
	}
	if r := f.dupRule; r != nil {
		key := "dup:" + lower(r.Object+"."+r.Name)
		if m.claim(key, g, "duplicate rule "+r.Object+"."+r.Name, r.Pos, m.findDupRule(r)) {
			org.DuplicateRules = append(org.DuplicateRules, r)
		}
	}
	for _, r := range f.matchRules {
		key := "match:" + lower(r.Object+"."+r.Name)
		if m.claim(key, g, "matching rule "+r.Object+"."+r.Name, r.Pos, m.findMatchRule(r)) {
			org.MatchingRules = append(org.MatchingRules, r)
		}
	}
	if a := f.address; a != nil {
		var first Pos
		if org.Address != nil {
			first = org.Address.Pos
		}
		if m.claim("address", g, "Address settings", a.Pos, first) {
			org.Address = a
		}
	}
	if h := f.holder; h != nil {
		m.mergeHolder(h, f.job.kind, g)
	}
	if p := f.customPerm; p != nil {
		key := lower(p.Name)
		var first Pos
		if prev := org.CustomPermissions[key]; prev != nil {
			first = prev.Pos
		}
		if m.claim("cp:"+key, g, "custom permission "+p.Name, p.Pos, first) {
			org.CustomPermissions[key] = p
		}
	}
	if t := f.trigger; t != nil {
		var first Pos
		for _, prev := range org.Triggers {
			if strings.EqualFold(prev.Name, t.Name) {
				first = prev.Pos
			}
		}
		if m.claim("trigger:"+lower(t.Name), g, "trigger "+t.Name, t.Pos, first) {
			org.Triggers = append(org.Triggers, t)
			if m.triggerDir == nil {
				m.triggerDir = map[*ApexTrigger]string{}
			}
			m.triggerDir[t] = f.job.dir + "/" + lower(f.job.name)
		}
	}
	if f.job.kind == kindTriggerMeta && f.read {
		m.triggerStatus[f.job.dir+"/"+lower(f.job.name)] = f.trigStatus
	}
	if c := f.class; c != nil {
		key := lower(c.Name)
		var first Pos
		if prev := org.Classes[key]; prev != nil {
			first = prev.Pos
		}
		if m.claim("class:"+key, g, "Apex class "+c.Name, c.Pos, first) {
			org.Classes[key] = c
		}
	}
	if fl := f.flow; fl != nil {
		key := fmt.Sprintf("flow:%s#%d", lower(fl.Name), fl.Version)
		var first Pos
		for _, prev := range org.Flows {
			if strings.EqualFold(prev.Name, fl.Name) && prev.Version == fl.Version {
				first = prev.Pos
			}
		}
		if m.claim(key, g, "flow "+fl.Name, fl.Pos, first) {
			org.Flows = append(org.Flows, fl)
		}
	}
	if d := f.flowDef; d != nil {
		key := lower(d.name)
		var first Pos
		if prev := m.flowDefs[key]; prev != nil {
			first = prev.pos
		}
		if m.claim("flowdef:"+key, g, "flow definition "+d.name, d.pos, first) {
			m.flowDefs[key] = d
		}
	}
	if w := f.workflow; w != nil {
		m.mergeWorkflow(w, f.job.kind == kindWorkflow, g)
	}
}

func (m *merger) findDupRule(r *DuplicateRule) Pos {
	for _, p := range m.org.DuplicateRules {
		if strings.EqualFold(p.Object, r.Object) && strings.EqualFold(p.Name, r.Name) {
			return p.Pos
		}
	}
	return Pos{}
}

func (m *merger) findMatchRule(r *MatchingRule) Pos {
	for _, p := range m.org.MatchingRules {
		if strings.EqualFold(p.Object, r.Object) && strings.EqualFold(p.Name, r.Name) {
			return p.Pos
		}
	}
	return Pos{}
}

func (m *merger) addField(o *Object, f *Field, g int) {
	if f == nil {
		return
	}
	key := lower(f.Name)
	claimKey := "field:" + lower(o.Name) + "." + key
	prev := o.Fields[key]
	if key == "name" && prev != nil && prev != f && (prev == o.NameField || f == o.NameField) && m.owner[claimKey] == g {
		// The object file's <nameField> and a Name field file describe the
		// same field: complete one with the other.
		if f == o.NameField {
			fillField(f, prev)
			o.Fields[key] = f
		} else {
			fillField(prev, f)
		}
		return
	}
	var first Pos
	if prev != nil {
		first = prev.Pos
	}
	if !m.claim(claimKey, g, "field "+o.Name+"."+f.Name, f.Pos, first) {
		return
	}
	o.Fields[key] = f
	o.FieldOrder = append(o.FieldOrder, key)
}

// fillField copies into dst what src knows and dst does not.
func fillField(dst, src *Field) {
	if dst.Label == "" {
		dst.Label = src.Label
	}
	if dst.Type == TypeUnknown {
		dst.Type = src.Type
	}
	if dst.Length == 0 {
		dst.Length = src.Length
	}
	if dst.Description == "" {
		dst.Description = src.Description
	}
	if dst.InlineHelpText == "" {
		dst.InlineHelpText = src.InlineHelpText
	}
}

func (m *merger) addRule(o *Object, r *ValidationRule, g int) {
	var first Pos
	if prev := findRule(o.ValidationRules, r.Name); prev != nil {
		first = prev.Pos
	}
	if m.claim("vr:"+lower(o.Name+"."+r.Name), g, "validation rule "+o.Name+"."+r.Name, r.Pos, first) {
		r.Object = o.Name
		o.ValidationRules = append(o.ValidationRules, r)
	}
}

func (m *merger) addRecordType(o *Object, rt *RecordType, g int) {
	var first Pos
	if prev := findRecordType(o.RecordTypes, rt.Name); prev != nil {
		first = prev.Pos
	}
	if m.claim("rt:"+lower(o.Name+"."+rt.Name), g, "record type "+o.Name+"."+rt.Name, rt.Pos, first) {
		rt.Object = o.Name
		o.RecordTypes = append(o.RecordTypes, rt)
	}
}

func (m *merger) addProcess(o *Object, bp *BusinessProcess, g int) {
	var first Pos
	if prev := findProcess(o.BusinessProcesses, bp.Name); prev != nil {
		first = prev.Pos
	}
	if m.claim("bp:"+lower(o.Name+"."+bp.Name), g, "business process "+o.Name+"."+bp.Name, bp.Pos, first) {
		bp.Object = o.Name
		o.BusinessProcesses = append(o.BusinessProcesses, bp)
	}
}

// mergeHolder adds a profile or permission set, or folds a decomposed
// permission-set part into its permission set.
func (m *merger) mergeHolder(h *PermissionHolder, kind fileKind, g int) {
	set, prefix, what := m.org.PermissionSets, "ps:", "permission set"
	if h.Profile {
		set, prefix, what = m.org.Profiles, "profile:", "profile"
	}
	key := lower(h.Name)
	dst := set[key]
	if kind == kindPermissionSetPart {
		if dst == nil {
			dst = newHolder(h.Name, false, Pos{File: permissionSetFolder(h.Pos.File)})
			set[key] = dst
			m.holderFromFile[dst] = false
			m.owner[prefix+key] = g
		} else if m.owner[prefix+key] != g {
			m.org.Stats.Shadowed++
			return
		}
		mergeHolderEntries(dst, h)
		return
	}
	if dst != nil && !m.holderFromFile[dst] && m.owner[prefix+key] == g {
		// Parts came first: this is the permission set's own file.
		dst.Pos, dst.License = h.Pos, h.License
		if h.Label != "" {
			dst.Label = h.Label
		}
		m.holderFromFile[dst] = true
		mergeHolderEntries(dst, h)
		return
	}
	var first Pos
	if dst != nil {
		first = dst.Pos
	}
	if !m.claim(prefix+key, g, what+" "+h.Name, h.Pos, first) {
		return
	}
	set[key] = h
	m.holderFromFile[h] = true
}

// permissionSetFolder returns the permissionsets/<PS> folder of a
// decomposed part: where a permission set known only from parts lives.
func permissionSetFolder(file string) string {
	segs := strings.Split(file, "/")
	for i := len(segs) - 2; i > 0; i-- {
		if segs[i-1] == "permissionsets" {
			return strings.Join(segs[:i+1], "/")
		}
	}
	return path.Dir(file)
}

func mergeHolderEntries(dst, src *PermissionHolder) {
	if src.Label != "" && (dst.Label == "" || dst.Label == dst.Name) {
		dst.Label = src.Label
	}
	if dst.License == "" {
		dst.License = src.License
	}
	for k, v := range src.Objects {
		if _, ok := dst.Objects[k]; !ok {
			dst.Objects[k] = v
		}
	}
	for k, v := range src.Fields {
		if _, ok := dst.Fields[k]; !ok {
			dst.Fields[k] = v
		}
	}
	for k, v := range src.CustomPermissions {
		if _, ok := dst.CustomPermissions[k]; !ok {
			dst.CustomPermissions[k] = v
		}
	}
	for k, v := range src.UserPermissions {
		if _, ok := dst.UserPermissions[k]; !ok {
			dst.UserPermissions[k] = v
		}
	}
	for k, v := range src.DefaultRecordTypes {
		if _, ok := dst.DefaultRecordTypes[k]; !ok {
			dst.DefaultRecordTypes[k] = v
		}
	}
	for k, v := range src.VisibleRecordTypes {
		if _, ok := dst.VisibleRecordTypes[k]; !ok {
			dst.VisibleRecordTypes[k] = v
		}
	}
}

// mergeWorkflow adds a workflow file or folds a decomposed part (field
// update, rule) into its object's workflow.
func (m *merger) mergeWorkflow(w *Workflow, wholeFile bool, g int) {
	if m.workflows == nil {
		m.workflows = map[string]*Workflow{}
	}
	key := lower(w.Object)
	dst := m.workflows[key]
	if dst == nil {
		dst = &Workflow{Object: w.Object, Pos: w.Pos}
		if !wholeFile {
			dst.Pos = Pos{File: path.Dir(path.Dir(w.Pos.File))}
		}
		m.workflows[key] = dst
		m.workflowFromFile[dst] = wholeFile
		m.owner["wf:"+key] = g
		m.org.Workflows = append(m.org.Workflows, dst)
	} else {
		if m.owner["wf:"+key] != g {
			m.org.Stats.Shadowed++
			return
		}
		if wholeFile {
			if m.workflowFromFile[dst] {
				m.org.Diagnostics = append(m.org.Diagnostics, Diagnostic{Kind: DiagMalformed, Pos: w.Pos,
					Message: fmt.Sprintf("duplicate workflow for %s (first defined at %s); this one is ignored", w.Object, dst.Pos)})
				return
			}
			dst.Pos = w.Pos
			m.workflowFromFile[dst] = true
		}
	}
	for _, fu := range w.FieldUpdates {
		var first Pos
		for _, p := range dst.FieldUpdates {
			if strings.EqualFold(p.Name, fu.Name) {
				first = p.Pos
			}
		}
		if first.File != "" {
			m.org.Diagnostics = append(m.org.Diagnostics, Diagnostic{Kind: DiagMalformed, Pos: fu.Pos,
				Message: fmt.Sprintf("duplicate workflow field update %s.%s (first defined at %s); this one is ignored", w.Object, fu.Name, first)})
			continue
		}
		dst.FieldUpdates = append(dst.FieldUpdates, fu)
	}
	for _, r := range w.Rules {
		var first Pos
		for _, p := range dst.Rules {
			if strings.EqualFold(p.Name, r.Name) {
				first = p.Pos
			}
		}
		if first.File != "" {
			m.org.Diagnostics = append(m.org.Diagnostics, Diagnostic{Kind: DiagMalformed, Pos: r.Pos,
				Message: fmt.Sprintf("duplicate workflow rule %s.%s (first defined at %s); this one is ignored", w.Object, r.Name, first)})
			continue
		}
		dst.Rules = append(dst.Rules, r)
	}
}

// finish pairs triggers with their -meta.xml, resolves flow activity,
// sorts every list and counts.
func (m *merger) finish() {
	org := m.org
	for _, t := range org.Triggers {
		if st, ok := m.triggerStatus[m.triggerDir[t]]; ok {
			t.Status = st
			// Active, Inactive or Deleted (api_meta meta_classes/ApexTrigger:
			// "status — The current status of the Apex trigger").
			t.Active = st == "" || st == "Active"
		}
	}
	for _, fl := range org.Flows {
		if fl.Status != "" {
			fl.Active = fl.Status == "Active"
			continue
		}
		// Before API 44 the active version lives in the FlowDefinition
		// (api_meta meta_visual_workflow.htm, FlowDefinition
		// activeVersionNumber: "If not specified, the flow is inactive").
		if d := m.flowDefs[lower(fl.Name)]; d != nil && d.hasActive {
			if fl.Version > 0 {
				fl.Active = d.activeVersion == fl.Version
			} else {
				fl.Active = d.activeVersion > 0
			}
		}
	}
	for _, o := range org.Objects {
		sort.SliceStable(o.ValidationRules, func(i, j int) bool { return o.ValidationRules[i].Name < o.ValidationRules[j].Name })
		sort.SliceStable(o.RecordTypes, func(i, j int) bool { return o.RecordTypes[i].Name < o.RecordTypes[j].Name })
		sort.SliceStable(o.BusinessProcesses, func(i, j int) bool { return o.BusinessProcesses[i].Name < o.BusinessProcesses[j].Name })
		org.Stats.Objects++
		org.Stats.Fields += len(o.Fields)
		org.Stats.ValidationRules += len(o.ValidationRules)
		org.Stats.RecordTypes += len(o.RecordTypes)
	}
	sort.SliceStable(org.DuplicateRules, func(i, j int) bool {
		a, b := org.DuplicateRules[i], org.DuplicateRules[j]
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Name < b.Name
	})
	sort.SliceStable(org.MatchingRules, func(i, j int) bool {
		a, b := org.MatchingRules[i], org.MatchingRules[j]
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Name < b.Name
	})
	sort.SliceStable(org.Triggers, func(i, j int) bool { return org.Triggers[i].Name < org.Triggers[j].Name })
	sort.SliceStable(org.Flows, func(i, j int) bool {
		a, b := org.Flows[i], org.Flows[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Version < b.Version
	})
	sort.SliceStable(org.Workflows, func(i, j int) bool { return org.Workflows[i].Object < org.Workflows[j].Object })
	for _, w := range org.Workflows {
		sort.SliceStable(w.FieldUpdates, func(i, j int) bool { return w.FieldUpdates[i].Name < w.FieldUpdates[j].Name })
		sort.SliceStable(w.Rules, func(i, j int) bool { return w.Rules[i].Name < w.Rules[j].Name })
	}
	org.Stats.Profiles = len(org.Profiles)
	org.Stats.PermissionSets = len(org.PermissionSets)
	org.Stats.Flows = len(org.Flows)
	org.Stats.Triggers = len(org.Triggers)
	org.Stats.Classes = len(org.Classes)
	org.Stats.Workflows = len(org.Workflows)
}
