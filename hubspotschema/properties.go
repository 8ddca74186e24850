package hubspotschema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Property export shapes, recorded in ObjectType.Shape.
const (
	// ShapeV3 is the CRM Properties API v3 envelope {"results":[…]}.
	ShapeV3 = "v3"
	// ShapeV1Groups is the legacy groups export
	// (/properties/v1/contacts/groups?includeProperties=true):
	// [{name, displayName, properties:[…]}].
	ShapeV1Groups = "v1-groups"
	// ShapeV2Array is the legacy v1/v2 bare array of properties.
	ShapeV2Array = "v2-array"
	// ShapeSchema is an object schema whose properties were used.
	ShapeSchema = "schema"
)

// ReadProperties reads one properties export file. The object type comes
// from the file name (contacts.json, deals.json, 2-1234.json, …). The shape
// is detected: v3 {"results":[…]}, a v1/v2 bare array, the v1 groups form,
// or a single object schema. Problems become SL03 diagnostics and reading
// goes on; the error is only for a file that cannot be read at all.
func ReadProperties(path string) (*ObjectType, []Diagnostic, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	obj, diags := parseProperties(filepath.ToSlash(path), objectTypeFromFile(path), data)
	return obj, diags, nil
}

// objectTypeFromFile names the object type of properties/<name>.json. A
// name that starts with a standard object type and a dash
// (contacts-properties-v1.json) is that object: HubSpot object names
// cannot contain dashes, and objectTypeIds (2-1234) start with a digit.
func objectTypeFromFile(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	c := CanonicalObjectType(base)
	if isStandardObject(c) {
		return c
	}
	if i := strings.IndexByte(base, '-'); i > 0 {
		if p := CanonicalObjectType(base[:i]); isStandardObject(p) {
			return p
		}
	}
	return c
}

func isStandardObject(name string) bool {
	switch name {
	case "contacts", "companies", "deals", "tickets":
		return true
	}
	return false
}

func parseProperties(name, objectType string, data []byte) (*ObjectType, []Diagnostic) {
	root, f := openJSON(name, data)
	obj := &ObjectType{
		Name:       objectType,
		Properties: map[string]*Property{},
		Pos:        Pos{File: name},
	}
	if strings.HasPrefix(objectType, "0-") || strings.HasPrefix(objectType, "2-") {
		obj.ObjectTypeID = objectType
	}
	if root == nil {
		return obj, f.diags
	}
	var list []*jnode
	switch root.kind {
	case jObject:
		switch {
		case root.has("results"):
			obj.Shape = ShapeV3
			list = f.array(root, "results")
			// An envelope around groups (rare, hand-made) is still groups.
			if looksLikeGroups(list) {
				obj.Shape = ShapeV1Groups
				list = f.groupProperties(list)
			}
		case root.has("properties"):
			// A schema object (or a {"properties":[…]} wrapper).
			obj.Shape = ShapeSchema
			list = f.array(root, "properties")
			if id := f.str(root, "objectTypeId"); id != "" {
				obj.ObjectTypeID = id
			}
		case root.has("name") && root.has("type"):
			// A single property saved on its own.
			obj.Shape = ShapeV3
			list = []*jnode{root}
		default:
			f.errorOn(root, "not a HubSpot properties export: expected {\"results\": [...]} (v3), a list of properties (v1/v2) or a list of property groups")
		}
	case jArray:
		if looksLikeGroups(root.vals) {
			obj.Shape = ShapeV1Groups
			list = f.groupProperties(root.vals)
		} else {
			obj.Shape = ShapeV2Array
			list = root.vals
		}
	default:
		f.errorOn(root, "not a HubSpot properties export: the file holds %s", root.kind)
	}
	for _, n := range list {
		p := f.property(n, objectType)
		if p == nil {
			continue
		}
		f.addProperty(obj, p)
	}
	return obj, f.diags
}

// looksLikeGroups tells the v1 groups form from a property list: groups
// carry a properties array and no type.
func looksLikeGroups(list []*jnode) bool {
	for _, n := range list {
		if n.kind != jObject {
			continue
		}
		if p := n.get("properties"); p != nil && p.kind == jArray && !n.has("type") {
			return true
		}
		if n.has("type") || n.has("fieldType") {
			return false
		}
	}
	return false
}

func (f *jsonFile) groupProperties(groups []*jnode) []*jnode {
	var out []*jnode
	for _, g := range groups {
		if g.kind != jObject {
			f.errorOn(g, "expected a property group object, found %s; ignored", g.kind)
			continue
		}
		out = append(out, f.array(g, "properties")...)
	}
	return out
}

func (f *jsonFile) addProperty(obj *ObjectType, p *Property) {
	k := strings.ToLower(p.Name)
	if prev, dup := obj.Properties[k]; dup {
		f.diags = append(f.diags, Diagnostic{Kind: "SL03", Pos: p.Pos,
			Message: fmt.Sprintf("property %q appears twice (first at line %d); the first definition is used", p.Name, prev.Pos.Line)})
		return
	}
	obj.Properties[k] = p
	obj.Order = append(obj.Order, k)
}

// property reads one property object in any of the shapes: v3 nests the
// read-only flags in modificationMetadata, v1/v2 put them at the top level
// and write timestamps as epoch milliseconds or null.
func (f *jsonFile) property(n *jnode, objectType string) *Property {
	if n.kind != jObject {
		f.errorOn(n, "expected a property object, found %s; ignored", n.kind)
		return nil
	}
	if n.partial {
		// Cut short by the syntax error already reported.
		return nil
	}
	p := &Property{
		ObjectType: objectType,
		Name:       strings.TrimSpace(f.str(n, "name")),
		Pos:        f.posOf(n),
	}
	if p.Name == "" {
		f.errorOn(n, "a property without a name; ignored")
		return nil
	}
	p.Label = f.str(n, "label")
	p.Type = f.str(n, "type")
	p.FieldType = f.str(n, "fieldType")
	p.GroupName = f.str(n, "groupName")
	p.Description = f.str(n, "description")
	p.DisplayOrder = f.integer(n, "displayOrder")
	p.Hidden = f.boolean(n, "hidden")
	p.Calculated = f.boolean(n, "calculated")
	p.CalculationFormula = f.str(n, "calculationFormula")
	p.ExternalOptions = f.boolean(n, "externalOptions")
	p.ReferencedObjectType = f.str(n, "referencedObjectType")
	p.HasUniqueValue = f.boolean(n, "hasUniqueValue")
	p.HubspotDefined = f.boolean(n, "hubspotDefined")
	p.FormField = f.boolean(n, "formField")
	p.NumberDisplayHint = f.str(n, "numberDisplayHint")
	p.ShowCurrencySymbol = f.boolean(n, "showCurrencySymbol")
	p.CurrencyPropertyName = f.str(n, "currencyPropertyName")
	p.DateDisplayHint = f.str(n, "dateDisplayHint")
	p.DataSensitivity = f.str(n, "dataSensitivity")
	p.Archived = f.boolean(n, "archived") || f.boolean(n, "deleted")
	p.CreatedAt = f.timestamp(n, "createdAt")
	p.UpdatedAt = f.timestamp(n, "updatedAt")
	// v1/v2 flags at the top level; v3's modificationMetadata wins when
	// both are present.
	p.ReadOnlyValue = f.boolean(n, "readOnlyValue")
	p.ReadOnlyDefinition = f.boolean(n, "readOnlyDefinition")
	if mm := f.object(n, "modificationMetadata"); mm != nil {
		if mm.has("readOnlyValue") {
			p.ReadOnlyValue = f.boolean(mm, "readOnlyValue")
		}
		if mm.has("readOnlyDefinition") {
			p.ReadOnlyDefinition = f.boolean(mm, "readOnlyDefinition")
		}
		p.ReadOnlyOptions = f.boolean(mm, "readOnlyOptions")
	}
	for _, o := range f.array(n, "options") {
		if o.kind != jObject {
			f.errorOn(o, "property %q: expected an option object, found %s; ignored", p.Name, o.kind)
			continue
		}
		if !o.has("value") || o.get("value").kind == jNull {
			f.errorOn(o, "property %q: an option without a value; ignored", p.Name)
			continue
		}
		p.Options = append(p.Options, Option{
			Value:        f.str(o, "value"),
			Label:        f.str(o, "label"),
			Hidden:       f.boolean(o, "hidden"),
			DisplayOrder: f.integer(o, "displayOrder"),
			Description:  f.str(o, "description"),
			ReadOnly:     f.boolean(o, "readOnly"),
		})
	}
	return p
}
