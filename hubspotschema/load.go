package hubspotschema

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Export folder layout, shared by Load and Pull.
const (
	PropertiesDir   = "properties"   // properties/<objectType>.json
	PipelinesDir    = "pipelines"    // pipelines/deals.json, pipelines/tickets.json
	OwnersFile      = "owners.json"  // owners.json
	AssociationsDir = "associations" // associations/<from>-<to>.json
	SchemasFile     = "schemas.json" // schemas.json (or schemas/*.json)
	SchemasDir      = "schemas"
	RecordsDir      = "records" // records/<objectType>.csv, records/<from>-<to>.csv
)

// Load reads a HubSpot export folder (the layout `synclint hubspot pull`
// writes):
//
//	properties/<objectType>.json   CRM Properties API (v3, or legacy v1/v2 shapes)
//	pipelines/<objectType>.json    Pipelines API v3
//	owners.json                    Owners API v3, or legacy v2
//	associations/<from>-<to>.json  Associations v4 labels, or a v4 batch read
//	schemas.json, schemas/*.json   Schemas API v3
//	records/<objectType>.csv       record exports (found, streamed later by OpenRecords)
//	records/<from>-<to>.csv        association exports (OpenAssociations)
//
// Missing files are simply absent. A malformed file becomes an SL03
// diagnostic with its position and everything else is read. Diagnostic and
// Pos file names are relative to projectRoot (forward slashes); for a
// folder outside projectRoot they are relative to the working directory,
// or absolute. Load fails only when dir itself cannot be read.
func Load(dir, projectRoot string) (*Export, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("HubSpot export: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("HubSpot export %s is not a folder", dir)
	}
	l := &loader{
		root: projectRoot,
		e: &Export{
			Dir:       abs,
			Objects:   map[string]*ObjectType{},
			Pipelines: map[string][]*Pipeline{},
			aliases:   map[string]string{},
		},
	}
	l.properties(filepath.Join(abs, PropertiesDir))
	l.pipelines(filepath.Join(abs, PipelinesDir))
	l.owners(filepath.Join(abs, OwnersFile))
	l.associations(filepath.Join(abs, AssociationsDir))
	l.schemas(abs)
	l.e.Records, l.e.AssociationRecords = findRecords(filepath.Join(abs, RecordsDir), projectRoot)
	l.linkSchemas()
	if l.files == 0 && len(l.e.Records) == 0 && len(l.e.AssociationRecords) == 0 {
		l.e.Diagnostics = append(l.e.Diagnostics, Diagnostic{Kind: "SL03", Pos: Pos{File: displayPath(abs, projectRoot)},
			Message: "no HubSpot export files found here (expected properties/<objectType>.json, pipelines/, owners.json, associations/, schemas.json or records/; `synclint hubspot pull` writes this layout)"})
	}
	sortDiagnostics(l.e.Diagnostics)
	return l.e, nil
}

type loader struct {
	root  string
	e     *Export
	files int
}

// read returns the bytes of an export file and its display name; an
// unreadable file is diagnosed.
func (l *loader) read(path string) ([]byte, string, bool) {
	name := displayPath(path, l.root)
	data, err := os.ReadFile(path)
	if err != nil {
		l.e.Diagnostics = append(l.e.Diagnostics, Diagnostic{Kind: "SL03", Pos: Pos{File: name}, Message: "cannot read: " + err.Error()})
		return nil, name, false
	}
	l.files++
	return data, name, true
}

// jsonFiles lists dir/*.json, sorted; a missing folder lists nothing.
func jsonFiles(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

func (l *loader) properties(dir string) {
	for _, path := range jsonFiles(dir) {
		data, name, ok := l.read(path)
		if !ok {
			continue
		}
		objName := objectTypeFromFile(path)
		obj, diags := parseProperties(name, objName, data)
		l.e.Diagnostics = append(l.e.Diagnostics, diags...)
		if len(obj.Properties) == 0 && len(diags) > 0 {
			// Unreadable: registering an empty object would make every
			// mapping of it look like a missing property (SL04 noise).
			continue
		}
		if prev := l.e.Objects[objName]; prev != nil {
			l.e.Diagnostics = append(l.e.Diagnostics, Diagnostic{Kind: "SL03", Pos: Pos{File: name},
				Message: fmt.Sprintf("a second properties file for %s (the first is %s); its properties are added where the first has none", objName, prev.Pos.File)})
			for _, k := range obj.Order {
				if _, dup := prev.Properties[k]; !dup {
					prev.Properties[k] = obj.Properties[k]
					prev.Order = append(prev.Order, k)
				}
			}
			continue
		}
		l.e.Objects[objName] = obj
	}
}

func (l *loader) pipelines(dir string) {
	for _, path := range jsonFiles(dir) {
		data, name, ok := l.read(path)
		if !ok {
			continue
		}
		objName := objectTypeFromFile(path)
		ps, diags := parsePipelines(name, objName, data)
		l.e.Diagnostics = append(l.e.Diagnostics, diags...)
		l.e.Pipelines[objName] = append(l.e.Pipelines[objName], ps...)
	}
}

func (l *loader) owners(path string) {
	if _, err := os.Stat(path); err != nil {
		return
	}
	data, name, ok := l.read(path)
	if !ok {
		return
	}
	owners, diags := parseOwners(name, data)
	l.e.Owners, l.e.OwnersPos = owners, Pos{File: name}
	l.e.Diagnostics = append(l.e.Diagnostics, diags...)
}

func (l *loader) associations(dir string) {
	for _, path := range jsonFiles(dir) {
		data, name, ok := l.read(path)
		if !ok {
			continue
		}
		from, to, _ := SplitObjectPair(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
		a, diags := parseAssociations(name, from, to, data)
		l.e.Diagnostics = append(l.e.Diagnostics, diags...)
		l.e.Associations = append(l.e.Associations, a)
	}
}

func (l *loader) schemas(root string) {
	paths := jsonFiles(filepath.Join(root, SchemasDir))
	if _, err := os.Stat(filepath.Join(root, SchemasFile)); err == nil {
		paths = append([]string{filepath.Join(root, SchemasFile)}, paths...)
	}
	for _, path := range paths {
		data, name, ok := l.read(path)
		if !ok {
			continue
		}
		ss, diags := parseSchemas(name, data)
		l.e.Diagnostics = append(l.e.Diagnostics, diags...)
		l.e.Schemas = append(l.e.Schemas, ss...)
	}
}

// linkSchemas joins schemas with property files: an object known only
// from its schema gets the schema's properties, and every name a schema
// gives an object (objectTypeId, fullyQualifiedName, name) finds it.
func (l *loader) linkSchemas() {
	for _, s := range l.e.Schemas {
		key := schemaObjectName(s)
		obj := l.e.Objects[key]
		if obj == nil {
			// The properties file may be named by objectTypeId or
			// fullyQualifiedName instead of the schema's name.
			for _, alt := range []string{s.ObjectTypeID, s.FullyQualifiedName} {
				if o := l.e.Objects[strings.ToLower(alt)]; alt != "" && o != nil {
					obj, key = o, strings.ToLower(alt)
					break
				}
			}
		}
		if obj == nil && len(s.Properties) > 0 {
			obj = &ObjectType{Name: key, Properties: map[string]*Property{}, Pos: s.Pos, Shape: ShapeSchema}
			for _, p := range s.Properties {
				k := strings.ToLower(p.Name)
				if _, dup := obj.Properties[k]; !dup {
					obj.Properties[k] = p
					obj.Order = append(obj.Order, k)
				}
			}
			l.e.Objects[key] = obj
		}
		if obj == nil {
			continue
		}
		if obj.ObjectTypeID == "" {
			obj.ObjectTypeID = s.ObjectTypeID
		}
		for _, alias := range []string{s.ObjectTypeID, s.FullyQualifiedName, s.Name, s.LabelSingular, s.LabelPlural} {
			a := strings.ToLower(strings.TrimSpace(alias))
			if a != "" && a != key {
				if _, taken := l.e.Objects[a]; !taken {
					l.e.aliases[a] = key
				}
			}
		}
	}
}

// FindRecordFiles lists the record exports in dir (<objectType>.csv),
// skipping association exports (<from>-<to>.csv). Pos names are relative
// to projectRoot.
func FindRecordFiles(dir, projectRoot string) []*RecordFile {
	r, _ := findRecords(dir, projectRoot)
	return r
}

// FindAssociationFiles lists the association exports in dir
// (<from>-<to>.csv, e.g. contacts-companies.csv).
func FindAssociationFiles(dir, projectRoot string) []*AssociationFile {
	_, a := findRecords(dir, projectRoot)
	return a
}

func findRecords(dir, projectRoot string) ([]*RecordFile, []*AssociationFile) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil
	}
	ents, err := os.ReadDir(abs)
	if err != nil {
		return nil, nil
	}
	var recs []*RecordFile
	var assocs []*AssociationFile
	for _, e := range ents {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		path := filepath.Join(abs, e.Name())
		base := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		pos := Pos{File: displayPath(path, projectRoot)}
		if from, to, ok := SplitObjectPair(base); ok {
			assocs = append(assocs, &AssociationFile{From: from, To: to, Path: path, Pos: pos})
			continue
		}
		recs = append(recs, &RecordFile{ObjectType: recordObjectType(path), Path: path, Pos: pos})
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Path < recs[j].Path })
	sort.Slice(assocs, func(i, j int) bool { return assocs[i].Path < assocs[j].Path })
	return recs, assocs
}

// displayPath names a file for messages: relative to the project root when
// inside it, else relative to the working directory when that is shorter,
// else absolute; always with forward slashes.
func displayPath(path, projectRoot string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	if projectRoot != "" {
		if root, err := filepath.Abs(projectRoot); err == nil {
			if r, err := filepath.Rel(root, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(r)
			}
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, abs); err == nil && len(r) < len(abs) {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(abs)
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
		return a.Col < b.Col
	})
}

// recordObjectType names the object of a record export. Besides
// <objectType>.csv it recognises HubSpot's UI export names
// (hubspot-crm-exports-all-contacts-2024-05-01.csv) when exactly one
// standard object appears among the name's words.
func recordObjectType(path string) string {
	name := objectTypeFromFile(path)
	if isStandardObject(name) || isObjectTypeID(name) {
		return name
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	found := ""
	for _, w := range strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		if c := CanonicalObjectType(w); isStandardObject(c) {
			if found != "" && found != c {
				return name
			}
			found = c
		}
	}
	if found != "" {
		return found
	}
	return name
}
