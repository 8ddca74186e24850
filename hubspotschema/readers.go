package hubspotschema

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// listOf returns the items of an export that HubSpot serves as
// {"results":[…]} (v3) and older tools save as a bare array; a single item
// object (isItem) is accepted as a one-item list.
func (f *jsonFile) listOf(root *jnode, what string, isItem func(*jnode) bool) []*jnode {
	if root == nil {
		return nil
	}
	switch root.kind {
	case jArray:
		return root.vals
	case jObject:
		if root.has("results") {
			return f.array(root, "results")
		}
		if isItem != nil && isItem(root) {
			return []*jnode{root}
		}
		f.errorOn(root, "not a HubSpot %s export: expected {\"results\": [...]} or a list", what)
		return nil
	}
	f.errorOn(root, "not a HubSpot %s export: the file holds %s", what, root.kind)
	return nil
}

// ReadPipelines reads a Pipelines API v3 export (pipelines/deals.json,
// pipelines/tickets.json; the object type comes from the file name).
// Stage metadata values are strings in the API ("isClosed": "true",
// "probability": "0.2"); booleans and numbers are accepted too.
func ReadPipelines(path string) ([]*Pipeline, []Diagnostic, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	ps, diags := parsePipelines(filepath.ToSlash(path), objectTypeFromFile(path), data)
	return ps, diags, nil
}

func parsePipelines(name, objectType string, data []byte) ([]*Pipeline, []Diagnostic) {
	root, f := openJSON(name, data)
	var out []*Pipeline
	for _, n := range f.listOf(root, "pipelines", func(n *jnode) bool { return n.has("stages") }) {
		if n.kind != jObject {
			f.errorOn(n, "expected a pipeline object, found %s; ignored", n.kind)
			continue
		}
		if n.partial {
			continue
		}
		p := &Pipeline{
			ObjectType:   objectType,
			ID:           f.str(n, "id"),
			Label:        f.str(n, "label"),
			DisplayOrder: f.integer(n, "displayOrder"),
			Archived:     f.boolean(n, "archived"),
			Pos:          f.posOf(n),
		}
		if p.ID == "" {
			// Legacy v1 pipelines call it pipelineId.
			p.ID = f.str(n, "pipelineId")
		}
		if p.ID == "" {
			f.errorOn(n, "a pipeline without an id; ignored")
			continue
		}
		for _, s := range f.array(n, "stages") {
			if s.kind != jObject {
				f.errorOn(s, "pipeline %q: expected a stage object, found %s; ignored", p.ID, s.kind)
				continue
			}
			st := &Stage{
				ID:           f.str(s, "id"),
				Label:        f.str(s, "label"),
				DisplayOrder: f.integer(s, "displayOrder"),
				Archived:     f.boolean(s, "archived"),
				Pos:          f.posOf(s),
			}
			if st.ID == "" {
				st.ID = f.str(s, "stageId")
			}
			if st.ID == "" {
				f.errorOn(s, "pipeline %q: a stage without an id; ignored", p.ID)
				continue
			}
			if md := f.object(s, "metadata"); md != nil {
				st.Metadata = map[string]string{}
				for i, k := range md.keys {
					switch v := md.vals[i]; v.kind {
					case jString, jNumber, jBool:
						st.Metadata[k] = v.text
					}
				}
				st.IsClosed = f.boolean(md, "isClosed")
				if pr := md.get("probability"); pr != nil && pr.kind != jNull {
					st.Probability = f.str(md, "probability")
					if _, err := strconv.ParseFloat(strings.TrimSpace(st.Probability), 64); err != nil {
						f.errorOn(pr, "stage %q: probability %q is not a number; ignored", st.ID, st.Probability)
						st.Probability = ""
					} else {
						st.HasProbability = true
					}
				}
			} else if s.has("closedWon") || s.has("probability") {
				// Legacy v1 deal stages keep these at the top level and
				// have no isClosed. Inference: v1 treats a stage as closed
				// when it is won or its probability is 0 or 1.
				if pr := s.get("probability"); pr != nil && pr.kind != jNull {
					st.Probability, st.HasProbability = f.str(s, "probability"), true
				}
				x, err := strconv.ParseFloat(strings.TrimSpace(st.Probability), 64)
				st.IsClosed = f.boolean(s, "closedWon") || (err == nil && (x == 0 || x == 1))
			}
			p.Stages = append(p.Stages, st)
		}
		out = append(out, p)
	}
	return out, f.diags
}

// ReadOwners reads owners.json: Owners API v3 {"results":[…]} or the
// legacy v2 bare array (ownerId, remoteList, activeSalesforceId).
func ReadOwners(path string) ([]*Owner, []Diagnostic, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	owners, diags := parseOwners(filepath.ToSlash(path), data)
	return owners, diags, nil
}

func parseOwners(name string, data []byte) ([]*Owner, []Diagnostic) {
	root, f := openJSON(name, data)
	var out []*Owner
	for _, n := range f.listOf(root, "owners", func(n *jnode) bool { return n.has("email") || n.has("ownerId") }) {
		if n.kind != jObject {
			f.errorOn(n, "expected an owner object, found %s; ignored", n.kind)
			continue
		}
		if n.partial {
			continue
		}
		o := &Owner{
			ID:        f.str(n, "id"),
			Email:     f.str(n, "email"),
			FirstName: f.str(n, "firstName"),
			LastName:  f.str(n, "lastName"),
			UserID:    f.str(n, "userId"),
			Archived:  f.boolean(n, "archived"),
			Type:      f.str(n, "type"),
			Pos:       f.posOf(n),
		}
		if o.ID == "" {
			o.ID = f.str(n, "ownerId") // v2
		}
		if o.UserID == "" {
			o.UserID = f.str(n, "activeUserId")
		}
		if n.has("isActive") && !f.boolean(n, "isActive") {
			o.Archived = true
		}
		o.SalesforceID = f.str(n, "activeSalesforceId")
		for _, r := range f.array(n, "remoteList") {
			if r.kind == jObject && strings.EqualFold(f.str(r, "remoteType"), "SALESFORCE") && o.SalesforceID == "" {
				o.SalesforceID = f.str(r, "remoteId")
			}
		}
		for _, t := range f.array(n, "teams") {
			switch t.kind {
			case jObject:
				if nm := f.str(t, "name"); nm != "" {
					o.Teams = append(o.Teams, nm)
				} else if id := f.str(t, "id"); id != "" {
					o.Teams = append(o.Teams, id)
				}
			case jString, jNumber:
				o.Teams = append(o.Teams, t.text)
			}
		}
		if o.ID == "" {
			f.errorOn(n, "an owner without an id; ignored")
			continue
		}
		out = append(out, o)
	}
	return out, f.diags
}

// ReadAssociations reads associations/<from>-<to>.json: a v4 labels export
// {"results":[{category, typeId, label}]}, or a v4 batch-read response
// {"results":[{from:{id}, to:[{toObjectId, associationTypes:[…]}]}]}, from
// which the association types seen are collected and each pair kept in
// Records.
func ReadAssociations(path string) (*AssociationLabels, []Diagnostic, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	from, to, _ := SplitObjectPair(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	a, diags := parseAssociations(filepath.ToSlash(path), from, to, data)
	return a, diags, nil
}

func parseAssociations(name, from, to string, data []byte) (*AssociationLabels, []Diagnostic) {
	root, f := openJSON(name, data)
	a := &AssociationLabels{From: from, To: to, Pos: Pos{File: name}}
	if from == "" || to == "" {
		f.errorAt(0, "cannot tell the two object types from the file name (want <from>-<to>.json, e.g. contacts-companies.json)")
	}
	seen := map[string]bool{}
	addLabel := func(n *jnode) {
		l := AssociationLabel{
			Category: f.str(n, "category"),
			TypeID:   f.integer(n, "typeId"),
			Label:    f.str(n, "label"),
			Pos:      f.posOf(n),
		}
		if l.TypeID == 0 {
			// v3 association types call it id; a missing id is useless.
			l.TypeID = f.integer(n, "associationTypeId")
		}
		if l.TypeID == 0 {
			f.errorOn(n, "an association type without a typeId; ignored")
			return
		}
		k := l.Category + "/" + strconv.Itoa(l.TypeID)
		if seen[k] {
			return
		}
		seen[k] = true
		a.Labels = append(a.Labels, l)
	}
	for _, n := range f.listOf(root, "association", func(n *jnode) bool { return n.has("typeId") }) {
		if n.kind != jObject {
			f.errorOn(n, "expected an association object, found %s; ignored", n.kind)
			continue
		}
		if n.partial {
			continue
		}
		if toList := n.get("to"); toList != nil && (n.has("from") || toList.kind == jArray) {
			// Batch read: one entry per "from" record.
			fromID := ""
			if fr := f.object(n, "from"); fr != nil {
				fromID = f.str(fr, "id")
			}
			for _, t := range f.array(n, "to") {
				if t.kind != jObject {
					continue
				}
				rec := AssociationRecord{FromID: fromID, ToID: f.str(t, "toObjectId"), Pos: f.posOf(t)}
				if rec.ToID == "" {
					rec.ToID = f.str(t, "id")
				}
				for _, at := range f.array(t, "associationTypes") {
					if at.kind != jObject {
						continue
					}
					addLabel(at)
					rec.TypeIDs = append(rec.TypeIDs, f.integer(at, "typeId"))
					rec.Labels = append(rec.Labels, f.str(at, "label"))
				}
				a.Records = append(a.Records, rec)
			}
			continue
		}
		addLabel(n)
	}
	return a, f.diags
}

// SplitObjectPair splits "<from>-<to>" (contacts-companies,
// deals_to_contacts, contacts-2-1234) into canonical object types. It
// reports false when the name is not a pair, e.g. a custom object's
// objectTypeId 2-1234 on its own.
func SplitObjectPair(s string) (from, to string, ok bool) {
	s = strings.TrimSpace(s)
	for _, sep := range []string{"_to_", "-to-"} {
		if i := strings.Index(strings.ToLower(s), sep); i > 0 {
			// A descriptive suffix after the second object is dropped
			// (contacts-to-companies-associations-v4).
			r := s[i+len(sep):]
			if j := strings.IndexByte(r, '-'); j > 0 && !isObjectTypeID(r) && isStandardObject(CanonicalObjectType(r[:j])) {
				r = r[:j]
			}
			return CanonicalObjectType(s[:i]), CanonicalObjectType(r), true
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			continue
		}
		l, r := s[:i], s[i+1:]
		if isObjectName(l) && isObjectName(r) {
			return CanonicalObjectType(l), CanonicalObjectType(r), true
		}
	}
	return "", "", false
}

// isObjectName accepts a standard object name or id, a custom objectTypeId
// (2-1234), or a plausible custom object name (letters, digits,
// underscores, not all digits).
func isObjectName(s string) bool {
	if s == "" {
		return false
	}
	if isStandardObject(CanonicalObjectType(s)) || isObjectTypeID(s) {
		return true
	}
	digits := true
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
			digits = false
		default:
			return false
		}
	}
	return !digits
}

func isObjectTypeID(s string) bool {
	i := strings.IndexByte(s, '-')
	if i <= 0 || i == len(s)-1 {
		return false
	}
	for _, part := range []string{s[:i], s[i+1:]} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

// ReadSchemas reads custom object schemas: the Schemas API v3 list
// {"results":[…]}, a bare list, or a single schema object.
func ReadSchemas(path string) ([]*ObjectSchema, []Diagnostic, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	s, diags := parseSchemas(filepath.ToSlash(path), data)
	return s, diags, nil
}

func parseSchemas(name string, data []byte) ([]*ObjectSchema, []Diagnostic) {
	root, f := openJSON(name, data)
	var out []*ObjectSchema
	isSchema := func(n *jnode) bool {
		return n.has("objectTypeId") || n.has("fullyQualifiedName") || n.has("associations") || n.has("labels")
	}
	for _, n := range f.listOf(root, "object schema", isSchema) {
		if n.kind != jObject {
			f.errorOn(n, "expected an object schema, found %s; ignored", n.kind)
			continue
		}
		if n.partial {
			continue
		}
		s := &ObjectSchema{
			ID:                 f.str(n, "id"),
			ObjectTypeID:       f.str(n, "objectTypeId"),
			Name:               f.str(n, "name"),
			FullyQualifiedName: f.str(n, "fullyQualifiedName"),
			MetaType:           f.str(n, "metaType"),
			RequiredProperties: f.strList(n, "requiredProperties"),
			PrimaryDisplay:     f.str(n, "primaryDisplayProperty"),
			Pos:                f.posOf(n),
		}
		if l := f.object(n, "labels"); l != nil {
			s.LabelSingular, s.LabelPlural = f.str(l, "singular"), f.str(l, "plural")
		}
		if s.Name == "" && s.ObjectTypeID == "" {
			f.errorOn(n, "an object schema without name or objectTypeId; ignored")
			continue
		}
		objName := schemaObjectName(s)
		for _, pn := range f.array(n, "properties") {
			if p := f.property(pn, objName); p != nil {
				s.Properties = append(s.Properties, p)
			}
		}
		for _, an := range f.array(n, "associations") {
			if an.kind != jObject {
				f.errorOn(an, "expected an association definition, found %s; ignored", an.kind)
				continue
			}
			s.Associations = append(s.Associations, &SchemaAssociation{
				ID:                              f.str(an, "id"),
				FromObjectTypeID:                f.str(an, "fromObjectTypeId"),
				ToObjectTypeID:                  f.str(an, "toObjectTypeId"),
				Name:                            f.str(an, "name"),
				Cardinality:                     f.str(an, "cardinality"),
				InverseCardinality:              f.str(an, "inverseCardinality"),
				MaxToObjectIDs:                  f.integer(an, "maxToObjectIds"),
				MaxFromObjectIDs:                f.integer(an, "maxFromObjectIds"),
				HasUserEnforcedMaxToObjectIDs:   f.boolean(an, "hasUserEnforcedMaxToObjectIds"),
				HasUserEnforcedMaxFromObjectIDs: f.boolean(an, "hasUserEnforcedMaxFromObjectIds"),
				Pos:                             f.posOf(an),
			})
		}
		out = append(out, s)
	}
	return out, f.diags
}

// schemaObjectName is the Objects key of a schema: the canonical name for
// standard objects (CONTACT, 0-1 → contacts), the lower-cased name for
// custom objects.
func schemaObjectName(s *ObjectSchema) string {
	for _, c := range []string{s.ObjectTypeID, s.Name, s.FullyQualifiedName} {
		if isStandardObject(CanonicalObjectType(c)) {
			return CanonicalObjectType(c)
		}
	}
	if s.Name != "" {
		return strings.ToLower(s.Name)
	}
	return strings.ToLower(s.ObjectTypeID)
}

// String describes a schema for messages.
func (s *ObjectSchema) String() string {
	return fmt.Sprintf("%s (%s)", s.Name, s.ObjectTypeID)
}
