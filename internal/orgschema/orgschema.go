// Package orgschema adapts a loaded Salesforce org (metadata.Org) to the
// formula package's Schema interface, so formulas are type-checked against
// the org's real fields and relationships.
//
// Resolution order for a field: the checkout (custom and standard field
// files), then metadata.StandardField (synclint's built-in standard-field
// knowledge), then a small fallback table of standard fields every object
// has or that validation rules commonly read (see fallback.go). A name none
// of these knows is reported back as unknown: the formula checker then
// rejects unknown custom names and accepts unknown standard names with the
// dynamic type Any and a warning.
package orgschema

import (
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

// Schema resolves fields of a *metadata.Org for the formula type checker.
type Schema struct {
	org *metadata.Org
}

// New returns a Schema over org (nil gives a schema that knows nothing).
func New(org *metadata.Org) *Schema { return &Schema{org: org} }

var _ formula.Schema = (*Schema)(nil)

// Object reports whether the checkout describes the object. Objects known
// only from built-in knowledge do not count: their custom fields cannot be
// known, so unknown custom fields on them must not be errors.
func (s *Schema) Object(name string) (string, bool) {
	obj := s.object(name)
	if obj == nil || obj.Builtin {
		return "", false
	}
	return obj.Name, true
}

func (s *Schema) object(name string) *metadata.Object {
	if s.org == nil {
		return nil
	}
	if obj := s.org.Object(name); obj != nil {
		return obj
	}
	if ns := s.org.Namespace; ns != "" {
		if rest, ok := cutPrefixFold(name, ns+"__"); ok {
			return s.org.Object(rest)
		}
	}
	return nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// lookupField finds a field in the checkout, tolerating the package's own
// namespace prefix (source-format packages store their components without it).
func (s *Schema) lookupField(object, name string) *metadata.Field {
	obj := s.object(object)
	if obj == nil {
		return nil
	}
	if f := obj.Field(name); f != nil {
		return f
	}
	if ns := s.org.Namespace; ns != "" {
		if rest, ok := cutPrefixFold(name, ns+"__"); ok {
			return obj.Field(rest)
		}
	}
	return nil
}

// Field implements formula.Schema.
func (s *Schema) Field(object, name string) (formula.FieldInfo, bool) {
	canonObj := object
	if obj := s.object(object); obj != nil {
		canonObj = obj.Name
	}
	f := s.lookupField(object, name)
	if f == nil {
		// Inside a managed package's own components, its custom names are
		// written without the namespace (agf__ADM_Work__c's rules say
		// Status__c for agf__Status__c).
		if ns := namespaceOf(canonObj); ns != "" && namespaceOf(name) == "" && formula.IsCustomName(name) {
			f = s.lookupField(object, ns+"__"+name)
		}
	}
	if combobox(canonObj, name) {
		// Task.Subject and Event.Subject are comboboxes: picklist values
		// with free text, read as Text by formulas (Object Reference: type
		// combobox), although metadata declares them Picklist.
		return formula.FieldInfo{Name: "Subject", Type: formula.TypeText, Kind: "Combobox"}, true
	}
	if f != nil && f.Type != metadata.TypeUnknown {
		return fieldInfo(f), true
	}
	if sf, ok := metadata.StandardField(canonObj, name); ok && sf != nil && sf.Type != metadata.TypeUnknown {
		return fieldInfo(sf), true
	}
	if fi, ok := fallbackField(canonObj, name); ok {
		return fi, true
	}
	if f != nil {
		// A standard field file without <type> (common in SFDX checkouts):
		// the field exists, its type is unknown.
		return formula.FieldInfo{Name: f.Name, Type: formula.TypeAny, Kind: string(f.Type), Custom: !f.Standard}, true
	}
	return formula.FieldInfo{}, false
}

// Relationship implements formula.Schema: custom relationships by their
// relationshipName (Foo__r) or the lookup field's name, standard ones by
// the lookup field <Name>Id, then by the fallback table.
func (s *Schema) Relationship(object, name string) (string, bool) {
	obj := s.object(object)
	if obj != nil {
		if strings.HasSuffix(strings.ToLower(name), "__r") {
			base := name[:len(name)-3]
			if ns := namespaceOf(obj.Name); ns != "" && namespaceOf(name) == "" {
				if t, ok := s.Relationship(object, ns+"__"+name); ok {
					return t, true
				}
			}
			for _, f := range obj.Fields {
				if len(f.ReferenceTo) == 0 {
					continue
				}
				rel := f.RelationshipName
				if strings.EqualFold(rel, base) || strings.EqualFold(rel, name) || strings.EqualFold(f.Name, base+"__c") {
					return f.ReferenceTo[0], true
				}
				if ns := s.org.Namespace; ns != "" {
					if rest, ok := cutPrefixFold(base, ns+"__"); ok && (strings.EqualFold(rel, rest) || strings.EqualFold(f.Name, rest+"__c")) {
						return f.ReferenceTo[0], true
					}
				}
			}
			return "", false
		}
		if f := s.lookupField(object, name+"Id"); f != nil && len(f.ReferenceTo) > 0 {
			return f.ReferenceTo[0], true
		}
	}
	if sf, ok := metadata.StandardField(objectName(obj, object), name+"Id"); ok && sf != nil && len(sf.ReferenceTo) > 0 {
		return sf.ReferenceTo[0], true
	}
	return fallbackRelationship(objectName(obj, object), name)
}

// namespaceOf returns the managed-package namespace of an API name
// (ns__Name__c → ns), or "".
func namespaceOf(name string) string {
	first := strings.Index(name, "__")
	if first <= 0 || first == strings.LastIndex(name, "__") {
		return ""
	}
	return name[:first]
}

func combobox(object, field string) bool {
	return strings.EqualFold(field, "Subject") && (strings.EqualFold(object, "Task") || strings.EqualFold(object, "Event"))
}

func objectName(obj *metadata.Object, fallback string) string {
	if obj != nil {
		return obj.Name
	}
	return fallback
}

// FormulaType maps a metadata field type to the formula type of its value.
func FormulaType(t metadata.FieldType) formula.Type {
	switch t {
	case metadata.TypeNumber, metadata.TypeCurrency, metadata.TypePercent:
		return formula.TypeNumber
	case metadata.TypeCheckbox:
		return formula.TypeBoolean
	case metadata.TypeDate:
		return formula.TypeDate
	case metadata.TypeDateTime:
		return formula.TypeDateTime
	case metadata.TypeTime:
		return formula.TypeTime
	case metadata.TypePicklist:
		return formula.TypePicklist
	case metadata.TypeMultiselectPicklist:
		return formula.TypeMultiPicklist
	case metadata.TypeText, metadata.TypeTextArea, metadata.TypeLongTextArea, metadata.TypeHTML,
		metadata.TypeEncryptedText, metadata.TypeEmail, metadata.TypePhone, metadata.TypeURL,
		metadata.TypeLookup, metadata.TypeMasterDetail, metadata.TypeHierarchy, metadata.TypeExternalLookup,
		metadata.TypeID, metadata.TypeAutoNumber:
		return formula.TypeText
	case metadata.TypeLocation:
		return formula.TypeGeolocation
	}
	// Roll-up summaries (number or date), Address and unknown types.
	return formula.TypeAny
}

func fieldInfo(f *metadata.Field) formula.FieldInfo {
	fi := formula.FieldInfo{Name: f.Name, Type: FormulaType(f.Type), Kind: string(f.Type), Custom: !f.Standard}
	if f.Type == metadata.TypeSummary && (f.SummaryOperation == "count" || f.SummaryOperation == "sum") {
		fi.Type = formula.TypeNumber
	}
	if f.Picklist != nil {
		for _, v := range f.Picklist.Values {
			fi.Values = append(fi.Values, v.FullName)
		}
	}
	return fi
}
