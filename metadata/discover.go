package metadata

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// fileKind is the kind of metadata a file holds, decided from its name and
// folder the way the Salesforce CLI's registry does (source-deploy-retrieve
// src/registry/metadataRegistry.json: suffixes and strict folder names).
type fileKind int

const (
	kindNone              fileKind = iota
	kindObject                     // CustomObject: .object (children inline) or .object-meta.xml
	kindField                      // objects/<Obj>/fields/<F>.field-meta.xml
	kindValidationRule             // objects/<Obj>/validationRules/<R>.validationRule-meta.xml
	kindRecordType                 // objects/<Obj>/recordTypes/<RT>.recordType-meta.xml
	kindBusinessProcess            // objects/<Obj>/businessProcesses/<BP>.businessProcess-meta.xml
	kindGlobalValueSet             // globalValueSets/<N>.globalValueSet[-meta.xml]
	kindStandardValueSet           // standardValueSets/<N>.standardValueSet[-meta.xml]
	kindDuplicateRule              // duplicateRules/<Obj>.<Rule>.duplicateRule[-meta.xml]
	kindMatchingRules              // matchingRules/<Obj>.matchingRule[-meta.xml]
	kindAddressSettings            // settings/Address.settings[-meta.xml]
	kindProfile                    // profiles/<P>.profile[-meta.xml]
	kindPermissionSet              // permissionsets/<PS>.permissionset[-meta.xml]
	kindPermissionSetPart          // permissionsets/<PS>/… decomposed (beta) child files
	kindCustomPermission           // customPermissions/<N>.customPermission[-meta.xml]
	kindTrigger                    // triggers/<T>.trigger
	kindTriggerMeta                // triggers/<T>.trigger-meta.xml
	kindClass                      // classes/<C>.cls
	kindFlow                       // flows/<F>.flow-meta.xml, flows/<F>[-N].flow
	kindFlowDefinition             // flowDefinitions/<F>.flowDefinition[-meta.xml]
	kindWorkflow                   // workflows/<Obj>.workflow[-meta.xml]
	kindWorkflowPart               // workflows/<Obj>/workflowFieldUpdates|workflowRules/… (beta)
)

var kindNames = map[fileKind]string{
	kindObject: "object", kindField: "field", kindValidationRule: "validation rule",
	kindRecordType: "record type", kindBusinessProcess: "business process",
	kindGlobalValueSet: "global value set", kindStandardValueSet: "standard value set",
	kindDuplicateRule: "duplicate rule", kindMatchingRules: "matching rules",
	kindAddressSettings: "Address settings", kindProfile: "profile",
	kindPermissionSet: "permission set", kindPermissionSetPart: "permission set part",
	kindCustomPermission: "custom permission", kindTrigger: "trigger",
	kindTriggerMeta: "trigger metadata", kindClass: "Apex class", kindFlow: "flow",
	kindFlowDefinition: "flow definition", kindWorkflow: "workflow",
	kindWorkflowPart: "workflow part",
}

func (k fileKind) String() string { return kindNames[k] }

// job is one file to read.
type job struct {
	kind fileKind
	abs  string
	rel  string // relative to Org.Root, forward slashes
	root int    // index in roots
	// name is the component name from the file name: URL-decoded, CumulusCI
	// tokens removed. For children it is object-relative.
	name string
	// object is the owning object of children and of duplicate rules,
	// matching rules and workflows.
	object string
	// parent is the permission set of a decomposed part.
	parent string
	// version is N of a legacy versioned flow file Name-N.flow.
	version int
	// dir is the folder of the file, to pair triggers with their -meta.xml.
	dir string
}

// rootInfo is a discovered root with the bookkeeping Load needs.
type rootInfo struct {
	Root
	group  int          // roots of one sfdx-project.json share a group
	ignore *ignoreRules // .forceignore of the SFDX project
	ignDir string       // folder the .forceignore patterns are relative to
}

// walkedFile is a regular file found by the walk.
type walkedFile struct {
	rel string
	abs string
}

type walkResult struct {
	files       []walkedFile
	projects    []string        // folders holding sfdx-project.json
	packageXML  map[string]bool // folders holding package.xml
	diagnostics []Diagnostic
}

// skipDir reports folders never read: version control, editor and CLI
// state, dependencies. Hidden folders hold no deployable metadata.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}

// walk lists the files under root. Folder symlinks are followed after the
// real folders have been walked, and only to folders not already entered:
// a link back to an ancestor (a loop) or to a folder also reachable
// directly is not followed, so every file is listed once, under its real
// path when it has one inside the checkout. Real paths are derived from the
// parent's without a system call except at symlinks.
func walk(root string) walkResult {
	res := walkResult{packageXML: map[string]bool{}}
	visited := map[string]bool{}
	type link struct{ abs, rel string }
	var links []link
	var visit func(abs, real, rel string)
	visit = func(abs, real, rel string) {
		if visited[real] {
			return // a loop, or a second way into a folder already read
		}
		visited[real] = true
		entries, err := os.ReadDir(abs)
		if err != nil {
			res.diagnostics = append(res.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: relOrDot(rel)},
				Message: "cannot read folder: " + errText(err)})
			return
		}
		for _, e := range entries {
			name := e.Name()
			childAbs := filepath.Join(abs, name)
			childRel := name
			if rel != "" {
				childRel = rel + "/" + name
			}
			mode := e.Type()
			if mode&os.ModeSymlink != 0 {
				fi, err := os.Stat(childAbs)
				if err != nil {
					continue // dangling link
				}
				mode = fi.Mode().Type()
				if mode.IsDir() {
					if !skipDir(name) {
						links = append(links, link{childAbs, childRel})
					}
					continue
				}
			}
			switch {
			case mode.IsDir():
				if skipDir(name) {
					continue
				}
				visit(childAbs, filepath.Join(real, name), childRel)
			case mode.IsRegular():
				res.files = append(res.files, walkedFile{rel: childRel, abs: childAbs})
				switch name {
				case "sfdx-project.json":
					res.projects = append(res.projects, rel)
				case "package.xml":
					res.packageXML[rel] = true
				}
			}
		}
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	visit(root, real, "")
	for len(links) > 0 {
		l := links[0]
		links = links[1:]
		target, err := filepath.EvalSymlinks(l.abs)
		if err != nil {
			continue
		}
		visit(l.abs, target, l.rel)
	}
	sort.Slice(res.files, func(i, j int) bool { return res.files[i].rel < res.files[j].rel })
	return res
}

// rootDir turns a Root.Path back into a prefix for within/relTo.
func rootDir(p string) string {
	if p == "." {
		return ""
	}
	return p
}

func relOrDot(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// deepestAncestor returns the value of the deepest folder of rel (a file
// path) found in dirs ("" being the checkout root), or -1.
func deepestAncestor(rel string, dirs map[string]int) int {
	if dir, ok := deepestAncestorDir(rel, dirs); ok {
		return dirs[dir]
	}
	return -1
}

func deepestAncestorDir(rel string, dirs map[string]int) (string, bool) {
	if len(dirs) == 0 {
		return "", false
	}
	for dir := rel; ; {
		i := strings.LastIndexByte(dir, '/')
		if i < 0 {
			_, ok := dirs[""]
			return "", ok
		}
		dir = dir[:i]
		if _, ok := dirs[dir]; ok {
			return dir, true
		}
	}
}

// relTo returns rel relative to dir.
func relTo(rel, dir string) string {
	if dir == "" || dir == "." {
		return rel
	}
	return strings.TrimPrefix(rel, dir+"/")
}

type sfdxProject struct {
	PackageDirectories []struct {
		Path string `json:"path"`
	} `json:"packageDirectories"`
	Namespace string `json:"namespace"`
}

// discovery is the outcome of finding roots and the files to read.
type discovery struct {
	roots       []rootInfo
	jobs        []job
	namespace   string
	packageDirs []string
	diagnostics []Diagnostic
}

// mdapiFolders are the Metadata API folders synclint reads; a folder with
// package.xml is a Metadata API root when it holds one of them.
var mdapiFolders = map[string]bool{
	"objects": true, "globalValueSets": true, "standardValueSets": true, "duplicateRules": true,
	"matchingRules": true, "settings": true, "profiles": true, "permissionsets": true,
	"customPermissions": true, "triggers": true, "classes": true, "flows": true,
	"flowDefinitions": true, "workflows": true,
}

// discover decides the roots of a checkout and classifies its files.
//
// Roots:
//   - every sfdx-project.json contributes its packageDirectories (any
//     names, any number) as SFDX roots, and its .forceignore;
//   - outside them, a folder holding package.xml next to at least one
//     metadata folder synclint reads, or an objects/ folder with .object
//     files, is a Metadata API root. A package.xml alone (a manifest such
//     as gsa-workspace's sfpackages/) is not. CumulusCI's unpackaged/
//     bundles (NPSP) are such roots: they are deployed into the orgs the
//     repository builds, so their validation rules and settings count;
//   - a Force.com IDE "Referenced Packages/<name>" folder is an installed
//     managed package: its package.xml <namespacePrefix> is applied to its
//     custom components, whose files omit it;
//   - with neither, a checkout holding source-format files is read as one
//     SFDX root.
//
// Roots are ordered SFDX first (project and packageDirectories order), then
// Metadata API roots by path; a component defined in several roots is taken
// from the first (see Load).
func discover(root string, w walkResult, explicit []string) discovery {
	var d discovery
	d.diagnostics = append(d.diagnostics, w.diagnostics...)
	group := 0
	if len(explicit) > 0 {
		for _, r := range explicit {
			r = strings.Trim(path.Clean(filepath.ToSlash(r)), "/")
			if r == "." {
				r = ""
			}
			info := rootInfo{Root: Root{Path: relOrDot(r), Format: FormatSFDX}, group: group}
			group++
			if w.packageXML[r] {
				info.Format = FormatMDAPI
			}
			d.roots = append(d.roots, info)
		}
	} else {
		sort.Slice(w.projects, func(i, j int) bool {
			di, dj := strings.Count(w.projects[i], "/"), strings.Count(w.projects[j], "/")
			if di != dj {
				return di < dj
			}
			return w.projects[i] < w.projects[j]
		})
		for _, proj := range w.projects {
			projFile := path.Join(relOrDot(proj), "sfdx-project.json")
			raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(projFile)))
			if err != nil {
				d.diagnostics = append(d.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: projFile}, Message: "cannot read sfdx-project.json: " + errText(err)})
				continue
			}
			var p sfdxProject
			if err := json.Unmarshal(raw, &p); err != nil {
				d.diagnostics = append(d.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: projFile, Line: jsonErrorLine(raw, err)},
					Message: "sfdx-project.json is not valid JSON: " + err.Error()})
				continue
			}
			if d.namespace == "" {
				d.namespace = p.Namespace
			}
			var ign *ignoreRules
			if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(relOrDot(proj)), ".forceignore")); err == nil {
				ign = parseIgnore(string(b))
			}
			for _, pd := range p.PackageDirectories {
				dir := path.Clean(path.Join(relOrDot(proj), filepath.ToSlash(pd.Path)))
				if dir == "." {
					dir = ""
				}
				if strings.HasPrefix(dir, "../") || dir == ".." || path.IsAbs(dir) {
					d.diagnostics = append(d.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: projFile},
						Message: fmt.Sprintf("package directory %q is outside the checkout; not read", pd.Path)})
					continue
				}
				if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(relOrDot(dir)))); err != nil || !fi.IsDir() {
					d.diagnostics = append(d.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: projFile},
						Message: fmt.Sprintf("package directory %q listed in sfdx-project.json does not exist", pd.Path)})
					continue
				}
				dup := false
				for _, r := range d.roots {
					if r.Path == relOrDot(dir) {
						dup = true
					}
				}
				if dup {
					continue
				}
				d.roots = append(d.roots, rootInfo{Root: Root{Path: relOrDot(dir), Format: FormatSFDX, Project: projFile},
					group: group, ignore: ign, ignDir: proj})
				d.packageDirs = append(d.packageDirs, relOrDot(dir))
			}
			group++
		}
		d.roots = append(d.roots, mdapiRoots(root, w, d.roots, &group, &d)...)
	}

	// Assign every file to the deepest root containing it, SFDX roots first.
	sfdxAt, mdapiAt := map[string]int{}, map[string]int{}
	for i, r := range d.roots {
		if r.Format == FormatSFDX {
			sfdxAt[rootDir(r.Path)] = i
		} else {
			mdapiAt[rootDir(r.Path)] = i
		}
	}
	var implicit []walkedFile
	for _, f := range w.files {
		best := deepestAncestor(f.rel, sfdxAt)
		if best < 0 {
			best = deepestAncestor(f.rel, mdapiAt)
		}
		if best < 0 {
			implicit = append(implicit, f)
			continue
		}
		r := &d.roots[best]
		if r.ignore != nil && r.ignore.ignored(relTo(f.rel, r.ignDir), false) {
			continue
		}
		if j, ok := classify(f, best, r.Format, rootDir(r.Path)); ok {
			d.jobs = append(d.jobs, j)
		}
	}
	if len(w.projects) == 0 && len(explicit) == 0 {
		// Source-format files without sfdx-project.json: read them as one
		// SFDX root rather than ignore them.
		idx := len(d.roots)
		var jobs []job
		for _, f := range implicit {
			if j, ok := classify(f, idx, FormatSFDX, ""); ok {
				jobs = append(jobs, j)
			}
		}
		if len(jobs) > 0 {
			d.roots = append(d.roots, rootInfo{Root: Root{Path: ".", Format: FormatSFDX}, group: group})
			d.jobs = append(d.jobs, jobs...)
		}
	}
	sort.SliceStable(d.jobs, func(i, j int) bool {
		if d.jobs[i].root != d.jobs[j].root {
			return d.jobs[i].root < d.jobs[j].root
		}
		return d.jobs[i].rel < d.jobs[j].rel
	})
	return d
}

// dispatchOrder returns job indexes with the kinds whose files are usually
// the largest first (Address settings with every state, whole Metadata API
// objects, profiles, permission sets), so that no worker is left parsing a
// multi-MiB file alone at the end. Results are merged in job order anyway.
func dispatchOrder(jobs []job) []int {
	weight := func(j *job) int {
		switch j.kind {
		case kindAddressSettings:
			return 0
		case kindObject:
			if strings.HasSuffix(j.rel, ".object") {
				return 1
			}
		case kindProfile, kindPermissionSet:
			return 2
		case kindFlow, kindWorkflow, kindStandardValueSet, kindGlobalValueSet, kindRecordType:
			return 3
		}
		return 4
	}
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weight(&jobs[order[a]]) < weight(&jobs[order[b]]) })
	return order
}

// mdapiRoots finds the Metadata API roots outside the SFDX roots.
func mdapiRoots(root string, w walkResult, sfdx []rootInfo, group *int, d *discovery) []rootInfo {
	candidates := map[string]bool{}
	for dir := range w.packageXML {
		candidates[dir] = true
	}
	for _, f := range w.files {
		// objects/<X>.object without package.xml still makes a root.
		if strings.HasSuffix(f.rel, ".object") {
			dir := path.Dir(f.rel)
			if path.Base(dir) == "objects" {
				parent := path.Dir(dir)
				if parent == "." {
					parent = ""
				}
				candidates[parent] = true
			}
		}
	}
	sfdxAt := map[string]int{}
	for i, r := range sfdx {
		sfdxAt[rootDir(r.Path)] = i
	}
	cands := map[string]int{}
	for c := range candidates {
		cands[c] = 0
	}
	// A candidate is a root when some file it would own classifies.
	owned := map[string]bool{}
	for _, f := range w.files {
		if deepestAncestor(f.rel, sfdxAt) >= 0 {
			continue
		}
		best, found := deepestAncestorDir(f.rel, cands)
		if !found || owned[best] {
			continue
		}
		if _, ok := classify(f, 0, FormatMDAPI, best); ok {
			owned[best] = true
		}
	}
	var dirs []string
	for c := range owned {
		dirs = append(dirs, c)
	}
	// The org's own folders come before installed packages, so that a
	// component retrieved in both (src/objects/Account.object lists the
	// package's fields too) is taken from the org's own copy.
	sort.Slice(dirs, func(i, j int) bool {
		ri, rj := isReferencedPackage(dirs[i]), isReferencedPackage(dirs[j])
		if ri != rj {
			return !ri
		}
		return dirs[i] < dirs[j]
	})
	var out []rootInfo
	for _, dir := range dirs {
		info := rootInfo{Root: Root{Path: relOrDot(dir), Format: FormatMDAPI}, group: *group}
		*group++
		if w.packageXML[dir] {
			ns, err := packageNamespace(filepath.Join(root, filepath.FromSlash(relOrDot(dir)), "package.xml"))
			if err != nil {
				d.diagnostics = append(d.diagnostics, Diagnostic{Kind: DiagMalformed, Pos: Pos{File: path.Join(relOrDot(dir), "package.xml"), Line: err.Line}, Message: "package.xml: " + err.Msg})
			}
			if ns != "" {
				if isReferencedPackage(dir) {
					info.Namespace = ns
				} else if d.namespace == "" {
					d.namespace = ns
				}
			}
		}
		out = append(out, info)
	}
	return out
}

// isReferencedPackage reports a Force.com IDE "Referenced Packages" folder:
// the IDE retrieves each installed managed package there, with component
// names lacking the namespace prefix the org shows.
func isReferencedPackage(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		if seg == "Referenced Packages" {
			return true
		}
	}
	return false
}

// packageNamespace reads <Package><namespacePrefix> of a package.xml. The
// elements of a manifest come in alphabetical order, so decoding stops at
// the first <types> (manifests run to hundreds of KiB).
func packageNamespace(file string) (string, *parseError) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", &parseError{Msg: errText(err)}
	}
	if !containsBytes(data, "<namespacePrefix") {
		return "", nil // most manifests: no need to decode them
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var text []byte
	for {
		tok, err := dec.RawToken()
		if err != nil {
			if err == io.EOF {
				return "", nil
			}
			line, _ := dec.InputPos()
			return "", &parseError{Line: line, Msg: err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			text = text[:0]
			if depth == 2 && t.Name.Local == "types" {
				return "", nil
			}
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			if depth == 2 && t.Name.Local == "namespacePrefix" {
				return strings.TrimSpace(string(text)), nil
			}
			depth--
		}
	}
}

// jsonErrorLine returns the line of a JSON decoding error.
func jsonErrorLine(data []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	if errors.As(err, &se) {
		off = se.Offset
	} else if errors.As(err, &te) {
		off = te.Offset
	}
	if off < 0 {
		return 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + strings.Count(string(data[:off]), "\n")
}

// sfdxSuffixes maps source-format suffixes to kinds. Object children are
// checked separately because their folder structure is strict.
var sfdxSuffixes = []struct {
	suffix string
	kind   fileKind
}{
	{".object-meta.xml", kindObject},
	{".globalValueSet-meta.xml", kindGlobalValueSet},
	{".standardValueSet-meta.xml", kindStandardValueSet},
	{".duplicateRule-meta.xml", kindDuplicateRule},
	{".matchingRule-meta.xml", kindMatchingRules},
	{".profile-meta.xml", kindProfile},
	{".permissionset-meta.xml", kindPermissionSet},
	{".customPermission-meta.xml", kindCustomPermission},
	{".trigger-meta.xml", kindTriggerMeta},
	{".trigger", kindTrigger},
	{".cls", kindClass},
	{".flow-meta.xml", kindFlow},
	{".flowDefinition-meta.xml", kindFlowDefinition},
	{".workflow-meta.xml", kindWorkflow},
}

// mdapiSuffixes maps Metadata API suffixes to kinds and the folder they
// must sit in.
var mdapiSuffixes = []struct {
	suffix string
	folder string
	kind   fileKind
}{
	{".object", "objects", kindObject},
	{".globalValueSet", "globalValueSets", kindGlobalValueSet},
	{".standardValueSet", "standardValueSets", kindStandardValueSet},
	{".duplicateRule", "duplicateRules", kindDuplicateRule},
	{".matchingRule", "matchingRules", kindMatchingRules},
	{".profile", "profiles", kindProfile},
	{".permissionset", "permissionsets", kindPermissionSet},
	{".customPermission", "customPermissions", kindCustomPermission},
	{".trigger-meta.xml", "triggers", kindTriggerMeta},
	{".trigger", "triggers", kindTrigger},
	{".cls", "classes", kindClass},
	{".flow", "flows", kindFlow},
	{".flowDefinition", "flowDefinitions", kindFlowDefinition},
	{".workflow", "workflows", kindWorkflow},
}

var objectChildren = map[string]struct {
	suffix string
	kind   fileKind
}{
	"fields":            {".field-meta.xml", kindField},
	"validationRules":   {".validationRule-meta.xml", kindValidationRule},
	"recordTypes":       {".recordType-meta.xml", kindRecordType},
	"businessProcesses": {".businessProcess-meta.xml", kindBusinessProcess},
}

// classify decides the kind of f inside a root of the given format at
// rootPath, and derives names from its path.
func classify(f walkedFile, root int, format Format, rootPath string) (job, bool) {
	rel := relTo(f.rel, rootPath)
	segs := strings.Split(rel, "/")
	base := segs[len(segs)-1]
	j := job{abs: f.abs, rel: f.rel, root: root, dir: path.Dir(f.rel)}
	n := len(segs)
	if format == FormatMDAPI {
		if n != 2 {
			return j, false
		}
		if base == "Address.settings" && segs[0] == "settings" {
			j.kind, j.name = kindAddressSettings, "Address"
			return j, true
		}
		for _, s := range mdapiSuffixes {
			if segs[0] == s.folder && strings.HasSuffix(base, s.suffix) && len(base) > len(s.suffix) {
				j.kind = s.kind
				j.name = componentName(strings.TrimSuffix(base, s.suffix))
				return finishJob(j), true
			}
		}
		return j, false
	}

	// Source format.
	if !strings.HasSuffix(base, "-meta.xml") && !strings.HasSuffix(base, ".trigger") && !strings.HasSuffix(base, ".cls") {
		return j, false
	}
	// Decomposed permission sets (beta): permissionsets/<PS>/….
	for i := 0; i < n-2; i++ {
		if segs[i] == "permissionsets" {
			ps := segs[i+1]
			if strings.HasSuffix(base, ".permissionset-meta.xml") {
				break
			}
			if strings.HasSuffix(base, "-meta.xml") {
				j.kind = kindPermissionSetPart
				j.parent = componentName(ps)
				j.name = componentName(strings.TrimSuffix(base, "-meta.xml"))
				return j, true
			}
			return j, false
		}
	}
	// Decomposed workflows (beta): workflows/<Obj>/workflowFieldUpdates/….
	if n >= 4 && segs[n-4] == "workflows" {
		if (segs[n-2] == "workflowFieldUpdates" && strings.HasSuffix(base, ".workflowFieldUpdate-meta.xml")) ||
			(segs[n-2] == "workflowRules" && strings.HasSuffix(base, ".workflowRule-meta.xml")) {
			j.kind = kindWorkflowPart
			j.object = componentName(segs[n-3])
			j.name = componentName(base[:strings.Index(base, ".")])
			return j, true
		}
	}
	if n >= 4 && segs[n-4] == "objects" {
		if c, ok := objectChildren[segs[n-2]]; ok && strings.HasSuffix(base, c.suffix) && len(base) > len(c.suffix) {
			j.kind = c.kind
			j.object = componentName(segs[n-3])
			j.name = componentName(strings.TrimSuffix(base, c.suffix))
			return j, true
		}
	}
	if base == "Address.settings-meta.xml" {
		j.kind, j.name = kindAddressSettings, "Address"
		return j, true
	}
	for _, s := range sfdxSuffixes {
		if strings.HasSuffix(base, s.suffix) && len(base) > len(s.suffix) {
			j.kind = s.kind
			j.name = componentName(strings.TrimSuffix(base, s.suffix))
			return finishJob(j), true
		}
	}
	return j, false
}

// finishJob derives object and version from a component name.
func finishJob(j job) job {
	switch j.kind {
	case kindDuplicateRule, kindWorkflow, kindMatchingRules:
		if j.kind == kindDuplicateRule {
			if i := strings.IndexByte(j.name, '.'); i > 0 {
				j.object, j.name = j.name[:i], j.name[i+1:]
			}
		} else {
			j.object = j.name
		}
	case kindFlow:
		// Before API 44 each flow version is its own file, Name-N.flow
		// (flow API names cannot contain '-').
		if i := strings.LastIndexByte(j.name, '-'); i > 0 {
			if v, err := strconv.Atoi(j.name[i+1:]); err == nil && v > 0 {
				j.name, j.version = j.name[:i], v
			}
		}
	}
	return j
}

// componentName turns a file-name stem into a component name: CumulusCI
// file-name tokens are removed (as an unmanaged deploy does) and
// percent-encoding is decoded ("System Admin%28Without Super Access%29").
func componentName(stem string) string {
	stem = stripTokens(stem)
	if strings.IndexByte(stem, '%') >= 0 {
		if dec, err := url.PathUnescape(stem); err == nil {
			return dec
		}
	}
	return stem
}
